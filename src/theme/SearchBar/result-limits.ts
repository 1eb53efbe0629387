/**
 * The one setting the search bar reads from the search plugin's generated constants: how many suggestions its
 * dropdown lists. The site's config passes the same number to the plugin (for its search worker), and gives the
 * search bar this file in place of the generated one, which also sets up lunr and its English and Chinese
 * language support for the worker, code no page runs until a reader searches (see `searchBarWithoutLunr` in
 * docusaurus.config.ts).
 */

export const searchResultLimits = 8;

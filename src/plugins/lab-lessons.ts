/**
 * A Docusaurus plugin that tells the site which lesson holds which lab: it reads every English lesson for its
 * `<Lab id="…">` at build time and hands the pages `{ lessons: { <doc id>: <lab id> } }` as global data, so the
 * course sidebar can mark the lessons whose labs are done (src/theme/DocSidebarItem/Link) without a lesson's
 * code in every page. The translations embed the same labs on the same paths (labs/labs.test.ts checks), so
 * one map serves every language.
 */

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { LoadContext, Plugin } from '@docusaurus/types';
import { LAB_LESSONS_PLUGIN, type LabLessons } from '../lab-client/lab-progress';

/** The labs a lesson embeds, outside its code blocks (a listing may quote `<Lab id>` as text). */
export function labsIn(mdx: string): string[] {
  const labs: string[] = [];
  let fence: string | undefined;
  for (const line of mdx.split('\n')) {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (marker !== undefined) {
      if (fence === undefined) fence = marker;
      else if (marker.startsWith(fence)) fence = undefined;
      continue;
    }
    if (fence !== undefined) continue;
    for (const match of line.matchAll(/<Lab\s+id="([a-z0-9-]+)"/g)) if (match[1] !== undefined) labs.push(match[1]);
  }
  return labs;
}

/** Every `.mdx` lesson under `docsDir` that embeds a lab, by doc id (its path without the extension). */
export function labLessons(docsDir: string): LabLessons {
  const lessons: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const entry of readdirSync(path.join(docsDir, dir), { withFileTypes: true })) {
      const relative = path.posix.join(dir, entry.name);
      if (entry.isDirectory()) walk(relative);
      else if (entry.name.endsWith('.mdx')) {
        const [lab] = labsIn(readFileSync(path.join(docsDir, relative), 'utf8'));
        if (lab !== undefined) lessons[relative.replace(/\.mdx$/, '')] = lab;
      }
    }
  };
  walk('.');
  return { lessons };
}

export default function labLessonsPlugin(context: LoadContext): Plugin {
  const docsDir = path.join(context.siteDir, 'docs');
  return {
    name: LAB_LESSONS_PLUGIN,
    // Read here rather than in loadContent, so the data is typed without a cast from Plugin's `unknown` content.
    contentLoaded: async ({ actions }) => actions.setGlobalData(labLessons(docsDir)),
    getPathsToWatch: () => [path.join(docsDir, '**/*.mdx')],
  };
}

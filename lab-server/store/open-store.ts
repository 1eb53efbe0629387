/**
 * Where the lab server opens its progress store: `openProgressStore(dataDir)`, one SQLite file
 * (`PROGRESS_FILE_NAME`) in its data directory. Defined beside the SQLite store; this module names the entry
 * point apart from the store's implementation.
 */

export { openProgressStore, PROGRESS_FILE_NAME } from './sqlite-store';

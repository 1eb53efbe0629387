/**
 * Why the progress store cannot be opened or used, in messages for whoever runs the lab server: they name the
 * file and say what to do, as the class PKI's errors do. The lab server refuses to start on one rather than
 * run without saving progress.
 */

/** The database is not a SQLite file, cannot be opened, or is closed. */
export class StoreError extends Error {
  override readonly name: string = 'StoreError';
}

/** The database was written by a newer lab server, whose schema this one does not know. */
export class StoreVersionError extends StoreError {
  override readonly name = 'StoreVersionError';
}

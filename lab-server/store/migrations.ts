/**
 * The progress database's schema, as an ordered list of migrations: the version a database is at is kept in
 * `PRAGMA user_version` (0 for a new file), and opening a database applies every migration past it in one
 * transaction, so a lab server killed while migrating leaves the file at the version it had. A database newer
 * than this code is refused rather than read: an older lab server cannot know what a newer one wrote.
 *
 * Migrations are append-only: a released one is never edited, a change of schema is a new one at the end.
 */

import type Database from 'better-sqlite3';
import { StoreVersionError } from './store-error';

export interface Migration {
  /** 1, 2, 3, …: the `user_version` a database has once this migration ran. */
  readonly version: number;
  readonly sql: string;
}

/**
 * Version 1. `passes.owner` and `events.owner` do not reference `students`: in local mode the owner is
 * `LOCAL_OWNER`, who never joins, and a foreign key would make every local pass need a fake student row.
 * `removeStudent` deletes a student's passes and events itself, in the same transaction.
 *
 * Tables are STRICT, so a wrong type from a bug is refused by SQLite instead of stored. `passes` and `settings`
 * are WITHOUT ROWID: they are looked up by their primary key only. `events` keeps a rowid as `id`, its order
 * of arrival; the index on (owner, id) serves reading a student's newest events and trimming their oldest.
 */
const V1 = `
CREATE TABLE students (
  id TEXT PRIMARY KEY NOT NULL,
  name TEXT NOT NULL,
  joined_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL
) STRICT;

CREATE TABLE passes (
  owner TEXT NOT NULL,
  lab TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('check', 'question')),
  item TEXT NOT NULL,
  first_passed_at INTEGER NOT NULL,
  PRIMARY KEY (owner, lab, kind, item)
) STRICT, WITHOUT ROWID;

CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  owner TEXT NOT NULL,
  lab TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('check', 'question')),
  item TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'failed', 'passed')),
  at INTEGER NOT NULL
) STRICT;

CREATE INDEX events_by_owner ON events (owner, id);

CREATE TABLE settings (
  key TEXT PRIMARY KEY NOT NULL,
  value TEXT NOT NULL
) STRICT, WITHOUT ROWID;
`;

/**
 * Version 2: how many events each owner has, kept by triggers, so that bounding a history at
 * MAX_EVENTS_PER_OWNER is a look-up and the delete of the one oldest row. Without it each insert had to walk
 * the owner's newest MAX_EVENTS_PER_OWNER index entries to find where to cut (store.bench.ts measured insert
 * rates falling to a quarter for an owner at the bound). Counts of events already there are filled in here.
 */
const V2 = `
CREATE TABLE event_counts (
  owner TEXT PRIMARY KEY NOT NULL,
  count INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

INSERT INTO event_counts (owner, count) SELECT owner, count(*) FROM events GROUP BY owner;

CREATE TRIGGER events_counted_on_insert AFTER INSERT ON events BEGIN
  INSERT INTO event_counts (owner, count) VALUES (NEW.owner, 1)
    ON CONFLICT (owner) DO UPDATE SET count = count + 1;
END;

CREATE TRIGGER events_counted_on_delete AFTER DELETE ON events BEGIN
  UPDATE event_counts SET count = count - 1 WHERE owner = OLD.owner;
  DELETE FROM event_counts WHERE owner = OLD.owner AND count <= 0;
END;
`;

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, sql: V1 },
  { version: 2, sql: V2 },
];

/** The version this code brings a database to. */
export const SCHEMA_VERSION: number = MIGRATIONS.at(-1)?.version ?? 0;

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Brings `db` to `migrations`' last version, in one IMMEDIATE transaction: two lab servers opening the same new
 * file at once do not both migrate it (the second waits, then finds it current). Returns the version the
 * database had before.
 */
export function migrate(db: Database.Database, file: string, migrations: readonly Migration[] = MIGRATIONS): number {
  const known = migrations.at(-1)?.version ?? 0;
  const run = db.transaction((): number => {
    const found = schemaVersion(db);
    if (found > known) {
      throw new StoreVersionError(
        `The progress database ${file} is at schema version ${found}, but this lab server knows versions up to ` +
          `${known}: it was written by a newer lab server, and an older one cannot open it. Run the newer lab ` +
          'server, or move the file away to start with empty progress.',
      );
    }
    for (const migration of migrations) {
      if (migration.version <= found) continue;
      db.exec(migration.sql);
      // PRAGMA takes no bound parameters; the version is an integer from the list above.
      db.pragma(`user_version = ${Math.trunc(migration.version)}`);
    }
    return found;
  });
  return run.immediate();
}

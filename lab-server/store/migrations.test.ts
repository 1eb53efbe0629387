/**
 * The progress database's schema versions, on real files: a new file is brought to the current version, a
 * database at an older version is migrated keeping its rows, a migration that fails leaves the file as it was,
 * opening a current database changes nothing, and a database newer than this lab server or a file that is not
 * a database is refused with a message saying which file and why.
 */

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { MIGRATIONS, type Migration, migrate, SCHEMA_VERSION, schemaVersion } from './migrations';
import { SqliteStore } from './sqlite-store';
import { StoreError, StoreVersionError } from './store-error';

const root = mkdtempSync(path.join(tmpdir(), 'socketlab-migrations-'));
after(() => rmSync(root, { recursive: true, force: true }));

let files = 0;
function freshFile(): string {
  files += 1;
  const dir = path.join(root, `db-${files}`);
  mkdirSync(dir);
  return path.join(dir, 'progress.sqlite');
}

/** The schema as SQLite keeps it: what "nothing changed" compares. */
function schemaOf(db: Database.Database): unknown[] {
  return db.prepare('SELECT type, name, sql FROM sqlite_schema ORDER BY name').all();
}

/** A database at version 1 made by hand, with the v1 SQL, as a lab server of that version left it. */
function versionOneFile(): string {
  const file = freshFile();
  const db = new Database(file);
  const v1 = MIGRATIONS.find((m) => m.version === 1);
  assert.ok(v1);
  db.exec(v1.sql);
  db.pragma('user_version = 1');
  db.prepare('INSERT INTO students VALUES (?, ?, ?, ?)').run('s1', 'Ada', 1, 2);
  db.prepare('INSERT INTO passes VALUES (?, ?, ?, ?, ?)').run('s1', 'tcp-echo', 'check', 'connects', 3);
  const event = db.prepare(
    "INSERT INTO events (owner, lab, kind, item, state, at) VALUES ('s1', 'tcp-echo', 'check', 'connects', ?, ?)",
  );
  for (const [at, state] of ['pending', 'failed', 'passed'].entries()) event.run(state, at + 10);
  db.close();
  return file;
}

describe('progress database migrations', () => {
  it('brings a new file to the current version with every table', async () => {
    const store = await SqliteStore.open(freshFile());
    const db = store.database;
    assert.equal(schemaVersion(db), SCHEMA_VERSION);
    const tables = db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
      .all()
      .map((row) => row.name);
    assert.deepEqual(tables, ['event_counts', 'events', 'passes', 'settings', 'students']);
    await store.close();
  });

  it('migrates a version-1 database made by hand, keeping its rows and counting its events', async () => {
    const file = versionOneFile();
    const store = await SqliteStore.open(file, { maxEventsPerOwner: 3 });
    assert.equal(schemaVersion(store.database), SCHEMA_VERSION);
    assert.deepEqual(await store.students(), [{ id: 's1', name: 'Ada', joinedAt: 1, lastSeenAt: 2 }]);
    assert.equal((await store.passesOf('s1'))[0]?.firstPassedAt, 3);
    // Version 2 counted the three events v1 had: a fourth pushes the oldest out at a bound of three.
    await store.recordEvent({ owner: 's1', lab: 'tcp-echo', kind: 'check', item: 'connects', state: 'passed', at: 20 });
    assert.deepEqual(
      (await store.eventsOf('s1')).map((e) => e.at),
      [11, 12, 20],
    );
    await store.close();
  });

  it('applies only the migrations past the version a database is at, keeping its rows', () => {
    const file = versionOneFile();
    const next: Migration = { version: SCHEMA_VERSION + 1, sql: 'ALTER TABLE students ADD COLUMN note TEXT' };
    const db = new Database(file);
    assert.equal(migrate(db, file, [...MIGRATIONS, next]), 1);
    assert.equal(schemaVersion(db), SCHEMA_VERSION + 1);
    assert.deepEqual(db.prepare('SELECT id, name, note FROM students').all(), [{ id: 's1', name: 'Ada', note: null }]);
    db.close();
  });

  it('leaves the database at its version when a migration fails half-way', () => {
    const file = versionOneFile();
    const broken: Migration = {
      version: SCHEMA_VERSION + 1,
      sql: 'CREATE TABLE half (x INTEGER); SELECT * FROM no_such_table;',
    };
    const db = new Database(file);
    const before = schemaOf(db);
    // Every migration from version 1 runs in the one transaction: the last one failing undoes them all.
    assert.throws(() => migrate(db, file, [...MIGRATIONS, broken]), /no_such_table/);
    assert.equal(schemaVersion(db), 1);
    assert.deepEqual(schemaOf(db), before);
    db.close();
  });

  it('changes nothing when it opens a database that is current', async () => {
    const file = freshFile();
    const first = await SqliteStore.open(file);
    await first.setSetting('joinCode', 'K7Q2');
    const before = schemaOf(first.database);
    await first.close();
    const again = await SqliteStore.open(file);
    assert.deepEqual(schemaOf(again.database), before);
    assert.equal(schemaVersion(again.database), SCHEMA_VERSION);
    assert.equal(migrate(again.database, file), SCHEMA_VERSION);
    assert.equal(await again.setting('joinCode'), 'K7Q2');
    await again.close();
  });

  it('refuses a database written by a newer lab server, saying both versions, and leaves it untouched', async () => {
    const file = freshFile();
    const newer = SCHEMA_VERSION + 7;
    const db = new Database(file);
    db.exec('CREATE TABLE from_the_future (x INTEGER)');
    db.pragma(`user_version = ${newer}`);
    db.close();
    await assert.rejects(SqliteStore.open(file), (error: unknown) => {
      assert.ok(error instanceof StoreVersionError);
      assert.ok(error.message.includes(file));
      assert.ok(error.message.includes(`version ${newer}`));
      assert.ok(error.message.includes(`up to ${SCHEMA_VERSION}`));
      assert.match(error.message, /older one cannot open it/);
      return true;
    });
    const after = new Database(file, { readonly: true });
    assert.equal(schemaVersion(after), newer);
    after.close();
  });

  it('refuses a file that is not a SQLite database, naming it, and does not overwrite it', async () => {
    const file = freshFile();
    const garbage = Buffer.from('this is a progress export, not a database\n'.repeat(200));
    writeFileSync(file, garbage);
    await assert.rejects(SqliteStore.open(file), (error: unknown) => {
      assert.ok(error instanceof StoreError);
      assert.ok(error.message.includes(file));
      assert.match(error.message, /not a SQLite database/);
      return true;
    });
    assert.deepEqual(readFileSync(file), garbage);
  });
});

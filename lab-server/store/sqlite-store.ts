/**
 * The progress store of one lab server: a SQLite file in its data directory, through better-sqlite3. Nothing to
 * install or run beside the lab server, and a write is durable when its promise resolves (see `open`).
 *
 * better-sqlite3 is synchronous: each method runs its statement at once and returns a settled promise. A write
 * takes the time of one fsync of the WAL, which is what "durable before the page shows it green" costs anyway;
 * the interface stays async so that a PostgreSQL store can stand behind it later.
 */

import { closeSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS, type Migration, migrate } from './migrations';
import {
  MAX_EVENTS_PER_OWNER,
  type OwnerId,
  type PassRecord,
  type ProgressEvent,
  type ProgressKind,
  type ProgressStore,
  type StudentRecord,
} from './progress-store';
import { StoreError } from './store-error';

export interface SqliteStoreOptions {
  /** How many events one owner keeps; `MAX_EVENTS_PER_OWNER` unless a test wants a small bound. */
  readonly maxEventsPerOwner?: number;
  /**
   * `FULL` (the default) fsyncs the WAL at every commit: a pass survives a power cut, not only a killed
   * process. `NORMAL` is for the benchmark that measures what FULL costs.
   */
  readonly synchronous?: 'FULL' | 'NORMAL';
  /** How long a write waits for another process holding the database's write lock. */
  readonly busyTimeoutMs?: number;
  /** The schema's migrations (tests of migrating pass their own list). */
  readonly migrations?: readonly Migration[];
}

interface PassRow {
  owner: string;
  lab: string;
  kind: ProgressKind;
  item: string;
  first_passed_at: number;
}

interface EventRow {
  owner: string;
  lab: string;
  kind: ProgressKind;
  item: string;
  state: ProgressEvent['state'];
  at: number;
}

interface StudentRow {
  id: string;
  name: string;
  joined_at: number;
  last_seen_at: number;
}

const DEFAULT_BUSY_TIMEOUT_MS = 5000;

function statementsOf(db: Database.Database) {
  return {
    insertPass: db.prepare<[string, string, string, string, number]>(
      'INSERT INTO passes (owner, lab, kind, item, first_passed_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
    ),
    passesOf: db.prepare<[string], PassRow>(
      'SELECT * FROM passes WHERE owner = ? ORDER BY first_passed_at, lab, kind, item',
    ),
    passesOfLab: db.prepare<[string, string], PassRow>(
      'SELECT * FROM passes WHERE owner = ? AND lab = ? ORDER BY first_passed_at, kind, item',
    ),
    allPasses: db.prepare<[], PassRow>('SELECT * FROM passes ORDER BY first_passed_at, owner, lab, kind, item'),
    insertEvent: db.prepare<[string, string, string, string, string, number]>(
      'INSERT INTO events (owner, lab, kind, item, state, at) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    // The owner's oldest events beyond their newest `max`: their count is kept by triggers (migrations.ts, v2),
    // so this is a look-up and, at the bound, the delete of one row from the front of the (owner, id) index.
    trimEvents: db.prepare<{ owner: string; max: number }>(
      `DELETE FROM events WHERE id IN (
         SELECT id FROM events WHERE owner = :owner ORDER BY id
         LIMIT max(0, coalesce((SELECT count FROM event_counts WHERE owner = :owner), 0) - :max))`,
    ),
    eventsOf: db.prepare<{ owner: string; limit: number }, EventRow>(
      `SELECT * FROM (SELECT * FROM events WHERE owner = :owner ORDER BY id DESC LIMIT :limit) ORDER BY id`,
    ),
    eventsOfLab: db.prepare<{ owner: string; lab: string; limit: number }, EventRow>(
      `SELECT * FROM (SELECT * FROM events WHERE owner = :owner AND lab = :lab ORDER BY id DESC LIMIT :limit)
       ORDER BY id`,
    ),
    resetPasses: db.prepare<[string, string]>('DELETE FROM passes WHERE owner = ? AND lab = ?'),
    resetEvents: db.prepare<[string, string]>('DELETE FROM events WHERE owner = ? AND lab = ?'),
    insertStudent: db.prepare<[string, string, number, number]>(
      `INSERT INTO students (id, name, joined_at, last_seen_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, last_seen_at = excluded.last_seen_at`,
    ),
    student: db.prepare<[string], StudentRow>('SELECT * FROM students WHERE id = ?'),
    students: db.prepare<[], StudentRow>('SELECT * FROM students ORDER BY joined_at, rowid'),
    touchStudent: db.prepare<[number, string]>('UPDATE students SET last_seen_at = max(last_seen_at, ?) WHERE id = ?'),
    deleteStudent: db.prepare<[string]>('DELETE FROM students WHERE id = ?'),
    deleteOwnerPasses: db.prepare<[string]>('DELETE FROM passes WHERE owner = ?'),
    deleteOwnerEvents: db.prepare<[string]>('DELETE FROM events WHERE owner = ?'),
    setting: db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?'),
    setSetting: db.prepare<[string, string]>(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    ),
  };
}

type Statements = ReturnType<typeof statementsOf>;

function passOf(row: PassRow): PassRecord {
  return { owner: row.owner, lab: row.lab, kind: row.kind, item: row.item, firstPassedAt: row.first_passed_at };
}

function eventOf(row: EventRow): ProgressEvent {
  return { owner: row.owner, lab: row.lab, kind: row.kind, item: row.item, state: row.state, at: row.at };
}

function studentOf(row: StudentRow): StudentRecord {
  return { id: row.id, name: row.name, joinedAt: row.joined_at, lastSeenAt: row.last_seen_at };
}

export class SqliteStore implements ProgressStore {
  readonly #file: string;
  readonly #maxEvents: number;
  #db: Database.Database | undefined;
  readonly #statements: Statements;
  readonly #recordEvent: (event: ProgressEvent) => void;
  readonly #resetLab: (owner: OwnerId, lab: string) => void;
  readonly #removeStudent: (id: OwnerId) => void;

  /**
   * Opens (and creates, with its directory) the database at `file`, or an in-memory one for ':memory:', and
   * brings its schema to the current version.
   *
   * synchronous=FULL: in WAL mode NORMAL already survives a killed process, but not a power cut or a kernel
   * panic, since the WAL is fsynced only at checkpoints; FULL fsyncs it at every commit. store.bench.ts measured
   * what that costs on a 2-core VM: 400–1000 recordPass/s with FULL against ~24 000/s with NORMAL, so 1–2.5 ms a
   * write. A classroom of a hundred students passing a check a minute each makes two writes a second, so FULL
   * costs nothing anyone notices and keeps the contract's "durable" literally.
   */
  static async open(file: string, options: SqliteStoreOptions = {}): Promise<SqliteStore> {
    const inMemory = file === ':memory:';
    if (!inMemory) {
      mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      // Readable by the lab server's user only: it holds students' names and the instructor's token hash.
      // SQLite gives its -wal and -shm files the database file's mode, so creating this one is enough; an empty
      // file is an empty database to SQLite. An existing file keeps its mode.
      closeSync(openSync(file, 'a', 0o600));
    }
    let db: Database.Database;
    try {
      db = new Database(file);
    } catch (error) {
      throw new StoreError(`Cannot open the progress database ${file}: ${messageOf(error)}`, { cause: error });
    }
    try {
      // busy_timeout first: switching to WAL and migrating need the write lock another process may hold.
      db.pragma(`busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS)}`);
      if (!inMemory) db.pragma('journal_mode = WAL');
      db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
      db.pragma('foreign_keys = ON');
      migrate(db, file, options.migrations ?? MIGRATIONS);
      return new SqliteStore(file, db, options.maxEventsPerOwner ?? MAX_EVENTS_PER_OWNER);
    } catch (error) {
      db.close();
      if (error instanceof Error && 'code' in error && error.code === 'SQLITE_NOTADB') {
        throw new StoreError(
          `The progress file ${file} is not a SQLite database. Move it away (the lab server then starts with ` +
            'empty progress) or restore it from a backup.',
          { cause: error },
        );
      }
      if (error instanceof StoreError) throw error;
      throw new StoreError(`Cannot open the progress database ${file}: ${messageOf(error)}`, { cause: error });
    }
  }

  private constructor(file: string, db: Database.Database, maxEventsPerOwner: number) {
    this.#file = file;
    this.#db = db;
    this.#maxEvents = maxEventsPerOwner;
    const s = statementsOf(db);
    this.#statements = s;
    this.#recordEvent = db.transaction((event: ProgressEvent) => {
      s.insertEvent.run(event.owner, event.lab, event.kind, event.item, event.state, event.at);
      s.trimEvents.run({ owner: event.owner, max: this.#maxEvents });
    });
    this.#resetLab = db.transaction((owner: OwnerId, lab: string) => {
      s.resetPasses.run(owner, lab);
      s.resetEvents.run(owner, lab);
    });
    this.#removeStudent = db.transaction((id: OwnerId) => {
      s.deleteOwnerPasses.run(id);
      s.deleteOwnerEvents.run(id);
      s.deleteStudent.run(id);
    });
  }

  /** The file this store keeps, for messages. */
  get file(): string {
    return this.#file;
  }

  /** The open database, for tests that look at the file itself (integrity, pragmas). */
  get database(): Database.Database {
    return this.#open();
  }

  async recordPass(pass: Omit<PassRecord, 'firstPassedAt'> & { readonly at: number }): Promise<boolean> {
    this.#open();
    // One statement is its own transaction; ON CONFLICT DO NOTHING keeps the first time.
    return this.#statements.insertPass.run(pass.owner, pass.lab, pass.kind, pass.item, pass.at).changes === 1;
  }

  async passesOf(owner: OwnerId, lab?: string): Promise<PassRecord[]> {
    this.#open();
    const rows =
      lab === undefined ? this.#statements.passesOf.all(owner) : this.#statements.passesOfLab.all(owner, lab);
    return rows.map(passOf);
  }

  async allPasses(): Promise<PassRecord[]> {
    this.#open();
    return this.#statements.allPasses.all().map(passOf);
  }

  async recordEvent(event: ProgressEvent): Promise<void> {
    this.#open();
    this.#recordEvent(event);
  }

  async eventsOf(
    owner: OwnerId,
    options: { readonly lab?: string; readonly limit?: number } = {},
  ): Promise<ProgressEvent[]> {
    this.#open();
    const limit = Math.max(0, Math.min(Math.trunc(options.limit ?? this.#maxEvents), this.#maxEvents));
    const rows =
      options.lab === undefined
        ? this.#statements.eventsOf.all({ owner, limit })
        : this.#statements.eventsOfLab.all({ owner, lab: options.lab, limit });
    return rows.map(eventOf);
  }

  async resetLab(owner: OwnerId, lab: string): Promise<void> {
    this.#open();
    this.#resetLab(owner, lab);
  }

  /** Adding a student id again (a rejoin) takes the new name and last-seen time and keeps when they first joined. */
  async addStudent(student: StudentRecord): Promise<void> {
    this.#open();
    this.#statements.insertStudent.run(student.id, student.name, student.joinedAt, student.lastSeenAt);
  }

  async student(id: OwnerId): Promise<StudentRecord | undefined> {
    this.#open();
    const row = this.#statements.student.get(id);
    return row === undefined ? undefined : studentOf(row);
  }

  async students(): Promise<StudentRecord[]> {
    this.#open();
    return this.#statements.students.all().map(studentOf);
  }

  async touchStudent(id: OwnerId, at: number): Promise<void> {
    this.#open();
    this.#statements.touchStudent.run(at, id);
  }

  async removeStudent(id: OwnerId): Promise<void> {
    this.#open();
    this.#removeStudent(id);
  }

  async setting(key: string): Promise<string | undefined> {
    this.#open();
    return this.#statements.setting.get(key)?.value;
  }

  async setSetting(key: string, value: string): Promise<void> {
    this.#open();
    this.#statements.setSetting.run(key, value);
  }

  async close(): Promise<void> {
    const db = this.#db;
    this.#db = undefined;
    db?.close();
  }

  #open(): Database.Database {
    if (this.#db === undefined) {
      throw new StoreError(`The progress database ${this.#file} is closed.`);
    }
    return this.#db;
  }
}

/** The file a lab server keeps progress in, in its data directory (beside the class PKI). */
export const PROGRESS_FILE_NAME = 'progress.sqlite';

/**
 * The progress store a lab server opens at start: `<dataDir>/progress.sqlite`, with SQLite's
 * `progress.sqlite-wal` and `progress.sqlite-shm` beside it while it runs. Back up the three together, or the
 * one file after the lab server stopped.
 */
export function openProgressStore(dataDir: string): Promise<ProgressStore> {
  return SqliteStore.open(path.join(dataDir, PROGRESS_FILE_NAME));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * What the lab server keeps of students' work across restarts: who joined a classroom, which checks and
 * questions each student passed and when first, and how their checks moved (an instructor's drill-down reads
 * that). One lab server keeps it in SQLite in its data directory (sqlite-store.ts); the interface is async and
 * this small so that a later deployment of several lab servers can keep it in PostgreSQL instead.
 *
 * Every write resolves only once it is durable: a page is told that a check passed after `recordPass`
 * resolved, so a lab server killed with SIGKILL right after loses nothing a student saw green.
 */

/**
 * Whose progress: in local mode the one student at this machine (`LOCAL_OWNER`), in a classroom a joined
 * student's id.
 */
export type OwnerId = string;

/** The one student of a lab server in local mode. */
export const LOCAL_OWNER: OwnerId = 'local';

/** What a lab grades: its checks, and its capture questions. */
export type ProgressKind = 'check' | 'question';

export interface StudentRecord {
  readonly id: OwnerId;
  /** As the student typed it: text, never markup. */
  readonly name: string;
  /** Milliseconds since the epoch, as every time here. */
  readonly joinedAt: number;
  readonly lastSeenAt: number;
}

/** A check or question that a student passed, with the time they first did. */
export interface PassRecord {
  readonly owner: OwnerId;
  readonly lab: string;
  readonly kind: ProgressKind;
  /** The check's or question's id within its lab. */
  readonly item: string;
  readonly firstPassedAt: number;
}

/** One change of a check's or question's state in a student's session: their work over time. */
export interface ProgressEvent {
  readonly owner: OwnerId;
  readonly lab: string;
  readonly kind: ProgressKind;
  readonly item: string;
  readonly state: 'pending' | 'failed' | 'passed';
  readonly at: number;
}

export interface ProgressStore {
  /**
   * Records that `owner` passed `item`; a second pass of the same item keeps the first time. Resolves once
   * durable, with whether this was the first pass.
   */
  recordPass(pass: Omit<PassRecord, 'firstPassedAt'> & { readonly at: number }): Promise<boolean>;
  /** Every pass of `owner`, of one lab or of all, oldest first. */
  passesOf(owner: OwnerId, lab?: string): Promise<PassRecord[]>;
  /** Every pass of every student (the grades export, the roster). */
  allPasses(): Promise<PassRecord[]>;
  /** Appends a state change; each owner keeps only their newest `MAX_EVENTS_PER_OWNER`. */
  recordEvent(event: ProgressEvent): Promise<void>;
  /** `owner`'s state changes, newest last, at most `limit` (and at most `MAX_EVENTS_PER_OWNER`). */
  eventsOf(owner: OwnerId, options?: { readonly lab?: string; readonly limit?: number }): Promise<ProgressEvent[]>;
  /** Forgets `owner`'s passes and events in `lab`: the instructor's "reset this lab". */
  resetLab(owner: OwnerId, lab: string): Promise<void>;

  addStudent(student: StudentRecord): Promise<void>;
  student(id: OwnerId): Promise<StudentRecord | undefined>;
  /** Every student, in the order they joined. */
  students(): Promise<StudentRecord[]>;
  touchStudent(id: OwnerId, at: number): Promise<void>;
  /** Removes a student with all their progress. */
  removeStudent(id: OwnerId): Promise<void>;

  /** The classroom's own values: join code, whether joining is open, the instructor's token hash, … */
  setting(key: string): Promise<string | undefined>;
  setSetting(key: string, value: string): Promise<void>;

  /** Closes the database; later calls reject. */
  close(): Promise<void>;
}

/** How many state changes one student's history keeps: enough for a term, bounded against a looping program. */
export const MAX_EVENTS_PER_OWNER = 5000;

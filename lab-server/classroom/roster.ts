/**
 * The classroom's roster: every joined student with what they passed (from the progress store), whether a
 * page of theirs is in a lab now and which (from the live sessions), and whether they are stuck
 * (stuck-checks.ts). The instructor feed shows it whole once, then follows `onChange`: a student's row changes
 * when they join, open or leave a lab, pass something, or become stuck, and rows are rebuilt at most once per
 * `DEBOUNCE_MS` each, so a program that makes a check flap costs one row now and then, not a flood.
 */

import type { Disposable } from '../../src/common/disposable';
import { Emitter, type Event } from '../../src/common/emitter';
import { type Locale, pick } from '../../src/common/localized';
import type { LabDefinition } from '../../src/lab-kit';
import type { RosterLab, RosterStudent, StuckCheck } from '../../src/protocol';
import type { SessionActivity, SessionRegistry } from '../sessions/session-registry';
import type { OwnerId, PassRecord, ProgressStore, StudentRecord } from '../store/progress-store';
import { StuckChecks } from './stuck-checks';

/** Rows are rebuilt at most this often per student. */
const DEBOUNCE_MS = 250;
/** How often the roster looks whether someone became stuck by time alone. */
const STUCK_SCAN_MS = 15_000;

export type RosterChange =
  | { readonly type: 'student'; readonly id: OwnerId }
  | { readonly type: 'removed'; readonly id: OwnerId };

export interface RosterOptions {
  readonly store: ProgressStore;
  readonly labs: readonly LabDefinition[];
  readonly sessions: SessionRegistry;
  /** A student counts as stuck after this long in a lab without a new pass (`STUCK_MINUTES`). */
  readonly stuckAfterMs: number;
  readonly clock?: () => number;
}

export class Roster implements Disposable {
  readonly #options: RosterOptions;
  readonly #clock: () => number;
  readonly #stuck = new StuckChecks();
  /** The lab each student's page attached to last, for "in which lab now". */
  readonly #lastLab = new Map<OwnerId, string>();
  /** What the last row said of being stuck, so the scan reports only changes. */
  readonly #reportedStuck = new Map<OwnerId, string>();
  /** The checks each student had passed when their row was last built, for the scan. */
  readonly #passedChecks = new Map<OwnerId, Record<string, Record<string, number>>>();
  readonly #pending = new Set<OwnerId>();
  readonly #onChange = new Emitter<RosterChange>();
  readonly #subscription: Disposable;
  readonly #scan: NodeJS.Timeout;
  #flush: NodeJS.Timeout | undefined;

  readonly onChange: Event<RosterChange> = this.#onChange.event;

  constructor(options: RosterOptions) {
    this.#options = options;
    this.#clock = options.clock ?? Date.now;
    this.#subscription = options.sessions.onActivity((activity) => this.#activity(activity));
    this.#scan = setInterval(() => this.#scanStuck(), STUCK_SCAN_MS);
    this.#scan.unref();
  }

  get stuckAfterMs(): number {
    return this.#options.stuckAfterMs;
  }

  /** The course's labs as the grid's column groups, titled in `locale`. */
  labs(locale: Locale): RosterLab[] {
    return this.#options.labs.map((lab) => ({
      id: lab.id,
      title: pick(lab.title, locale),
      checks: lab.checks.map((check) => ({ id: check.id, title: pick(check.title, locale) })),
      questions: (lab.questions ?? []).map((question) => ({ id: question.id, title: pick(question.prompt, locale) })),
    }));
  }

  /** Every student, in the order they joined. */
  async students(): Promise<RosterStudent[]> {
    const [students, passes] = await Promise.all([this.#options.store.students(), this.#options.store.allPasses()]);
    const byOwner = new Map<OwnerId, PassRecord[]>();
    for (const pass of passes) {
      const list = byOwner.get(pass.owner);
      if (list === undefined) byOwner.set(pass.owner, [pass]);
      else list.push(pass);
    }
    return students.map((student) => this.#row(student, byOwner.get(student.id) ?? []));
  }

  async student(id: OwnerId): Promise<RosterStudent | undefined> {
    const student = await this.#options.store.student(id);
    if (student === undefined) return undefined;
    return this.#row(student, await this.#options.store.passesOf(id));
  }

  /** Something about `id` changed outside the sessions (a join, a reset): their row is sent again. */
  changed(id: OwnerId): void {
    this.#pending.add(id);
    this.#flush ??= setTimeout(() => this.#flushPending(), DEBOUNCE_MS);
  }

  /** The student left or was removed: their row goes, and nothing of them is kept here. */
  removed(id: OwnerId): void {
    this.#pending.delete(id);
    this.#stuck.forget(id);
    this.#lastLab.delete(id);
    this.#reportedStuck.delete(id);
    this.#passedChecks.delete(id);
    this.#onChange.fire({ type: 'removed', id });
  }

  /** The instructor reset one lab of `id`'s: their clock in it starts again. */
  reset(id: OwnerId, lab: string): void {
    this.#stuck.forget(id, lab);
    this.changed(id);
  }

  dispose(): void {
    this.#subscription.dispose();
    clearInterval(this.#scan);
    clearTimeout(this.#flush);
    this.#onChange.clear();
  }

  #row(student: StudentRecord, passes: readonly PassRecord[]): RosterStudent {
    const now = this.#clock();
    const live = this.#options.sessions.ofOwner(student.id);
    const attached = live.filter((session) => session.attached);
    const last = this.#lastLab.get(student.id);
    const lab = attached.some((session) => session.lab.id === last) ? last : attached.at(-1)?.lab.id;
    const checks: Record<string, Record<string, number>> = {};
    const questions: Record<string, Record<string, number>> = {};
    for (const pass of passes) {
      const table = pass.kind === 'check' ? checks : questions;
      const times = table[pass.lab] ?? {};
      times[pass.item] = pass.firstPassedAt;
      table[pass.lab] = times;
    }
    const activity = Math.max(student.lastSeenAt, ...live.map((session) => session.lastActivityAt));
    const stuck = this.#stuckOf(student.id, now, checks);
    this.#reportedStuck.set(student.id, stuckKey(stuck));
    this.#passedChecks.set(student.id, checks);
    return {
      id: student.id,
      name: student.name,
      joinedAt: student.joinedAt,
      lastSeenAt: activity,
      online: attached.length > 0,
      lab,
      sessions: live.length,
      checks,
      questions,
      stuck,
    };
  }

  #stuckOf(id: OwnerId, now: number, passed: Record<string, Record<string, number>>): StuckCheck | undefined {
    return this.#stuck.stuck(id, now, this.#options.stuckAfterMs, (labId) => {
      const lab = this.#options.labs.find((candidate) => candidate.id === labId);
      const done = passed[labId] ?? {};
      return (lab?.checks ?? []).map((check) => check.id).filter((check) => done[check] === undefined);
    });
  }

  #activity(activity: SessionActivity): void {
    const { session } = activity;
    const owner = session.owner;
    const lab = session.lab.id;
    const now = this.#clock();
    if (activity.kind === 'message') {
      const { message } = activity;
      if (message.type === 'check') {
        this.#stuck.changed(owner, lab, message.check.id, message.check.state, now);
        if (message.check.state !== 'pending') this.changed(owner);
      } else if (message.type === 'question' && message.question.state === 'passed') {
        this.#stuck.changed(owner, lab, message.question.id, 'passed', now);
        this.changed(owner);
      }
      return;
    }
    if (activity.kind === 'presence' && session.attached) {
      this.#lastLab.set(owner, lab);
      this.#stuck.opened(owner, lab, now);
    } else if (activity.kind !== 'started') {
      // Detached or ended: still in this lab only if another page of theirs is.
      const still = this.#options.sessions
        .ofOwner(owner)
        .some((other) => other !== session && other.attached && other.lab.id === lab);
      if (!still) this.#stuck.closed(owner, lab);
    }
    this.changed(owner);
  }

  #flushPending(): void {
    this.#flush = undefined;
    const ids = [...this.#pending];
    this.#pending.clear();
    for (const id of ids) this.#onChange.fire({ type: 'student', id });
  }

  /** Rows whose "stuck" would now read differently, by time alone. */
  #scanStuck(): void {
    if (this.#onChange.size === 0) return;
    const now = this.#clock();
    for (const [id, reported] of this.#reportedStuck) {
      const stuck = this.#stuckOf(id, now, this.#passedChecks.get(id) ?? {});
      if (stuckKey(stuck) !== reported) this.changed(id);
    }
  }
}

function stuckKey(stuck: StuckCheck | undefined): string {
  return stuck === undefined ? '' : `${stuck.lab}/${stuck.check}`;
}

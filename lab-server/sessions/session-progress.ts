/**
 * What a session tells its page about checks and questions, and what it keeps of them. A check that passed, or
 * a question answered right, is written to the progress store first and shown green only once the write
 * resolved, so a lab server killed right after loses nothing a student saw green. Every check and question
 * message goes through one promise chain, so the page gets them in the order they happened, a pass that is
 * being saved holding back only what comes after it. A write that fails takes the pass back: the page is told
 * why (LAB_ERR_PROGRESS_NOT_SAVED) and the check is evaluated again at the next piece of work.
 *
 * A session of a lab the student already passed parts of starts with those parts passed (`restore`).
 */

import { type Locale, localized, pick } from '../../src/common/localized';
import { type CheckStatus, ERRORS, type QuestionStatus, type ServerMessage } from '../../src/protocol';
import { checkInLocale, type GradedCheck, type Grader } from '../grading/grader';
import { type JudgedQuestion, type QuestionBoard, questionInLocale } from '../grading/question-board';
import { log } from '../log';
import type { OwnerId, PassRecord, ProgressKind, ProgressStore } from '../store/progress-store';

/** A pass not saved after this long counts as not saved: the page is not kept waiting on a stuck store. */
const SAVE_TIMEOUT_MS = 5000;
/**
 * State-change writes in flight at once; beyond that they are dropped (and logged), so a program that makes a
 * check flap cannot queue writes without bound. Passes are never dropped.
 */
const MAX_EVENTS_IN_FLIGHT = 32;

/** "2 Dec 18:44": day, month and time in the lab server's time zone. */
function dayAndTime(at: number, locale: string, month: 'short' | 'numeric'): Record<string, string> {
  const parts = new Intl.DateTimeFormat(locale, {
    day: 'numeric',
    month,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  return Object.fromEntries(parts.map((part) => [part.type, part.value]));
}

const TEXT = localized({
  en: {
    earlier: (at: number) => {
      const { day, month, hour, minute } = dayAndTime(at, 'en-GB', 'short');
      return `Passed on ${day} ${month} ${hour}:${minute}, in an earlier session.`;
    },
    checkNotSaved:
      'You passed this check, but the lab server could not save it, so it does not count yet. Do it once more; if this persists, tell whoever runs the lab server.',
    questionNotSaved:
      'Right, but the lab server could not save the answer, so it does not count yet. Send it once more; if this persists, tell whoever runs the lab server.',
  },
  'zh-Hans': {
    earlier: (at) => {
      const { day, month, hour, minute } = dayAndTime(at, 'zh-Hans', 'numeric');
      return `已在 ${month}月${day}日 ${hour}:${minute} 的一次实验中通过。`;
    },
    checkNotSaved:
      '这项检查你已经做到了，但实验服务器没能把它保存下来，所以暂时不算数。请再做一次；如果一直这样，请告诉实验服务器的管理员。',
    questionNotSaved:
      '答对了，但实验服务器没能保存这个答案，所以暂时不算数。请再提交一次；如果一直这样，请告诉实验服务器的管理员。',
  },
});

export interface SessionProgressOptions {
  /** Undefined: nothing is kept (a lab server without a store); checks are shown as they are graded. */
  readonly store: ProgressStore | undefined;
  readonly owner: OwnerId;
  readonly lab: string;
  readonly grader: Grader;
  readonly questions: QuestionBoard;
  /** The page attached now, if any, and the language it reads. */
  readonly send: (message: ServerMessage) => void;
  readonly locale: () => Locale;
}

export class SessionProgress {
  readonly #options: SessionProgressOptions;
  /**
   * What a page attaching now is shown, by id: every change at once, but a pass only once it is saved — so a
   * welcome built while a message waits in the chain is never greener than the store.
   */
  readonly #checks = new Map<string, GradedCheck>();
  readonly #questions = new Map<string, JudgedQuestion>();
  #chain: Promise<void> = Promise.resolve();
  /** State-change writes not yet resolved. */
  readonly #events = new Set<Promise<void>>();

  constructor(options: SessionProgressOptions) {
    this.#options = options;
    for (const check of options.grader.statuses()) this.#checks.set(check.id, check);
    for (const question of options.questions.statuses()) this.#questions.set(question.id, question);
  }

  /**
   * Marks what `owner` passed in earlier sessions of this lab as passed, before the first evaluation. A store
   * that cannot be read leaves the session to start afresh (and says so in the log): nothing is shown wrongly.
   */
  async restore(): Promise<void> {
    const { store, owner, lab, grader, questions } = this.#options;
    if (store === undefined) return;
    let passes: PassRecord[];
    try {
      passes = await store.passesOf(owner, lab);
    } catch (error) {
      log(`progress of ${owner} in ${lab} not read: ${reason(error)}`);
      return;
    }
    for (const pass of passes) {
      if (pass.kind === 'check') grader.restore(pass.item, TEXT.earlier(pass.firstPassedAt));
      else questions.restore(pass.item, TEXT.earlier(pass.firstPassedAt));
    }
    for (const check of grader.statuses()) this.#checks.set(check.id, check);
    for (const question of questions.statuses()) this.#questions.set(question.id, question);
  }

  /** The checks as the page has been told them, in the lab's order. */
  checks(locale: Locale): CheckStatus[] {
    return this.#options.grader.statuses().map((check) => checkInLocale(this.#checks.get(check.id) ?? check, locale));
  }

  questions(locale: Locale): QuestionStatus[] {
    return this.#options.questions
      .statuses()
      .map((question) => questionInLocale(this.#questions.get(question.id) ?? question, locale));
  }

  /** The grader reported a change: save a pass, then tell the page. */
  checkChanged(check: GradedCheck): void {
    const at = Date.now();
    if (check.state !== 'passed') this.#checks.set(check.id, check);
    this.#enqueue(async () => {
      this.#recordEvent('check', check.id, check.state, at);
      if (check.state === 'passed' && !(await this.#save('check', check.id, at))) {
        const retracted = this.#options.grader.retract(check.id, 'failed', TEXT.checkNotSaved) ?? check;
        this.#tellCheck(retracted);
        return;
      }
      this.#tellCheck(check);
    });
  }

  questionChanged(question: JudgedQuestion): void {
    const at = Date.now();
    if (question.state !== 'passed') this.#questions.set(question.id, question);
    this.#enqueue(async () => {
      this.#recordEvent('question', question.id, question.state, at);
      if (question.state === 'passed' && !(await this.#save('question', question.id, at))) {
        this.#tellQuestion(this.#options.questions.retract(question.id, TEXT.questionNotSaved) ?? question);
        return;
      }
      this.#tellQuestion(question);
    });
  }

  /**
   * Resolves once every message queued so far went out and every write resolved: the session awaits it as it
   * ends, so its last passes are in the store before the lab server closes the store (bounded by the timeout).
   */
  async dispose(): Promise<void> {
    await this.#chain;
    await within(Promise.allSettled(this.#events), SAVE_TIMEOUT_MS).catch(() => undefined);
  }

  #enqueue(step: () => Promise<void>): void {
    this.#chain = this.#chain.then(step).catch((error: unknown) => log(`progress message failed: ${reason(error)}`));
  }

  #tellCheck(check: GradedCheck): void {
    this.#checks.set(check.id, check);
    this.#options.send({ type: 'check', check: checkInLocale(check, this.#options.locale()) });
  }

  #tellQuestion(question: JudgedQuestion): void {
    this.#questions.set(question.id, question);
    this.#options.send({ type: 'question', question: questionInLocale(question, this.#options.locale()) });
  }

  /** Whether the pass is durable; a failure is logged and told to the page (not fatal: the session goes on). */
  async #save(kind: ProgressKind, item: string, at: number): Promise<boolean> {
    const { store, owner, lab } = this.#options;
    if (store === undefined) return true;
    try {
      await within(store.recordPass({ owner, lab, kind, item, at }), SAVE_TIMEOUT_MS);
      return true;
    } catch (error) {
      // The reason goes to the log only: it names the database file on the lab server's disk.
      log(`pass of ${owner} in ${lab} (${kind} ${item}) not saved: ${reason(error)}`);
      this.#sendError();
      return false;
    }
  }

  #sendError(): void {
    const code = 'LAB_ERR_PROGRESS_NOT_SAVED';
    this.#options.send({ type: 'error', code, message: pick(ERRORS[code], this.#options.locale()), fatal: false });
  }

  /** Not awaited: a state change is history for the instructor, not something the page waits on. */
  #recordEvent(kind: ProgressKind, item: string, state: GradedCheck['state'], at: number): void {
    const { store, owner, lab } = this.#options;
    if (store === undefined) return;
    if (this.#events.size >= MAX_EVENTS_IN_FLIGHT) {
      log(`state change of ${owner} in ${lab} (${kind} ${item} ${state}) dropped: too many writes in flight`);
      return;
    }
    const write = store
      .recordEvent({ owner, lab, kind, item, state, at })
      .catch((error: unknown) => log(`state change of ${owner} in ${lab} not saved: ${reason(error)}`))
      .finally(() => this.#events.delete(write));
    this.#events.add(write);
  }
}

/** `promise`, or a rejection once `ms` passed without it settling. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer from the store within ${ms / 1000} s`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

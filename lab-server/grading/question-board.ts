/**
 * The capture questions of one session. An answer is judged against the session's own packets; an answer
 * given before the packets it needs were captured stays `pending` and is judged again as packets arrive. A
 * question answered right stays right.
 */

import { Emitter, type Event } from '../../src/common/emitter';
import { type Locale, type Localized, localized, pick, sameText, verbatim } from '../../src/common/localized';
import type { CheckContext, QuestionDefinition } from '../../src/lab-kit';
import type { CheckState, QuestionStatus } from '../../src/protocol';
import { LabError } from '../../src/protocol';

/** A question's state with its texts in every language; `questionInLocale` makes the wire's `QuestionStatus` of it. */
export interface JudgedQuestion {
  readonly id: string;
  readonly prompt: Localized;
  readonly format: Localized;
  readonly state: CheckState;
  readonly detail: Localized;
  /** The student's last answer, as typed. */
  readonly answer: string;
}

export function questionInLocale(question: JudgedQuestion, locale: Locale): QuestionStatus {
  return {
    ...question,
    prompt: pick(question.prompt, locale),
    format: pick(question.format, locale),
    detail: pick(question.detail, locale),
  };
}

const TEXT = localized({
  en: {
    empty: 'Type an answer first.',
    unknown: (id: string) => `This lab has no question "${id}".`,
    crashed: (reason: string) => `This question failed to check your answer (${reason}).`,
  },
  'zh-Hans': {
    empty: '请先输入答案。',
    unknown: (id) => `这个实验没有 "${id}" 这个问题。`,
    crashed: (reason) => `检查你的答案时出错（${reason}）。`,
  },
});

export class QuestionBoard {
  readonly #questions: readonly QuestionDefinition[];
  readonly #status = new Map<string, JudgedQuestion>();
  readonly #onChange = new Emitter<JudgedQuestion>();

  readonly onChange: Event<JudgedQuestion> = this.#onChange.event;

  constructor(questions: readonly QuestionDefinition[]) {
    this.#questions = questions;
    for (const question of questions) {
      this.#status.set(question.id, {
        id: question.id,
        prompt: question.prompt,
        format: question.format,
        state: 'pending',
        detail: verbatim(''),
        answer: '',
      });
    }
  }

  statuses(): JudgedQuestion[] {
    return this.#questions.map((question) => this.#status.get(question.id)!);
  }

  /** Marks a question answered right without an answer here, saying why (an earlier session). Fires nothing. */
  restore(id: string, detail: Localized): void {
    const current = this.#status.get(id);
    if (current !== undefined) this.#status.set(id, { ...current, state: 'passed', detail });
  }

  /**
   * Takes a right answer back (it could not be saved): the question shows `detail`, keeps the answer, and is
   * judged again when the student answers again. Fires nothing: the caller tells the page.
   */
  retract(id: string, detail: Localized): JudgedQuestion | undefined {
    const current = this.#status.get(id);
    if (current === undefined) return undefined;
    const retracted: JudgedQuestion = { ...current, state: 'failed', detail };
    this.#status.set(id, retracted);
    return retracted;
  }

  /** Judges a student's answer now, and always reports the question's state back (even when unchanged). */
  answer(id: string, value: string, context: CheckContext): JudgedQuestion {
    const question = this.#questions.find((candidate) => candidate.id === id);
    if (question === undefined) {
      throw new LabError('LAB_ERR_ANSWER_UNKNOWN', TEXT.unknown(id.slice(0, 40)));
    }
    const status = this.#judge(question, value.trim(), context);
    this.#status.set(id, status);
    this.#onChange.fire(status);
    return status;
  }

  /** New packets: answers that could not be judged yet are judged again. */
  reconsider(context: CheckContext): void {
    for (const question of this.#questions) {
      const current = this.#status.get(question.id)!;
      if (current.state !== 'pending' || current.answer === '') continue;
      const next = this.#judge(question, current.answer, context);
      if (next.state !== current.state || !sameText(next.detail, current.detail)) {
        this.#status.set(question.id, next);
        this.#onChange.fire(next);
      }
    }
  }

  dispose(): void {
    this.#onChange.clear();
  }

  #judge(question: QuestionDefinition, answer: string, context: CheckContext): JudgedQuestion {
    const previous = this.#status.get(question.id)!;
    if (previous.state === 'passed') return { ...previous };
    if (answer === '') return { ...previous, state: 'pending', detail: TEXT.empty, answer };
    try {
      const verdict = question.evaluate(context, answer);
      return { ...previous, state: verdict.state, detail: verdict.detail, answer };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { ...previous, state: 'failed', detail: TEXT.crashed(reason), answer };
    }
  }
}

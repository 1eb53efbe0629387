/**
 * The lab's capture questions ("What sequence number did the server's SYN-ACK carry?"), each a small form: the
 * question, an answer field with the expected form as its hint, a Check button, and the lab server's verdict
 * with its sentence of explanation, marked like the checks (pending, passed, failed). The student's last answer
 * comes back with the session, so a reloaded page shows it filled in. Shown only when the lab has questions.
 * Without a packet capture the questions cannot be answered, and they say so — greyed out, with the reason the
 * capture gives — rather than simply refusing every answer.
 */

import clsx from 'clsx';
import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import type { Localized } from '../../common/localized';
import { passedCount } from '../../lab-client/lab-state';
import { type CaptureStatus, type CheckState, MAX_ANSWER_CHARS, type QuestionStatus } from '../../protocol';
import { useText } from '../i18n/useText';
import part from '../LabPanel/part.module.css';
import StateIcon from '../StateIcon';
import styles from './styles.module.css';
import { TEXT } from './text';

const STATE_WORDS: Record<CheckState, Localized> = {
  pending: TEXT.statePending,
  passed: TEXT.statePassed,
  failed: TEXT.stateFailed,
};
/** How long "Checking…" waits for the server's verdict before giving the button back. */
const CHECK_TIMEOUT_MS = 10_000;

export interface CaptureQuestionsProps {
  readonly questions: readonly QuestionStatus[];
  /** Sends an answer; false when it could not be sent (the session is not live). */
  readonly onAnswer: (question: string, value: string) => boolean;
  /** False while the connection is down: answers cannot be checked. */
  readonly live: boolean;
  /** The session's capture; undefined before the welcome. */
  readonly capture?: CaptureStatus | undefined;
}

export default function CaptureQuestions({ questions, onAnswer, live, capture }: CaptureQuestionsProps): ReactNode {
  const headingId = useId();
  const noteId = useId();
  const t = useText();
  if (questions.length === 0) return null;
  const passed = passedCount(questions);
  const done = passed === questions.length;
  const uncapturable = capture !== undefined && (capture.state === 'unavailable' || capture.state === 'stopped');
  return (
    <section
      className={clsx(part.section, uncapturable && styles.uncapturable)}
      aria-labelledby={headingId}
      aria-describedby={uncapturable ? noteId : undefined}
      data-questions={uncapturable ? 'without-capture' : 'open'}
    >
      <div className={part.heading}>
        <h4 id={headingId} className={part.title}>
          {t(TEXT.title)}
        </h4>
        <span className={clsx(part.count, done && part.countDone)}>{t(TEXT.right(passed, questions.length))}</span>
      </div>
      {uncapturable && (
        <p id={noteId} className={styles.withoutCapture}>
          {t(TEXT.withoutCapture(capture.reason))}
        </p>
      )}
      <ol className={part.items}>
        {questions.map((question) => (
          <QuestionItem key={question.id} question={question} onAnswer={onAnswer} live={live && !uncapturable} />
        ))}
      </ol>
    </section>
  );
}

function QuestionItem({
  question,
  onAnswer,
  live,
}: {
  readonly question: QuestionStatus;
  readonly onAnswer: (question: string, value: string) => boolean;
  readonly live: boolean;
}): ReactNode {
  const [draft, setDraft] = useState(question.answer);
  const [checking, setChecking] = useState(false);
  /** True once the student typed: an update from the server must not overwrite what they are writing. */
  const edited = useRef(false);
  const inputId = useId();
  const hintId = useId();
  const detailId = useId();
  const t = useText();

  // A verdict arrived (the server sends the question again): show it, and take its answer unless the student is
  // in the middle of typing another one.
  useEffect(() => {
    setChecking(false);
    if (!edited.current) setDraft(question.answer);
  }, [question]);

  useEffect(() => {
    if (!checking) return;
    const timer = setTimeout(() => setChecking(false), CHECK_TIMEOUT_MS);
    return () => clearTimeout(timer);
  }, [checking]);

  const formOnSubmit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    const value = draft.trim();
    if (value === '' || checking) return;
    if (onAnswer(question.id, value)) {
      edited.current = false;
      setChecking(true);
    }
  };

  return (
    <li className={clsx(part.item, styles.question, part[question.state])} data-question={question.id}>
      <StateIcon state={question.state} />
      <form className={clsx(part.itemBody, styles.form)} onSubmit={formOnSubmit}>
        <label htmlFor={inputId} className={part.itemTitle}>
          <span className={part.visuallyHidden}>{t(STATE_WORDS[question.state])}</span>
          {question.prompt}
        </label>
        <div className={styles.row}>
          <input
            id={inputId}
            className={styles.input}
            type="text"
            value={draft}
            maxLength={MAX_ANSWER_CHARS}
            placeholder={question.format}
            autoComplete="off"
            spellCheck={false}
            aria-describedby={`${hintId} ${detailId}`}
            onChange={(event) => {
              edited.current = true;
              setDraft(event.target.value);
            }}
          />
          <button
            type="submit"
            className="button button--sm button--primary"
            disabled={!live || checking || draft.trim() === ''}
          >
            {t(checking ? TEXT.checking : TEXT.check)}
          </button>
        </div>
        <span id={hintId} className={styles.hint}>
          {t(TEXT.expected(question.format))}
        </span>
        <span id={detailId} className={clsx(part.detail, styles.verdict)} aria-live="polite">
          {question.detail}
        </span>
      </form>
    </li>
  );
}

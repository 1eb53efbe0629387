/**
 * The top of the dashboard, to project: the join code and link (big, with copy buttons), whether joining is
 * open (a toggle) and a new-code button, how many students joined and how many are online, and the grade
 * exports. The exports download in the page's language: a plain link would ask in the browser's.
 */

import { type ReactNode, useState } from 'react';
import type { JoiningState, RosterStudent } from '../../../protocol/classroom';
import CopyButton from '../../CopyButton';
import { useLocale, useText } from '../../i18n/useText';
import { classroomRequest, downloadFile } from '../classroom-api';
import styles from './styles.module.css';
import { TEXT } from './text';

const EXPORTS = [
  { format: 'csv', text: TEXT.exportCsv },
  { format: 'json', text: TEXT.exportJson },
] as const;

export interface JoinHeaderProps {
  readonly joining: JoiningState;
  readonly students: readonly RosterStudent[];
  /** A refusal of one of the header's actions, for the dashboard to show. */
  readonly onError: (message: string) => void;
}

export default function JoinHeader({ joining, students, onError }: JoinHeaderProps): ReactNode {
  const t = useText();
  const locale = useLocale();
  const [busy, setBusy] = useState(false);
  const online = students.filter((student) => student.online).length;

  const change = async (body: { open: boolean } | { newCode: true }): Promise<void> => {
    setBusy(true);
    const answer = await classroomRequest<JoiningState>('/api/instructor/join', locale, body);
    setBusy(false);
    // The feed's `joining` message updates the header; the answer only matters when it is a refusal.
    if (!answer.ok) onError(answer.message === '' ? answer.code : answer.message);
  };

  const exportGrades = async (path: string): Promise<void> => {
    const failure = await downloadFile(path, locale);
    if (failure !== undefined) onError(failure);
  };

  return (
    <section className={styles.header} aria-label={t(TEXT.joinHeading)}>
      <div className={styles.joinBlock}>
        <span className={styles.label}>{t(TEXT.joinCode)}</span>
        <div className={styles.row}>
          <span className={styles.code} data-testid="join-code">
            {joining.code}
          </span>
          <CopyButton text={joining.code} label={t(TEXT.copyCode)} />
        </div>
      </div>
      <div className={styles.joinBlock}>
        <span className={styles.label}>{t(TEXT.joinUrl)}</span>
        <div className={styles.row}>
          <span className={styles.url} data-testid="join-url">
            {joining.url}
          </span>
          <CopyButton text={joining.url} label={t(TEXT.copyUrl)} />
        </div>
        <div className={styles.row}>
          <span className={joining.open ? styles.open : styles.closed} data-testid="joining-state">
            {t(joining.open ? TEXT.joiningOpen : TEXT.joiningClosed)}
          </span>
          <button
            type="button"
            className="button button--sm button--secondary"
            disabled={busy}
            aria-pressed={joining.open}
            data-testid="joining-toggle"
            onClick={() => void change({ open: !joining.open })}
          >
            {t(joining.open ? TEXT.closeJoining : TEXT.openJoining)}
          </button>
          <button
            type="button"
            className="button button--sm button--secondary"
            disabled={busy}
            data-testid="new-code"
            onClick={() => {
              if (window.confirm(t(TEXT.newCodeConfirm))) void change({ newCode: true });
            }}
          >
            {t(TEXT.newCode)}
          </button>
        </div>
      </div>
      <div className={styles.joinBlock}>
        <span className={styles.counts} data-testid="student-count">
          {t(TEXT.students(students.length))}
        </span>
        <span className={styles.counts} data-testid="online-count">
          {t(TEXT.online(online))}
        </span>
        <div className={styles.row}>
          {EXPORTS.map(({ format, text }) => (
            <a
              key={format}
              className="button button--sm button--outline button--primary"
              href={`/api/instructor/grades.${format}`}
              data-testid={`export-${format}`}
              onClick={(event) => {
                event.preventDefault();
                void exportGrades(`/api/instructor/grades.${format}`);
              }}
            >
              {t(text)}
            </a>
          ))}
        </div>
      </div>
    </section>
  );
}

/**
 * The roster grid: a row per student (name, online dot, stuck badge, lab now, last activity) and a group of
 * columns per lab. A lab shows as one "passed/total" count until the instructor expands it into its checks
 * and capture questions, each cell a ✓ titled with the first-pass time: the grades export's every cell is
 * reachable, while a class of hundreds with a hundred checks stays a table of a few thousand cells. Rows are
 * memoized on their student object, which the feed replaces only for the student who changed.
 */

import { memo, type ReactNode, useCallback, useState } from 'react';
import type { Locale } from '../../../common/localized';
import type { RosterLab, RosterStudent } from '../../../protocol/classroom';
import { useLocale, useText } from '../../i18n/useText';
import { labCount } from './dashboard-state';
import { ago, clockTime, duration } from './format-time';
import styles from './styles.module.css';
import { TEXT } from './text';

export interface RosterGridProps {
  readonly labs: readonly RosterLab[];
  readonly students: readonly RosterStudent[];
  readonly now: number;
  readonly watched: string | undefined;
  readonly onWatch: (student: string) => void;
}

export default function RosterGrid({ labs, students, now, watched, onWatch }: RosterGridProps): ReactNode {
  const t = useText();
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const toggle = useCallback((lab: string) => {
    setExpanded((before) => {
      const after = new Set(before);
      if (!after.delete(lab)) after.add(lab);
      return after;
    });
  }, []);

  if (students.length === 0) return <p className={styles.notice}>{t(TEXT.empty)}</p>;
  return (
    <div className={styles.gridWrap}>
      <table className={styles.grid} data-testid="roster">
        <thead>
          <tr>
            <th className={styles.sticky} rowSpan={2}>
              {t(TEXT.name)}
            </th>
            <th rowSpan={2}>{t(TEXT.status)}</th>
            <th rowSpan={2}>{t(TEXT.currentLab)}</th>
            <th rowSpan={2}>{t(TEXT.lastSeen)}</th>
            {labs.map((lab) => {
              const open = expanded.has(lab.id);
              return (
                <th
                  key={lab.id}
                  className={styles.labHead}
                  colSpan={open ? Math.max(1, lab.checks.length + lab.questions.length) : 1}
                  rowSpan={open ? 1 : 2}
                >
                  <button
                    type="button"
                    className={styles.linkButton}
                    aria-expanded={open}
                    data-expand={lab.id}
                    title={t(open ? TEXT.collapse(lab.title) : TEXT.expand(lab.title))}
                    onClick={() => toggle(lab.id)}
                  >
                    {open ? '▾ ' : '▸ '}
                    {lab.title}
                  </button>
                </th>
              );
            })}
          </tr>
          <tr>
            {labs.flatMap((lab) =>
              expanded.has(lab.id)
                ? [
                    ...lab.checks.map((check, index) => (
                      <th
                        key={`${lab.id}/${check.id}`}
                        className={`${styles.checkHead} ${index === 0 ? styles.labStart : ''}`}
                        title={check.title}
                      >
                        {check.title}
                      </th>
                    )),
                    ...lab.questions.map((question, index) => (
                      <th
                        key={`${lab.id}/?${question.id}`}
                        className={`${styles.checkHead} ${index === 0 && lab.checks.length === 0 ? styles.labStart : ''}`}
                        title={`${t(TEXT.question)}: ${question.title}`}
                      >
                        ? {question.title}
                      </th>
                    )),
                  ]
                : [],
            )}
          </tr>
        </thead>
        <tbody>
          {students.map((student) => (
            <RosterRow
              key={student.id}
              student={student}
              labs={labs}
              expanded={expanded}
              now={now}
              selected={student.id === watched}
              onWatch={onWatch}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}

interface RosterRowProps {
  readonly student: RosterStudent;
  readonly labs: readonly RosterLab[];
  readonly expanded: ReadonlySet<string>;
  readonly now: number;
  readonly selected: boolean;
  readonly onWatch: (student: string) => void;
}

const RosterRow = memo(function RosterRow({
  student,
  labs,
  expanded,
  now,
  selected,
  onWatch,
}: RosterRowProps): ReactNode {
  const t = useText();
  const locale = useLocale();
  const current = labs.find((lab) => lab.id === student.lab);
  const stuck = student.stuck;
  const stuckLab = stuck === undefined ? undefined : labs.find((lab) => lab.id === stuck.lab);
  const stuckTitle =
    stuck === undefined
      ? undefined
      : t(
          TEXT.stuck(
            stuckLab?.checks.find((check) => check.id === stuck.check)?.title ?? stuck.check,
            duration(now - stuck.since, locale),
          ),
        );
  return (
    <tr data-student={student.id} className={selected ? styles.selected : undefined}>
      <th scope="row" className={`${styles.sticky} ${selected ? styles.selected : ''}`}>
        <button
          type="button"
          className={styles.linkButton}
          title={t(TEXT.watch(student.name))}
          aria-pressed={selected}
          onClick={() => onWatch(student.id)}
          data-student-name
        >
          {student.name}
        </button>
      </th>
      <td>
        <span
          className={`${styles.dot} ${student.online ? styles.dotOnline : ''}`}
          role="img"
          aria-label={t(student.online ? TEXT.isOnline : TEXT.isOffline)}
          title={t(student.online ? TEXT.isOnline : TEXT.isOffline)}
          data-online={student.online}
        />{' '}
        {stuckTitle !== undefined && (
          <span className={styles.stuck} title={stuckTitle} data-stuck={stuck?.check}>
            {stuckTitle}
          </span>
        )}
      </td>
      <td data-current-lab={student.lab ?? ''}>{current?.title ?? ''}</td>
      <td title={clockTime(student.lastSeenAt, locale)}>{ago(now, student.lastSeenAt, locale)}</td>
      {labs.flatMap((lab) => (expanded.has(lab.id) ? labCells(student, lab, locale, t) : [labCountCell(student, lab)]))}
    </tr>
  );
});

function labCountCell(student: RosterStudent, lab: RosterLab): ReactNode {
  const { passed, total } = labCount(student, lab);
  return (
    <td
      key={lab.id}
      className={`${styles.count} ${styles.labStart} ${passed === total && total > 0 ? styles.done : ''}`}
      data-lab-count={lab.id}
    >
      {passed}/{total}
    </td>
  );
}

function labCells(
  student: RosterStudent,
  lab: RosterLab,
  locale: Locale,
  t: (text: { readonly [L in Locale]: string }) => string,
): ReactNode[] {
  const cell = (kind: 'check' | 'question', id: string, at: number | undefined, first: boolean): ReactNode => (
    <td
      key={`${lab.id}/${kind}/${id}`}
      className={`${styles.cell} ${first ? styles.labStart : ''} ${at === undefined ? '' : styles.pass}`}
      title={at === undefined ? t(TEXT.notPassed) : t(TEXT.passedAt(clockTime(at, locale)))}
      data-check={kind === 'check' ? `${lab.id}/${id}` : undefined}
      data-question={kind === 'question' ? `${lab.id}/${id}` : undefined}
      data-passed={at !== undefined}
    >
      {at === undefined ? '' : '✓'}
    </td>
  );
  const checks = student.checks[lab.id] ?? {};
  const questions = student.questions[lab.id] ?? {};
  const cells = [
    ...lab.checks.map((check, index) => cell('check', check.id, checks[check.id], index === 0)),
    ...lab.questions.map((question, index) =>
      cell('question', question.id, questions[question.id], index === 0 && lab.checks.length === 0),
    ),
  ];
  // A lab without checks or questions still takes its one column, as its head does.
  return cells.length > 0 ? cells : [<td key={lab.id} className={styles.labStart} />];
}

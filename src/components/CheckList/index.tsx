/**
 * The lab's checks: what the lab server has observed the student do, each pending, passed or failed, with the
 * server's one-sentence explanation. The list is a polite live region, so a check turning green is announced
 * without stealing focus from the terminal.
 */

import clsx from 'clsx';
import { type ReactNode, useId } from 'react';
import type { Localized } from '../../common/localized';
import { passedCount } from '../../lab-client/lab-state';
import type { CheckState, CheckStatus } from '../../protocol';
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

export interface CheckListProps {
  readonly checks: readonly CheckStatus[];
  /**
   * One line per check, the detail only for a failed one (the others' on hover and for screen readers): what
   * a docked lab shows, so that the steps, the terminal and the checks fit the window together.
   */
  readonly compact?: boolean;
}

export default function CheckList({ checks, compact = false }: CheckListProps): ReactNode {
  const passed = passedCount(checks);
  const done = checks.length > 0 && passed === checks.length;
  const headingId = useId();
  const t = useText();
  return (
    <section className={part.section} aria-labelledby={headingId}>
      <div className={part.heading}>
        <h4 id={headingId} className={part.title}>
          {t(TEXT.title)}
        </h4>
        {checks.length > 0 && (
          <span className={clsx(part.count, done && part.countDone)}>{t(TEXT.passed(passed, checks.length))}</span>
        )}
      </div>
      <ul className={part.items} aria-live="polite" aria-relevant="additions text">
        {checks.length === 0 && <li className={styles.empty}>{t(TEXT.empty)}</li>}
        {checks.map((check) => (
          <li
            key={check.id}
            className={clsx(part.item, styles.check, compact && styles.compact, part[check.state])}
            data-check={check.id}
            title={compact && check.detail !== '' ? check.detail : undefined}
          >
            <StateIcon state={check.state} />
            <div className={part.itemBody}>
              <span className={part.visuallyHidden}>{t(STATE_WORDS[check.state])}</span>
              <span className={part.itemTitle}>{check.title}</span>
              {check.detail !== '' && (
                <span className={clsx(part.detail, compact && check.state !== 'failed' && part.visuallyHidden)}>
                  {check.detail}
                </span>
              )}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

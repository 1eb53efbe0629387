/**
 * The lab's steps as short numbered items at the top of the lab panel, so that what to do next sits beside the
 * terminal that does it: each ticks when its check passes, the current one is marked, and the count is a polite
 * live region like the checks'.
 */

import clsx from 'clsx';
import { type ReactNode, useId } from 'react';
import { type StepSpec, stepViews, unknownStepChecks } from '../../lab-client/lab-steps';
import type { CheckStatus } from '../../protocol';
import { useText } from '../i18n/useText';
import part from '../LabPanel/part.module.css';
import StateIcon from '../StateIcon';
import styles from './styles.module.css';
import { TEXT } from './text';

export type LabStepSpec = StepSpec<ReactNode>;

export interface LabStepsProps {
  readonly steps: readonly LabStepSpec[];
  readonly checks: readonly CheckStatus[];
}

export default function LabSteps({ steps, checks }: LabStepsProps): ReactNode {
  const headingId = useId();
  const t = useText();
  if (steps.length === 0) return null;
  const views = stepViews(steps, checks);
  const done = views.filter((view) => view.state === 'passed').length;
  const counted = views.filter((view) => view.check !== undefined).length;
  const unknown = unknownStepChecks(steps, checks);
  return (
    <section className={part.section} aria-labelledby={headingId} data-lab-steps="">
      <div className={part.heading}>
        <h4 id={headingId} className={part.title}>
          {t(TEXT.title)}
        </h4>
        <span className={clsx(part.count, done === counted && counted > 0 && part.countDone)} aria-live="polite">
          {t(TEXT.done(done, counted))}
        </span>
      </div>
      <ol className={styles.steps}>
        {views.map((view) => (
          <li
            key={view.number}
            className={clsx(styles.step, view.current && styles.current, part[view.state])}
            data-step={view.number}
            data-state={view.state}
            aria-current={view.current ? 'step' : undefined}
          >
            {view.check === undefined ? (
              <span className={styles.number}>{view.number}</span>
            ) : (
              <StateIcon state={view.state} />
            )}
            <div className={styles.text}>{view.content}</div>
          </li>
        ))}
      </ol>
      {unknown.length > 0 && (
        <p className={styles.problem} role="alert">
          {t(TEXT.unknownChecks(unknown.join(', ')))}
        </p>
      )}
    </section>
  );
}

/**
 * `<Lab id="tcp-echo">` with `<LabStep check="…">` children: the global MDX component a lesson uses to embed a
 * lab and list its steps. It renders only in the browser (a lab is a live WebSocket session, there is nothing to
 * pre-render) and loads the panel, its dock, xterm and the lab client lazily, so their code is a separate chunk
 * fetched only by pages that contain a lab. Until then it shows a placeholder with the steps, so the page reads
 * without JavaScript too.
 */

import BrowserOnly from '@docusaurus/BrowserOnly';
import ErrorBoundary from '@docusaurus/ErrorBoundary';
import { Children, isValidElement, lazy, type ReactNode, Suspense } from 'react';
import { useText } from '../i18n/useText';
import LabStep, { type LabStepProps } from '../LabStep';
import type { LabStepSpec } from '../LabSteps';
import styles from './styles.module.css';
import { TEXT } from './text';

const DockedLabPanel = lazy(() => import('../LabPanel/docked'));

export interface LabProps {
  /** The lab's id: the name of its folder under labs/. */
  readonly id: string;
  /** `<LabStep>` elements: the lesson's steps for this lab. */
  readonly children?: ReactNode;
}

export default function Lab({ id, children }: LabProps): ReactNode {
  const steps = stepsOf(children);
  const placeholder = <LabPlaceholder id={id} steps={steps} />;
  return (
    <BrowserOnly fallback={placeholder}>
      {() => (
        <ErrorBoundary fallback={({ error, tryAgain }) => <LabCrashed id={id} error={error} tryAgain={tryAgain} />}>
          <Suspense fallback={placeholder}>
            <DockedLabPanel id={id} steps={steps} />
          </Suspense>
        </ErrorBoundary>
      )}
    </BrowserOnly>
  );
}

/** The `<LabStep>` children, in order; anything else between them (white space from MDX) is ignored. */
function stepsOf(children: ReactNode): LabStepSpec[] {
  return Children.toArray(children).flatMap((child) =>
    isValidElement<LabStepProps>(child) && child.type === LabStep
      ? [{ check: child.props.check, content: child.props.children }]
      : [],
  );
}

function LabPlaceholder({ id, steps }: { readonly id: string; readonly steps: readonly LabStepSpec[] }): ReactNode {
  const t = useText();
  return (
    <div className={styles.placeholder} data-lab={id}>
      <p className={styles.placeholderTitle}>
        {t(TEXT.lab)} <code>{id}</code>
      </p>
      {steps.length > 0 && (
        <ol className={styles.placeholderSteps}>
          {steps.map((step, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the steps are fixed lesson content, in order
            <li key={index}>{step.content}</li>
          ))}
        </ol>
      )}
      <p className={styles.placeholderText}>{t(TEXT.loading)}</p>
    </div>
  );
}

function LabCrashed({
  id,
  error,
  tryAgain,
}: {
  readonly id: string;
  readonly error: Error;
  readonly tryAgain: () => void;
}): ReactNode {
  const t = useText();
  return (
    <div className={styles.placeholder} data-lab={id} role="alert">
      <p className={styles.placeholderTitle}>
        {t(TEXT.lab)} <code>{id}</code> {t(TEXT.stopped)}
      </p>
      <p className={styles.placeholderText}>{error.message}</p>
      <button type="button" className="button button--primary button--sm" onClick={tryAgain}>
        {t(TEXT.startAgain)}
      </button>
    </div>
  );
}

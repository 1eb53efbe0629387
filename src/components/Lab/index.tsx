/**
 * `<Lab id="tcp-echo" />`, the global MDX component a lesson uses to embed a lab. It renders only in the
 * browser (a lab is a live WebSocket session, there is nothing to pre-render) and loads the panel, xterm and the
 * lab client lazily, so their code is a separate chunk fetched only by pages that contain a lab. Until then it
 * shows a placeholder of about the panel's size, so the page does not jump when the panel arrives.
 */

import BrowserOnly from '@docusaurus/BrowserOnly';
import ErrorBoundary from '@docusaurus/ErrorBoundary';
import { lazy, type ReactNode, Suspense } from 'react';
import styles from './styles.module.css';

const LabPanel = lazy(() => import('../LabPanel'));

export interface LabProps {
  /** The lab's id: the name of its folder under labs/. */
  readonly id: string;
}

export default function Lab({ id }: LabProps): ReactNode {
  const placeholder = <LabPlaceholder id={id} />;
  return (
    <BrowserOnly fallback={placeholder}>
      {() => (
        <ErrorBoundary fallback={({ error, tryAgain }) => <LabCrashed id={id} error={error} tryAgain={tryAgain} />}>
          <Suspense fallback={placeholder}>
            <LabPanel id={id} />
          </Suspense>
        </ErrorBoundary>
      )}
    </BrowserOnly>
  );
}

function LabPlaceholder({ id }: { readonly id: string }): ReactNode {
  return (
    <div className={styles.placeholder} data-lab={id}>
      <p className={styles.placeholderTitle}>
        Lab <code>{id}</code>
      </p>
      <p className={styles.placeholderText}>Loading the lab… (it needs JavaScript and the lab server.)</p>
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
  return (
    <div className={styles.placeholder} data-lab={id} role="alert">
      <p className={styles.placeholderTitle}>
        Lab <code>{id}</code> stopped working
      </p>
      <p className={styles.placeholderText}>{error.message}</p>
      <button type="button" className="button button--primary button--sm" onClick={tryAgain}>
        Start it again
      </button>
    </div>
  );
}

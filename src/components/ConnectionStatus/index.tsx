/**
 * How the panel shows the state of its connection to the lab server: a small badge in the header (connecting,
 * live, reconnecting, failed) and, while the connection is down, a banner with the reason and a button to try
 * again now. The badge is a `status` live region, so a screen reader hears the connection drop and return.
 */

import clsx from 'clsx';
import type { ReactNode } from 'react';
import type { ConnectionStatus } from '../../lab-client/lab-connection';
import styles from './styles.module.css';

const LABELS: Record<ConnectionStatus['state'], string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  failed: 'Disconnected',
};

export function StatusBadge({ status }: { readonly status: ConnectionStatus }): ReactNode {
  return (
    <output className={clsx(styles.badge, styles[status.state])} aria-live="polite">
      <span className={styles.dot} aria-hidden="true" />
      <span>
        {status.state === 'reconnecting' && status.attempt > 1
          ? `Reconnecting (attempt ${status.attempt})…`
          : LABELS[status.state]}
      </span>
    </output>
  );
}

export function StatusBanner({
  status,
  onRetry,
}: {
  readonly status: ConnectionStatus;
  readonly onRetry: () => void;
}): ReactNode {
  if (status.state !== 'reconnecting' && status.state !== 'failed') return null;
  const failed = status.state === 'failed';
  return (
    <div className={clsx(styles.banner, failed ? styles.bannerFailed : styles.bannerWaiting)}>
      <p className={styles.reason}>
        {failed && status.code !== undefined && <code className={styles.code}>{status.code}</code>}
        {status.reason}
        {!failed && ` Next try in ${formatDelay(status.retryInMs)}.`}
      </p>
      <button type="button" className="button button--sm button--secondary" onClick={onRetry}>
        {failed ? 'Try again' : 'Retry now'}
      </button>
    </div>
  );
}

function formatDelay(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}

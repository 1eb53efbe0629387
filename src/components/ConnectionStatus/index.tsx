/**
 * How the panel shows the state of its connection to the lab server: a small badge in the header (connecting,
 * live, reconnecting, failed) and, while the connection is down, a banner with the reason and a button to try
 * again now. The badge is a `status` live region, so a screen reader hears the connection drop and return.
 */

import clsx from 'clsx';
import type { ReactNode } from 'react';
import { type Localized, sentences } from '../../common/localized';
import type { ConnectionStatus } from '../../lab-client/lab-connection';
import { useText } from '../i18n/useText';
import styles from './styles.module.css';
import { TEXT } from './text';

const LABELS: Record<ConnectionStatus['state'], Localized> = {
  connecting: TEXT.connecting,
  live: TEXT.live,
  reconnecting: TEXT.reconnecting,
  failed: TEXT.failed,
};

export function StatusBadge({ status }: { readonly status: ConnectionStatus }): ReactNode {
  const t = useText();
  return (
    <output className={clsx(styles.badge, styles[status.state])} aria-live="polite">
      <span className={styles.dot} aria-hidden="true" />
      <span>
        {t(status.state === 'reconnecting' && status.attempt > 1 ? TEXT.attempt(status.attempt) : LABELS[status.state])}
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
  const t = useText();
  if (status.state !== 'reconnecting' && status.state !== 'failed') return null;
  const failed = status.state === 'failed';
  return (
    <div className={clsx(styles.banner, failed ? styles.bannerFailed : styles.bannerWaiting)}>
      <p className={styles.reason}>
        {failed && status.code !== undefined && <code className={styles.code}>{status.code}</code>}
        {t(failed ? status.reason : sentences(status.reason, TEXT.nextTry(formatDelay(status.retryInMs))))}
      </p>
      <button type="button" className="button button--sm button--secondary" onClick={onRetry}>
        {t(failed ? TEXT.tryAgain : TEXT.retryNow)}
      </button>
    </div>
  );
}

function formatDelay(ms: number): Localized {
  return ms < 1000 ? TEXT.milliseconds(ms) : TEXT.seconds(Math.round(ms / 100) / 10);
}

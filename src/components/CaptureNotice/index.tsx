/**
 * Says when the session does not see real packets, and why: the capture is starting, restarting, or not
 * available on this machine. The lab server's reason already names what is missing and how to enable it (run
 * as root, or give dumpcap or tcpdump their capabilities), so it is shown as it is. Without a capture the
 * timeline falls back to the socket-level events of the lab's own servers, and the notice says so.
 */

import clsx from 'clsx';
import type { ReactNode } from 'react';
import type { CaptureStatus } from '../../protocol';
import { useText } from '../i18n/useText';
import styles from './styles.module.css';
import { TEXT } from './text';

export interface CaptureNoticeProps {
  readonly capture: CaptureStatus | undefined;
  /** Packets were captured before the capture stopped: they stay, only new ones are missing. */
  readonly hasPackets?: boolean;
}

export default function CaptureNotice({ capture, hasPackets = false }: CaptureNoticeProps): ReactNode {
  const t = useText();
  if (capture === undefined || capture.state === 'running') return null;
  const reason = capture.reason.trim();
  switch (capture.state) {
    case 'starting':
      return (
        <output className={clsx(styles.notice, styles.info)} data-capture={capture.state}>
          <span className={styles.title}>{t(TEXT.starting)}</span>
          {reason !== '' && <span>{t(TEXT.following(reason))}</span>}
        </output>
      );
    case 'restarting':
      return (
        <output className={clsx(styles.notice, styles.warning)} data-capture={capture.state}>
          <span className={styles.title}>{t(TEXT.restarting)}</span>
          {reason !== '' && <span>{t(TEXT.following(reason))}</span>}
          <span>{t(TEXT.following(TEXT.mayBeMissing))}</span>
        </output>
      );
    case 'unavailable':
    case 'stopped':
      return (
        <output className={clsx(styles.notice, styles.warning)} data-capture={capture.state}>
          <span className={clsx(styles.line, styles.title)}>
            {t(capture.state === 'stopped' ? TEXT.stopped : TEXT.unavailable)}
          </span>
          {reason !== '' && <span className={styles.line}>{reason}</span>}
          <span className={clsx(styles.line, styles.fallback)}>
            {t(hasPackets ? TEXT.packetsStay : TEXT.socketsOnly)}
          </span>
        </output>
      );
  }
}

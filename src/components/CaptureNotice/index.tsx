/**
 * Says when the session does not see real packets, and why: the capture is starting, restarting, or not
 * available on this machine. The lab server's reason already names what is missing and how to enable it (run
 * as root, or give dumpcap or tcpdump their capabilities), so it is shown as it is. Without a capture the
 * timeline falls back to the socket-level events of the lab's own servers, and the notice says so.
 */

import clsx from 'clsx';
import type { ReactNode } from 'react';
import type { CaptureStatus } from '../../protocol';
import styles from './styles.module.css';

export interface CaptureNoticeProps {
  readonly capture: CaptureStatus | undefined;
  /** Packets were captured before the capture stopped: they stay, only new ones are missing. */
  readonly hasPackets?: boolean;
}

export default function CaptureNotice({ capture, hasPackets = false }: CaptureNoticeProps): ReactNode {
  if (capture === undefined || capture.state === 'running') return null;
  const reason = capture.reason.trim();
  switch (capture.state) {
    case 'starting':
      return (
        <output className={clsx(styles.notice, styles.info)} data-capture={capture.state}>
          <span className={styles.title}>Starting the packet capture…</span>
          {reason !== '' && <span> {reason}</span>}
        </output>
      );
    case 'restarting':
      return (
        <output className={clsx(styles.notice, styles.warning)} data-capture={capture.state}>
          <span className={styles.title}>The packet capture is restarting.</span>
          {reason !== '' && <span> {reason}</span>}{' '}
          <span>Packets sent until it is back may be missing from the list.</span>
        </output>
      );
    case 'unavailable':
    case 'stopped':
      return (
        <output className={clsx(styles.notice, styles.warning)} data-capture={capture.state}>
          <span className={clsx(styles.line, styles.title)}>
            {capture.state === 'stopped' ? 'The packet capture has stopped.' : 'No packet capture on this machine.'}
          </span>
          {reason !== '' && <span className={styles.line}>{reason}</span>}
          <span className={clsx(styles.line, styles.fallback)}>
            {hasPackets
              ? 'The packets captured so far stay in the list; new ones will not appear there. The server timeline still shows what your lab servers see on their sockets.'
              : 'The timeline shows socket-level events only: what your lab servers saw on their sockets, not the packets on the wire.'}
          </span>
        </output>
      );
  }
}

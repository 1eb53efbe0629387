/**
 * Errors the lab server reported (or that this page found in what the server sent), shown above the terminal
 * with their catalog code, until the student dismisses them. Fatal errors are not listed here: they end the
 * session, and the connection banner shows them.
 */

import clsx from 'clsx';
import type { ReactNode } from 'react';
import type { ShownNotice } from '../../lab-client/lab-state';
import { useText } from '../i18n/useText';
import styles from './styles.module.css';
import { TEXT } from './text';

export interface LabNoticesProps {
  readonly notices: readonly ShownNotice[];
  readonly onDismiss: (key: number) => void;
}

export default function LabNotices({ notices, onDismiss }: LabNoticesProps): ReactNode {
  const t = useText();
  return (
    <div className={clsx(styles.notices, notices.length === 0 && styles.empty)} role="alert">
      {notices.map((notice) => (
        <div key={notice.key} className={styles.notice} data-code={notice.code}>
          <p className={styles.text}>
            <code className={styles.code}>{notice.code}</code> {t(notice.message)}
          </p>
          <button
            type="button"
            className={styles.dismiss}
            onClick={() => onDismiss(notice.key)}
            aria-label={t(TEXT.dismiss(notice.code))}
          >
            ×
          </button>
        </div>
      ))}
    </div>
  );
}

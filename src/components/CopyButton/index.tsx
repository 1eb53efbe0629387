/**
 * A small button that copies a piece of text (a server's `host:port`) and says so for a moment. The result is
 * announced through a live region, since the visual change alone would be missed by a screen reader.
 */

import clsx from 'clsx';
import { type ReactNode, useEffect, useState } from 'react';
import { useText } from '../i18n/useText';
import { copyText } from './copy-text';
import styles from './styles.module.css';
import { TEXT } from './text';

export interface CopyButtonProps {
  readonly text: string;
  /** Accessible name, e.g. "Copy the address 127.0.0.1:20417". */
  readonly label: string;
}

type CopyState = 'idle' | 'copied' | 'failed';

export default function CopyButton({ text, label }: CopyButtonProps): ReactNode {
  const [state, setState] = useState<CopyState>('idle');
  const t = useText();

  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 1500);
    return () => clearTimeout(timer);
  }, [state]);

  return (
    <button
      type="button"
      className={clsx(styles.button, state === 'copied' && styles.copied)}
      aria-label={label}
      title={label}
      onClick={() => {
        void copyText(text).then((ok) => setState(ok ? 'copied' : 'failed'));
      }}
    >
      <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
        {state === 'copied' ? (
          <path d="M3 8.5l3 3 7-7" fill="none" stroke="currentColor" strokeWidth="1.8" />
        ) : (
          <path
            d="M5 5V3.5A1.5 1.5 0 0 1 6.5 2h6A1.5 1.5 0 0 1 14 3.5v6a1.5 1.5 0 0 1-1.5 1.5H11M3.5 5h6A1.5 1.5 0 0 1 11 6.5v6A1.5 1.5 0 0 1 9.5 14h-6A1.5 1.5 0 0 1 2 12.5v-6A1.5 1.5 0 0 1 3.5 5z"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.3"
          />
        )}
      </svg>
      <span className={styles.text} aria-live="polite">
        {t(state === 'copied' ? TEXT.copied : state === 'failed' ? TEXT.failed : TEXT.copy)}
      </span>
    </button>
  );
}

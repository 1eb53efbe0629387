/**
 * The padlock that marks what goes encrypted, drawn as a small inline SVG in the text's colour: an emoji shows as
 * an empty box where no emoji font is installed (many Linux desktops, kiosk browsers), and a drawing needs no font.
 * Beside a word of its own it carries its label, for a screen reader and as a tooltip; beside a sentence that says
 * the same it is decoration, hidden from a screen reader.
 */

import type { ReactNode } from 'react';
import styles from './styles.module.css';

const SHAPE = (
  <>
    <path d="M3.5 6V4a2.5 2.5 0 0 1 5 0v2" fill="none" stroke="currentColor" strokeWidth="1.5" />
    <rect x="1.5" y="6" width="9" height="7" rx="1.2" fill="currentColor" />
  </>
);

export default function LockMark({ label }: { readonly label?: string }): ReactNode {
  if (label === undefined) {
    return (
      <svg className={styles.lockIcon} viewBox="0 0 12 14" aria-hidden="true" data-lock-mark>
        {SHAPE}
      </svg>
    );
  }
  return (
    <svg className={styles.lockIcon} viewBox="0 0 12 14" role="img" aria-label={label} data-lock-mark>
      <title>{label}</title>
      {SHAPE}
    </svg>
  );
}

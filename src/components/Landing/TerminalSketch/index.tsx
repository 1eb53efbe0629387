/**
 * A picture of a lab session on the landing page, drawn in HTML: what the lab shell prints while a student
 * connects and sends (`screen.ts`), in the page's language as the shell speaks it, and the lab's checks turning
 * green beneath. Read out as one image, by its label: the drawn lines are not a transcript to step through.
 */

import { Fragment, type ReactNode } from 'react';
import { useText } from '../../i18n/useText';
import { PROMPT, SCREEN, type ScreenLine, type Tone } from './screen';
import styles from './styles.module.css';
import { TEXT } from './text';

const TONE: { readonly [T in Tone]: string | undefined } = {
  prompt: styles.prompt,
  dim: styles.dim,
  cyan: styles.cyan,
  green: styles.green,
};

/** A part's or a line's English text names it: no two in the drawing are the same. */
function keyOf(parts: ScreenLine): string {
  return parts.map((part) => part.text.en).join('');
}

export default function TerminalSketch(): ReactNode {
  const t = useText();
  const line = (parts: ScreenLine): ReactNode => (
    <Fragment key={keyOf(parts)}>
      {parts.map((part) =>
        part.tone === undefined ? (
          <Fragment key={part.text.en}>{t(part.text)}</Fragment>
        ) : (
          <span key={part.text.en} className={TONE[part.tone]}>
            {t(part.text)}
          </span>
        ),
      )}
      {'\n'}
    </Fragment>
  );
  return (
    <figure className={styles.sketch}>
      <div className={styles.sketchBar} aria-hidden="true">
        <span />
        <span />
        <span />
        <em>{t(TEXT.bar)}</em>
      </div>
      <pre className={styles.sketchScreen} role="img" aria-label={t(TEXT.label)}>
        {SCREEN.map(line)}
        <span className={styles.prompt}>{PROMPT}</span> <span className={styles.cursor} />
      </pre>
      <figcaption className={styles.sketchChecks}>
        <span className={styles.passed}>✓ {t(TEXT.checkConnect)}</span>
        <span className={styles.passed}>✓ {t(TEXT.checkEcho)}</span>
        <span className={styles.pending}>○ {t(TEXT.checkClose)}</span>
      </figcaption>
    </figure>
  );
}

/**
 * A sequence diagram for lesson text — who sends what to whom, with notes on each side's state — drawn as plain
 * SVG by React, so it is in the page's HTML from the build on: no diagram library reaches the browser (Mermaid
 * alone weighed 1.4 MB), the text is selectable and translatable like any other, and the diagram's height is
 * known before any script runs, so a deep link below it lands where it should. The live ladder of a student's
 * own packets is LadderDiagram; this one is for the lesson's fixed pictures.
 *
 * ```mdx
 * <SequenceDiagram
 *   participants={['Client', 'Server']}
 *   steps={[{ note: 'listen()', over: 1 }, { from: 0, to: 1, label: 'SYN' }]}
 * />
 * ```
 */

import type { ReactNode } from 'react';
import { useText } from '../i18n/useText';
import styles from './styles.module.css';
import { TEXT } from './text';

export type SequenceStep =
  /** An arrow from one participant to the other, with its label above it. */
  | { readonly from: number; readonly to: number; readonly label: string }
  /** A note over one participant (its index), or over both when `over` is `'both'`. */
  | { readonly note: string; readonly over: number | 'both' };

export interface SequenceDiagramProps {
  /** Two participants, left to right. */
  readonly participants: readonly [string, string];
  readonly steps: readonly SequenceStep[];
  /** What the diagram shows, for screen readers; defaults to the steps read out in order. */
  readonly title?: string;
}

const WIDTH = 680;
const MARGIN = 130;
const HEAD = 44;
const ROW = 34;
/**
 * Roughly what one character of 12 px text takes — a Latin one, and an East Asian wide one (a CJK ideograph is
 * about square); notes are sized from these, as there is no DOM to measure at build time.
 */
const CHAR_WIDTH = 6.9;
const WIDE_CHAR_WIDTH = 12.5;

function textWidth(text: string): number {
  let width = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    const wide =
      (code >= 0x2e80 && code <= 0xa4cf) || (code >= 0xac00 && code <= 0xd7a3) || (code >= 0xff00 && code <= 0xff60);
    width += wide ? WIDE_CHAR_WIDTH : CHAR_WIDTH;
  }
  return width;
}

function lifeline(index: number): number {
  return index === 0 ? MARGIN : WIDTH - MARGIN;
}

/** A note is centred on its lifeline, or on both, and pushed inwards when it would run off the edge. */
function noteBox(text: string, over: number | 'both'): { x: number; width: number } {
  const width = Math.min(WIDTH - 10, Math.max(120, textWidth(text) + 20));
  if (over === 'both')
    return {
      x: (WIDTH - Math.max(width, WIDTH - 2 * (MARGIN - 40))) / 2,
      width: Math.max(width, WIDTH - 2 * (MARGIN - 40)),
    };
  const centre = lifeline(over) - width / 2;
  return { x: Math.min(WIDTH - 5 - width, Math.max(5, centre)), width };
}

export default function SequenceDiagram({ participants, steps, title }: SequenceDiagramProps): ReactNode {
  const t = useText();
  const height = HEAD + steps.length * ROW + 16;
  const described =
    title ??
    steps
      .map((step) =>
        'label' in step
          ? t(TEXT.arrow(participants[step.from] ?? '', participants[step.to] ?? '', step.label))
          : step.note,
      )
      .join(t(TEXT.separator));
  return (
    <figure className={styles.figure}>
      <svg
        className={styles.diagram}
        viewBox={`0 0 ${WIDTH} ${height}`}
        width={WIDTH}
        height={height}
        role="img"
        aria-label={described}
      >
        {participants.map((name, index) => (
          <g key={name}>
            <rect className={styles.head} x={lifeline(index) - 95} y={4} width={190} height={28} rx={6} />
            <text className={styles.headText} x={lifeline(index)} y={22} textAnchor="middle">
              {name}
            </text>
            <line className={styles.lifeline} x1={lifeline(index)} y1={32} x2={lifeline(index)} y2={height - 4} />
          </g>
        ))}
        {steps.map((step, row) => {
          const y = HEAD + row * ROW + ROW / 2;
          if ('label' in step) {
            const [x1, x2] = [lifeline(step.from), lifeline(step.to)];
            const tip = x2 > x1 ? -1 : 1;
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: the steps are fixed lesson content, in order
              <g key={row}>
                <text className={styles.label} x={(x1 + x2) / 2} y={y - 5} textAnchor="middle">
                  {step.label}
                </text>
                <line className={styles.arrow} x1={x1} y1={y + 2} x2={x2 + tip * 2} y2={y + 2} />
                <path className={styles.tip} d={`M ${x2} ${y + 2} l ${tip * 9} -5 v 10 z`} />
              </g>
            );
          }
          const { x, width } = noteBox(step.note, step.over);
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: the steps are fixed lesson content, in order
            <g key={row}>
              <rect className={styles.note} x={x} y={y - 12} width={width} height={24} rx={4} />
              <text className={styles.noteText} x={x + width / 2} y={y + 4} textAnchor="middle">
                {step.note}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

/**
 * A small segmented switch between two or three ways of showing the same thing (text or hex, one connection or
 * all of them): buttons in a group, the chosen one pressed. Shared by the server timeline, the ladder and
 * Follow TCP Stream, so the panel's switches look and work alike; `TextHexToggle` is the text-or-hex one.
 */

import type { ReactNode } from 'react';
import { useText } from '../../i18n/useText';
import styles from './styles.module.css';
import { TEXT } from './text';

export interface ToggleProps<T extends string> {
  /** What the switch chooses, for assistive technology: "Show payloads as". */
  readonly label: string;
  readonly options: readonly { readonly value: T; readonly label: string }[];
  readonly value: T;
  readonly onChange: (value: T) => void;
}

export default function Toggle<T extends string>({ label, options, value, onChange }: ToggleProps<T>): ReactNode {
  return (
    <fieldset className={styles.toggle} aria-label={label}>
      {options.map((option) => (
        <button
          key={option.value}
          type="button"
          aria-pressed={option.value === value}
          onClick={() => onChange(option.value)}
        >
          {option.label}
        </button>
      ))}
    </fieldset>
  );
}

/** Payloads as text or as hex. */
export function TextHexToggle({
  label,
  hex,
  onChange,
}: {
  readonly label: string;
  readonly hex: boolean;
  readonly onChange: (hex: boolean) => void;
}): ReactNode {
  const t = useText();
  const options = [
    { value: 'text', label: t(TEXT.text) },
    { value: 'hex', label: t(TEXT.hex) },
  ] as const;
  return (
    <Toggle label={label} options={options} value={hex ? 'hex' : 'text'} onChange={(v) => onChange(v === 'hex')} />
  );
}

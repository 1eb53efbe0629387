/**
 * One labelled field of the classroom's forms (join code, display name, instructor password): its hint, and the
 * lab server's refusal under it when the refusal is about this field, tied to the input by `aria-describedby`
 * so a screen reader reads it with the field. Everything shown is React text.
 */

import { type InputHTMLAttributes, type ReactNode, useId } from 'react';
import styles from '../styles.module.css';

export interface FormFieldProps
  extends Omit<InputHTMLAttributes<HTMLInputElement>, 'className' | 'onChange' | 'aria-invalid' | 'aria-describedby'> {
  readonly label: string;
  readonly hint?: string;
  /** The refusal to show under the field, if it is about this one. */
  readonly error: string | undefined;
  readonly value: string;
  readonly onValue: (value: string) => void;
}

export default function FormField({ label, hint, error, value, onValue, ...input }: FormFieldProps): ReactNode {
  const id = useId();
  return (
    <label className={styles.field}>
      <span className={styles.label}>{label}</span>
      <input
        {...input}
        className={styles.input}
        value={value}
        onChange={(event) => onValue(event.target.value)}
        aria-invalid={error !== undefined}
        aria-describedby={`${id}-hint ${id}-error`}
      />
      {hint !== undefined && (
        <span id={`${id}-hint`} className={styles.hint}>
          {hint}
        </span>
      )}
      {error !== undefined && (
        <p id={`${id}-error`} className={styles.error} role="alert">
          {error}
        </p>
      )}
    </label>
  );
}

/**
 * The display filter box over the packet list, as Wireshark has it: type a filter (`tcp.flags.syn == 1`,
 * `tcp.stream == 2 and tcp.len > 0`), the box turns green when it reads and red when it does not, with the
 * error and a caret under the place it names; Enter (or Apply) filters the list, Clear shows every packet again.
 * While a filter is applied it says how many packets it shows of how many. A warning (a filter that reads but
 * may not mean what it says) is shown in amber. The fields it knows are listed under "Fields".
 */

import clsx from 'clsx';
import { type FormEvent, type ReactNode, useEffect, useId, useMemo, useState } from 'react';
import { DISPLAY_FILTER_FIELDS, parseDisplayFilter } from '../../../lab-client/display-filter';
import styles from './styles.module.css';

const TEXT = {
  label: 'Display filter',
  placeholder: 'Apply a display filter … e.g. tcp.flags.syn == 1, tcp.stream == 2, tcp contains "Hello"',
  apply: 'Apply',
  clear: 'Clear',
  shown: (shown: number, total: number) =>
    `${shown.toLocaleString('en')} of ${total.toLocaleString('en')} ${total === 1 ? 'packet' : 'packets'}`,
  unapplied: 'Press Enter to apply',
  fields: 'Fields',
  fieldsHelp:
    'Compare with == != > < >= <=, join with and or not (&& || !), group with ( ), search with contains "text". tcp.stream is the connection number shown as #1, #2 in every view.',
};

export interface DisplayFilterBoxProps {
  /** The filter applied now. */
  readonly applied: string;
  readonly onApply: (text: string) => void;
  /** Packets the applied filter shows, of how many; undefined while no filter is applied. */
  readonly count: { readonly shown: number; readonly total: number } | undefined;
}

export default function DisplayFilterBox({ applied, onApply, count }: DisplayFilterBoxProps): ReactNode {
  const [draft, setDraft] = useState(applied);
  const inputId = useId();
  const messageId = useId();
  // Applied from elsewhere (the packet menu's "filter on this connection"): the box shows it.
  useEffect(() => setDraft(applied), [applied]);
  const result = useMemo(() => parseDisplayFilter(draft), [draft]);
  const empty = draft.trim() === '';
  const state = empty ? 'empty' : result.ok ? 'valid' : 'invalid';

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (result.ok) onApply(draft);
  };

  return (
    <form className={styles.box} onSubmit={submit} aria-label={TEXT.label}>
      <div className={styles.row}>
        <label htmlFor={inputId} className={styles.label}>
          {TEXT.label}
        </label>
        <input
          id={inputId}
          className={clsx(styles.input, styles[state])}
          type="text"
          value={draft}
          placeholder={TEXT.placeholder}
          spellCheck={false}
          autoCapitalize="off"
          autoComplete="off"
          aria-invalid={state === 'invalid'}
          aria-describedby={messageId}
          data-filter-state={state}
          onChange={(event) => setDraft(event.target.value)}
        />
        <button type="submit" className={styles.button} disabled={!result.ok || draft === applied}>
          {TEXT.apply}
        </button>
        {(applied !== '' || draft !== '') && (
          <button
            type="button"
            className={styles.button}
            onClick={() => {
              setDraft('');
              onApply('');
            }}
          >
            {TEXT.clear}
          </button>
        )}
        {count !== undefined && (
          <output className={styles.count} htmlFor={inputId}>
            {TEXT.shown(count.shown, count.total)}
          </output>
        )}
      </div>
      <div id={messageId} className={styles.messages} aria-live="polite">
        {!result.ok && !empty && (
          <div className={styles.error} role="alert">
            <pre className={styles.caret} aria-hidden="true">
              {draft}
              {'\n'}
              {' '.repeat(result.error.position - 1)}
              {'^'.repeat(Math.min(result.error.length, Math.max(1, draft.length - result.error.position + 1)))}
            </pre>
            <p className={styles.errorText}>{result.error.message}</p>
          </div>
        )}
        {result.ok &&
          result.filter.warnings.map((warning) => (
            <p key={`${warning.position}-${warning.message}`} className={styles.warning}>
              {warning.message}
            </p>
          ))}
        {result.ok && !empty && draft !== applied && <p className={styles.hint}>{TEXT.unapplied}</p>}
      </div>
      <details className={styles.fields}>
        <summary>{TEXT.fields}</summary>
        <p>{TEXT.fieldsHelp}</p>
        <p className={styles.fieldList}>{DISPLAY_FILTER_FIELDS.join('  ')}</p>
      </details>
    </form>
  );
}

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
import { useText } from '../../i18n/useText';
import styles from './styles.module.css';
import { TEXT } from './text';

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
  const t = useText();
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
    <form className={styles.box} onSubmit={submit} aria-label={t(TEXT.label)}>
      <div className={styles.row}>
        <label htmlFor={inputId} className={styles.label}>
          {t(TEXT.label)}
        </label>
        <input
          id={inputId}
          className={clsx(styles.input, styles[state])}
          type="text"
          value={draft}
          placeholder={t(TEXT.placeholder)}
          spellCheck={false}
          autoCapitalize="off"
          autoComplete="off"
          aria-invalid={state === 'invalid'}
          aria-describedby={messageId}
          data-filter-state={state}
          onChange={(event) => setDraft(event.target.value)}
        />
        <button type="submit" className={styles.button} disabled={!result.ok || draft === applied}>
          {t(TEXT.apply)}
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
            {t(TEXT.clear)}
          </button>
        )}
        {count !== undefined && (
          <output className={styles.count} htmlFor={inputId}>
            {t(TEXT.shown(count.shown, count.total))}
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
            <p className={styles.errorText}>{t(result.error.text)}</p>
          </div>
        )}
        {result.ok &&
          result.filter.warnings.map((warning) => (
            <p key={`${warning.position}-${warning.message.en}`} className={styles.warning}>
              {t(warning.message)}
            </p>
          ))}
        {result.ok && !empty && draft !== applied && <p className={styles.hint}>{t(TEXT.unapplied)}</p>}
      </div>
      <details className={styles.fields}>
        <summary>{t(TEXT.fields)}</summary>
        <p>{t(TEXT.fieldsHelp)}</p>
        <p className={styles.fieldList}>{DISPLAY_FILTER_FIELDS.join('  ')}</p>
      </details>
    </form>
  );
}

/**
 * Which of the session's TCP connections or UDP flows a view shows: a select of
 * `#1 127.0.0.1:54122 → echo (8 packets)` and `UDP #2 127.0.0.1:50001 → echo (2 packets)` when there are several,
 * labelled for what it offers (connection, flow, or both), the connection's or flow's name alone when there is
 * one. The number is the session's, the same in the packet list, the ladder, the stream and the server timeline.
 * Used by the ladder (connections and flows) and Follow TCP Stream (connections).
 */

import { type ReactNode, useId } from 'react';
import type { LadderConnection } from '../../../lab-client/ladder';
import { useText } from '../../i18n/useText';
import styles from './styles.module.css';
import { optionText, pickerLabel, singleText, TEXT } from './text';

export interface ConnectionPickerProps {
  readonly connections: readonly LadderConnection[];
  readonly shown: LadderConnection;
  readonly onChange: (connection: number) => void;
}

export default function ConnectionPicker({ connections, shown, onChange }: ConnectionPickerProps): ReactNode {
  const selectId = useId();
  const t = useText();
  if (connections.length <= 1) {
    return <span className={styles.picker}>{t(singleText(shown))}</span>;
  }
  return (
    <label className={styles.picker} htmlFor={selectId}>
      {t(pickerLabel(connections))}{' '}
      <select id={selectId} value={shown.connection} onChange={(event) => onChange(Number(event.target.value))}>
        {connections.map((c) => (
          <option key={c.connection} value={c.connection}>
            {optionText(c)}
            {t(TEXT.packets(c.packets.length))}
          </option>
        ))}
      </select>
    </label>
  );
}

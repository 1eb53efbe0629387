/**
 * Which of the session's TCP connections a view shows: a select of `#1 127.0.0.1:54122 → echo (8 packets)`
 * when there are several, the connection's name alone when there is one. The number is the session's, the same
 * in the packet list, the ladder, the stream and the server timeline. Used by the ladder and Follow TCP Stream.
 */

import { type ReactNode, useId } from 'react';
import type { LadderConnection } from '../../../lab-client/ladder';
import { useText } from '../../i18n/useText';
import styles from './styles.module.css';
import { TEXT } from './text';

/** `#1 127.0.0.1:54122 → echo`: numbers, addresses and ids, the same in every language. */
function optionText(c: LadderConnection): string {
  return `#${c.connection} ${c.client} → ${c.serverId ?? c.server}`;
}

export interface ConnectionPickerProps {
  readonly connections: readonly LadderConnection[];
  readonly shown: LadderConnection;
  readonly onChange: (connection: number) => void;
}

export default function ConnectionPicker({ connections, shown, onChange }: ConnectionPickerProps): ReactNode {
  const selectId = useId();
  const t = useText();
  if (connections.length <= 1) {
    return <span className={styles.picker}>{t(TEXT.single(shown.connection, shown.client, shown.server))}</span>;
  }
  return (
    <label className={styles.picker} htmlFor={selectId}>
      {t(TEXT.label)}{' '}
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

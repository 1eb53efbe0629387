/**
 * Which of the session's TLS connections the handshake view and the certificate viewer show: a select of
 * `#3 127.0.0.1:51250 → rsa · TLS 1.2` when there are several, the connection's name alone when there is one.
 * The number is the session's, as the packet list, the ladder and the server timeline number it.
 */

import { type ReactNode, useId } from 'react';
import { handshakeTitle } from '../../lab-client/tls-fields';
import { handshakeKey } from '../../lab-client/tls-state';
import type { TlsHandshake } from '../../protocol';
import { useText } from '../i18n/useText';
import styles from '../views/ConnectionPicker/styles.module.css';
import { TEXT } from './text';

export interface HandshakePickerProps {
  readonly handshakes: readonly TlsHandshake[];
  readonly shown: TlsHandshake;
  readonly onChoose: (key: string) => void;
}

export default function HandshakePicker({ handshakes, shown, onChoose }: HandshakePickerProps): ReactNode {
  const selectId = useId();
  const t = useText();
  if (handshakes.length <= 1) return <span className={styles.picker}>{t(TEXT.single(handshakeTitle(shown)))}</span>;
  return (
    <label className={styles.picker} htmlFor={selectId}>
      {t(TEXT.picker)}{' '}
      <select id={selectId} value={handshakeKey(shown)} onChange={(event) => onChoose(event.target.value)}>
        {handshakes.map((handshake) => (
          <option key={handshakeKey(handshake)} value={handshakeKey(handshake)}>
            {handshakeTitle(handshake)}
          </option>
        ))}
      </select>
    </label>
  );
}

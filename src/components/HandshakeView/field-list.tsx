/**
 * A message's or a certificate's fields as a two-column list of names and values, as Wireshark's detail pane
 * lists them; the handshake view and the certificate viewer both use it. Values are React nodes built from the
 * peer's data as text.
 */

import type { ReactNode } from 'react';
import type { Localized } from '../../common/localized';
import { useText } from '../i18n/useText';
import styles from './styles.module.css';

/** A field's name, and its value; rows without a value are left out by the caller. */
export type FieldRow = readonly [Localized, ReactNode];

export default function FieldList({ rows }: { readonly rows: readonly FieldRow[] }): ReactNode {
  const t = useText();
  return (
    <dl className={styles.fields}>
      {rows.map(([name, value]) => (
        <div key={name.en} className={styles.field}>
          <dt>{t(name)}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

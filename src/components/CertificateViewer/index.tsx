/**
 * The certificate viewer: the certificates the chosen TLS connection actually received — the server's chain, and
 * the client's under mutual TLS — each drawn leaf → intermediate → root with its fields and the verification
 * steps, as the lab server judged them as a client (or server) of the class PKI would; and a paste box that asks
 * the lab server about any certificate the student has. The connection is the one the handshake view shows. Loaded
 * with its tab, not with the panel.
 */

import type { ReactNode } from 'react';
import type { CertificateInspection, InspectRequest } from '../../lab-client/tls-state';
import type { TlsHandshake } from '../../protocol';
import HandshakePicker from '../HandshakeView/picker';
import { useText } from '../i18n/useText';
import ChainReport from './chain';
import CertificatePaste from './paste';
import styles from './styles.module.css';
import { TEXT } from './text';

export interface CertificateViewerProps {
  readonly handshakes: readonly TlsHandshake[];
  readonly shown: TlsHandshake | undefined;
  readonly onChoose: (key: string) => void;
  readonly inspection: CertificateInspection;
  readonly onInspect: ((request: InspectRequest) => void) | undefined;
}

export default function CertificateViewer({
  handshakes,
  shown,
  onChoose,
  inspection,
  onInspect,
}: CertificateViewerProps): ReactNode {
  const t = useText();
  // Validity is judged by the page's clock, read once per render: a certificate expires while the tab is open.
  const now = Date.now();
  return (
    <div className={styles.viewer}>
      {shown === undefined ? (
        <p className={styles.note}>{t(TEXT.noHandshake)}</p>
      ) : (
        <div data-handshake-certificates={`${shown.server}#${shown.connection}`}>
          <div className={styles.toolbar}>
            <HandshakePicker handshakes={handshakes} shown={shown} onChoose={onChoose} />
          </div>
          {shown.serverChain === undefined ? (
            <p className={styles.note}>{t(TEXT.noChain)}</p>
          ) : (
            <ChainReport report={shown.serverChain} title={TEXT.serverChain} now={now} />
          )}
          {shown.clientChain !== undefined && (
            <ChainReport report={shown.clientChain} title={TEXT.clientChain} now={now} />
          )}
        </div>
      )}
      <CertificatePaste inspection={inspection} onInspect={onInspect} now={now} />
    </div>
  );
}

/**
 * What a TLS lab's students download for their own programs from the class PKI: the class CA to trust, and the
 * session's own client certificate and key (PEM, and PKCS#12 with its password) for mutual TLS, each with one
 * line on why a program wants it. The links are the welcome's paths on the lab server's own origin, checked like
 * the capture's (`lab-server-url.ts`), so a confused server cannot point them elsewhere.
 */

import { memo, type ReactNode } from 'react';
import type { Localized } from '../../common/localized';
import { captureDownloadUrl } from '../../lab-client/lab-server-url';
import type { PkiDownloads as PkiDownloadPaths } from '../../protocol';
import CopyButton from '../CopyButton';
import { useText } from '../i18n/useText';
import part from '../LabPanel/part.module.css';
import styles from './styles.module.css';
import { TEXT } from './text';

export interface PkiDownloadsProps {
  readonly pki: PkiDownloadPaths;
  /** The lab server's WebSocket URL, whose HTTP origin serves the files. */
  readonly wsUrl: string;
}

export default memo(function PkiDownloads({ pki, wsUrl }: PkiDownloadsProps): ReactNode {
  const t = useText();
  const files: readonly {
    readonly path: string;
    readonly name: Localized;
    readonly why: Localized;
    readonly id: string;
  }[] = [
    { id: 'ca', path: pki.ca, name: TEXT.ca, why: TEXT.caWhy },
    { id: 'certificate', path: pki.clientCertificate, name: TEXT.certificate, why: TEXT.certificateWhy },
    { id: 'key', path: pki.clientKey, name: TEXT.key, why: TEXT.keyWhy },
    { id: 'pkcs12', path: pki.clientPkcs12, name: TEXT.pkcs12, why: TEXT.pkcs12Why },
  ];
  return (
    <details className={styles.pki} data-pki open>
      <summary className={part.title}>{t(TEXT.title)}</summary>
      <ul className={styles.files}>
        {files.map((file) => {
          const href = captureDownloadUrl(file.path, wsUrl);
          return (
            <li key={file.id} className={styles.file} data-pki-file={file.id}>
              {href === undefined ? (
                <span>{t(file.name)}</span>
              ) : (
                <a href={href} download>
                  {t(file.name)}
                </a>
              )}
              <span className={styles.why}>{t(file.why)}</span>
              {file.id === 'pkcs12' && (
                <span className={styles.password}>
                  {t(TEXT.password)} <code>{pki.pkcs12Password}</code>
                  <CopyButton text={pki.pkcs12Password} label={t(TEXT.copyPassword)} />
                </span>
              )}
            </li>
          );
        })}
      </ul>
    </details>
  );
});

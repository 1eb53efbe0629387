/**
 * The viewer's paste box: a certificate or chain in PEM, and, folded away, a private key to check against it and
 * a host name to check it for. It sends `inspect-certificate` and shows the lab server's report under the box,
 * or its error (LAB_ERR_CERT_*, LAB_ERR_KEY_*) with the catalog's sentence. What is pasted stays in the box;
 * the key is sent for the one check and kept by neither side.
 */

import { type ReactNode, useId, useState } from 'react';
import type { CertificateInspection, InspectRequest } from '../../lab-client/tls-state';
import { useText } from '../i18n/useText';
import ChainReport from './chain';
import styles from './styles.module.css';
import { TEXT } from './text';

export interface CertificatePasteProps {
  readonly inspection: CertificateInspection;
  /** Undefined while the session is not live. */
  readonly onInspect: ((request: InspectRequest) => void) | undefined;
  readonly now: number;
}

export default function CertificatePaste({ inspection, onInspect, now }: CertificatePasteProps): ReactNode {
  const [pem, setPem] = useState('');
  const [key, setKey] = useState('');
  const [host, setHost] = useState('');
  const t = useText();
  const baseId = useId();
  const pending = inspection.state === 'pending';
  return (
    <section className={styles.paste} aria-labelledby={`${baseId}-title`} data-certificate-paste>
      <h5 id={`${baseId}-title`} className={styles.chainTitle}>
        {t(TEXT.pasteTitle)}
      </h5>
      <p className={styles.intro}>{t(TEXT.pasteIntro)}</p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (onInspect === undefined || pem.trim() === '') return;
          onInspect({ pem, key: key.trim(), host: host.trim() });
        }}
      >
        <label className={styles.label} htmlFor={`${baseId}-pem`}>
          {t(TEXT.pemLabel)}
        </label>
        <textarea
          id={`${baseId}-pem`}
          className={styles.textarea}
          rows={6}
          spellCheck={false}
          placeholder="-----BEGIN CERTIFICATE-----"
          value={pem}
          onChange={(event) => setPem(event.target.value)}
        />
        <details className={styles.optional}>
          <summary>{t(TEXT.optional)}</summary>
          <label className={styles.label} htmlFor={`${baseId}-key`}>
            {t(TEXT.keyLabel)}
          </label>
          <textarea
            id={`${baseId}-key`}
            className={styles.textarea}
            rows={4}
            spellCheck={false}
            autoComplete="off"
            placeholder="-----BEGIN PRIVATE KEY-----"
            value={key}
            onChange={(event) => setKey(event.target.value)}
          />
          <label className={styles.label} htmlFor={`${baseId}-host`}>
            {t(TEXT.hostLabel)}
          </label>
          <input
            id={`${baseId}-host`}
            className={styles.input}
            type="text"
            spellCheck={false}
            placeholder="localhost"
            value={host}
            onChange={(event) => setHost(event.target.value)}
          />
        </details>
        <button
          type="submit"
          className="button button--primary button--sm"
          disabled={onInspect === undefined || pending || pem.trim() === ''}
        >
          {t(TEXT.inspect)}
        </button>
      </form>
      {onInspect === undefined && <p className={styles.note}>{t(TEXT.notLive)}</p>}
      {pending && (
        <p className={styles.note} aria-live="polite">
          {t(TEXT.pending)}
        </p>
      )}
      {inspection.state === 'failed' && (
        <p className={styles.error} role="alert" data-error={inspection.code}>
          <code>{inspection.code}</code> {t(inspection.message)}
        </p>
      )}
      {inspection.state === 'done' && (
        <ChainReport report={inspection.report} title={TEXT.yourCertificate} now={now} pasted />
      )}
    </section>
  );
}

/**
 * One certificate chain report: the verdict first (trusted, or the verifier's error name and the advice on
 * fixing it, prominent), then the chain drawn from the leaf down to the root, each certificate with where it came
 * from (sent by the peer or pasted, or found in the trust store), whether it is valid now, its verification steps ✓/✗/…
 * with their evidence, its fields, and its PEM to copy or download. Every string of a certificate is the peer's
 * data and is rendered as React text only: a subject of `<img src=x onerror=…>` shows as those characters.
 */

import clsx from 'clsx';
import type { ReactNode } from 'react';
import type { Localized } from '../../common/localized';
import {
  basicConstraintsText,
  certificateOrigin,
  formatCertificateDate,
  pemDownloadHref,
  pemFileName,
  publicKeyText,
  shortName,
  stepsFor,
  type Validity,
  validityAt,
} from '../../lab-client/certificate-format';
import type { CertificateChainReport, CertificateSummary } from '../../protocol';
import CopyButton from '../CopyButton';
import FieldList, { type FieldRow } from '../HandshakeView/field-list';
import { useText } from '../i18n/useText';
import StateIcon from '../StateIcon';
import styles from './styles.module.css';
import { STEP_TEXT, TEXT } from './text';

export interface ChainReportProps {
  readonly report: CertificateChainReport;
  readonly title: Localized;
  /** The time to judge validity at (epoch ms): the page's clock. */
  readonly now: number;
  /** The report is of certificates the student pasted, not of ones a peer sent in a handshake. */
  readonly pasted?: boolean;
}

const VALIDITY_TEXT: Readonly<Record<Validity, Localized>> = {
  valid: TEXT.valid,
  expired: TEXT.expired,
  'not-yet-valid': TEXT.notYetValid,
};

export default function ChainReport({ report, title, now, pasted = false }: ChainReportProps): ReactNode {
  const t = useText();
  return (
    <section className={styles.chain} data-trusted={report.trusted} data-code={report.code}>
      <h5 className={styles.chainTitle}>{t(title)}</h5>
      <div className={clsx(styles.verdict, report.trusted ? styles.verdictOk : styles.verdictBad)} role="status">
        <StateIcon state={report.trusted ? 'passed' : 'failed'} />
        <div>
          <strong>
            {report.trusted
              ? t(TEXT.trusted)
              : report.code === undefined
                ? t(TEXT.untrustedNoCode)
                : t(TEXT.untrusted(report.code))}
          </strong>
          {!report.trusted && report.advice !== undefined && <p className={styles.advice}>{report.advice}</p>}
        </div>
      </div>
      <ol className={styles.certificates}>
        {report.certificates.map((certificate, index) => (
          <CertificateCard
            // biome-ignore lint/suspicious/noArrayIndexKey: a chain's order is its meaning; a peer may send one twice
            key={index}
            report={report}
            certificate={certificate}
            index={index}
            now={now}
            pasted={pasted}
          />
        ))}
      </ol>
    </section>
  );
}

function role(report: CertificateChainReport, certificate: CertificateSummary, index: number): Localized {
  if (index === 0) return TEXT.leaf;
  if (index === report.certificates.length - 1 && certificate.selfIssued) return TEXT.root;
  return TEXT.intermediate;
}

interface CardProps {
  readonly report: CertificateChainReport;
  readonly certificate: CertificateSummary;
  readonly index: number;
  readonly now: number;
  readonly pasted: boolean;
}

function CertificateCard({ report, certificate, index, now, pasted }: CardProps): ReactNode {
  const t = useText();
  const validity = validityAt(certificate, now);
  const origin = certificateOrigin(report, index);
  const steps = stepsFor(report, index);
  const name = shortName(certificate.subject);
  return (
    <li className={styles.certificate} data-certificate={index} data-origin={origin} data-validity={validity}>
      {index > 0 && <p className={styles.issuedBy}>{t(TEXT.issuedBy)}</p>}
      <div className={clsx(styles.card, origin === 'trust-store' && styles.fromStore)}>
        <div className={styles.cardHead}>
          <span className={styles.role}>{t(role(report, certificate, index))}</span>
          <span className={styles.origin}>
            {t(origin === 'trust-store' ? TEXT.trustStore : pasted ? TEXT.pasted : TEXT.sent)}
          </span>
          <span className={clsx(styles.validity, validity !== 'valid' && styles.invalid)}>
            {t(VALIDITY_TEXT[validity])}
          </span>
        </div>
        <p className={styles.name}>{name}</p>
        <p className={styles.subject}>{certificate.subject}</p>
        {steps.length > 0 && (
          <ul className={styles.steps} aria-label={t(TEXT.steps)}>
            {steps.map((step, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the report's steps in its order
              <li key={i} className={styles.step} data-step={step.kind} data-state={step.state}>
                <StateIcon state={step.state} />
                <span>
                  <strong>{t(STEP_TEXT[step.kind])}</strong> {step.detail}
                </span>
              </li>
            ))}
          </ul>
        )}
        <details className={styles.fieldsBox} open={index === 0}>
          <summary>{t(TEXT.fields)}</summary>
          <CertificateFields certificate={certificate} validity={validity} />
        </details>
        <div className={styles.pem}>
          <CopyButton text={certificate.pem} label={t(TEXT.copyPem(name))} />
          <a className={styles.download} href={pemDownloadHref(certificate.pem)} download={pemFileName(certificate)}>
            {t(TEXT.downloadPem)}
          </a>
        </div>
      </div>
    </li>
  );
}

function CertificateFields({
  certificate,
  validity,
}: {
  readonly certificate: CertificateSummary;
  readonly validity: Validity;
}): ReactNode {
  const t = useText();
  const list = (items: readonly string[]) =>
    items.length === 0 ? (
      t(TEXT.none)
    ) : (
      <ul className={styles.values}>
        {items.map((item, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the certificate's own order
          <li key={i}>{item}</li>
        ))}
      </ul>
    );
  const rows: FieldRow[] = [
    [TEXT.subject, certificate.subject],
    [TEXT.issuer, certificate.issuer],
    [TEXT.serial, <code key="serial">{certificate.serial}</code>],
    [
      TEXT.notBefore,
      <span key="nb" className={clsx(validity === 'not-yet-valid' && styles.invalid)}>
        {formatCertificateDate(certificate.notBefore)}
        {validity === 'not-yet-valid' && ` · ${t(TEXT.notYetValid)}`}
      </span>,
    ],
    [
      TEXT.notAfter,
      <span key="na" className={clsx(validity === 'expired' && styles.invalid)}>
        {formatCertificateDate(certificate.notAfter)}
        {validity === 'expired' && ` · ${t(TEXT.expired)}`}
      </span>,
    ],
    [TEXT.subjectAltNames, list(certificate.subjectAltNames)],
    [TEXT.keyUsage, certificate.keyUsage.length === 0 ? t(TEXT.absent) : certificate.keyUsage.join(', ')],
    [
      TEXT.extendedKeyUsage,
      certificate.extendedKeyUsage.length === 0 ? t(TEXT.absent) : certificate.extendedKeyUsage.join(', '),
    ],
    [TEXT.basicConstraints, basicConstraintsText(certificate.basicConstraints) ?? t(TEXT.absent)],
    [TEXT.publicKey, publicKeyText(certificate.publicKey)],
    [TEXT.signatureAlgorithm, certificate.signatureAlgorithm],
    [TEXT.sha256, <code key="sha256">{certificate.sha256Fingerprint}</code>],
    [TEXT.sha1, <code key="sha1">{certificate.sha1Fingerprint}</code>],
    [TEXT.crl, list(certificate.crlDistributionPoints)],
    [TEXT.ocsp, list(certificate.ocspResponders)],
  ];
  if (certificate.selfIssued) rows.push([TEXT.selfIssuedName, t(TEXT.selfIssued)]);
  return <FieldList rows={rows} />;
}

/**
 * Verifies a certificate chain the way OpenSSL (and so Node's `tls` and Python's `ssl`) verifies it, one step at
 * a time, and says what each step found: the signature by the issuer, the dates, the issuer's right to issue,
 * the key's strength, the leaf's name, purpose and revocation, and whether the chain reaches a trusted root.
 * Failures are ordered as `X509_verify_cert` finds them (x509_vfy.c `verify_chain`: build the chain,
 * extensions, security level, revocation, then signatures and dates from the root down; Node checks the host
 * name after the handshake), and the report's `code` is the one Node's `tls` gives (`reportedFailure`), so the
 * viewer and a student's own program name a failure alike. It never throws: a peer's certificates may be anything, and what cannot be read
 * is reported as such. Texts stay `Localized` until the edge that knows the page's language
 * (`chainReportIn`), as checks do.
 */

import { checkServerIdentity } from 'node:tls';
import * as asn from '@peculiar/asn1-x509';
import { type Locale, type Localized, pick, sentences, verbatim } from '../../src/common/localized';
import type {
  CertificateChainReport,
  CertificateSummary,
  VerificationStep,
  VerificationStepKind,
} from '../../src/protocol/certificate';
import { EXTENDED_KEY_USAGES, rfc4514, signatureAlgorithmName, summarizeCertificate } from './certificate-summary';
import { buildPath, type ChainPath, MAX_CHAIN_CERTIFICATES, trustedCertificates } from './chain-path';
import { CHAIN_TEXT as TEXT } from './chain-report-text';
import { adviceFor } from './failure-advice';
import { attempt, ParsedCertificate, sameBytes } from './parsed-certificate';

export { MAX_CHAIN_CERTIFICATES } from './chain-path';

export type RevocationStatus = 'good' | 'revoked' | 'unknown';

export interface ChainReportOptions {
  /** The roots the verifier trusts, PEM (one or more certificates each). */
  readonly trusted: readonly string[];
  /** The host name or IP address the client asked for (SNI); none skips the name step. */
  readonly host?: string;
  /** How the leaf is used: a server's certificate (serverAuth) or a client's (clientAuth, mutual TLS). */
  readonly purpose: 'server' | 'client';
  readonly now?: Date;
  /** Asks the CRL or OCSP responder about the leaf; none leaves revocation pending. */
  readonly revocation?: (serial: string, issuerPem: string) => RevocationStatus;
}

/** `VerificationStep` with its evidence in every language. */
export type LocalizedVerificationStep = Omit<VerificationStep, 'detail'> & { readonly detail: Localized };

/** `CertificateChainReport` with its texts in every language. */
export type LocalizedChainReport = Omit<CertificateChainReport, 'steps' | 'advice'> & {
  readonly steps: readonly LocalizedVerificationStep[];
  readonly advice?: Localized;
};

/** A failure as OpenSSL orders them: the phase of `verify_chain` it belongs to, then its place in that phase. */
interface Failure {
  readonly code: string;
  readonly order: number;
}

interface Step extends LocalizedVerificationStep {
  /** What OpenSSL reports for it; a step may find two things wrong (a short key and a SHA-1 signature). */
  readonly failures?: readonly Failure[];
}

/** The phases of OpenSSL's `verify_chain`, and Node's host check after it. */
const PHASE = { build: 0, extensions: 1, level: 2, revocation: 3, verify: 4, name: 5 } as const;

export function buildChainReport(
  certificates: readonly Uint8Array[],
  options: ChainReportOptions,
): LocalizedChainReport {
  const now = options.now ?? new Date();
  const looked = certificates.slice(0, MAX_CHAIN_CERTIFICATES);
  const notes: Localized[] = [];
  if (certificates.length > MAX_CHAIN_CERTIFICATES) {
    notes.push(TEXT.limited(certificates.length, MAX_CHAIN_CERTIFICATES));
  }

  const sent: ParsedCertificate[] = [];
  for (const [index, der] of looked.entries()) {
    const parsed = read(der);
    if (typeof parsed === 'string') {
      return unreadableReport(sent, index, parsed, notes);
    }
    sent.push(parsed);
  }
  const leaf = sent[0];
  if (leaf === undefined) {
    return unreadableReport([], 0, undefined, notes);
  }

  const anchors = trustedCertificates(options.trusted);
  const chain = buildPath(sent, anchors);
  // The certificates shown: as sent, then the trusted root the path ended at if the peer did not send it.
  const shown = [...sent];
  const position = chain.path.map((link) => {
    const index = shown.findIndex((each) => sameBytes(each.der, link.der));
    if (index >= 0) return index;
    shown.push(link);
    return shown.length - 1;
  });
  const summaries = shown.map(summarizeCertificate);
  const name = (certificate: ParsedCertificate) =>
    summaries[shown.findIndex((each) => sameBytes(each.der, certificate.der))]?.subject ?? '';

  const steps: Step[] = [];
  for (const [depth, certificate] of chain.path.entries()) {
    const at = position[depth] ?? depth;
    const issuer = chain.path[depth + 1];
    const isAnchor = depth === chain.path.length - 1 && chain.trusted;
    steps.push({
      ...signatureStep(certificate, issuer, isAnchor, name, chain.path.length - 1 - depth),
      certificate: at,
    });
    steps.push({ ...validityStep(certificate, now, chain.path.length - 1 - depth), certificate: at });
    if (depth > 0) steps.push({ ...issuerStep(chain.path, depth), certificate: at });
    steps.push({ ...strengthStep(certificate, depth, chain.path.length), certificate: at });
    if (depth === 0) {
      if (options.host !== undefined && options.host !== '') {
        steps.push({ ...nameStep(certificate, options.host, summaries[0]), certificate: 0 });
      }
      steps.push({ ...purposeStep(certificate, options.purpose), certificate: 0 });
      steps.push({ ...revocationStep(certificate, issuer, summaries[0], options.revocation), certificate: 0 });
    }
  }
  const unused = sent.filter((certificate) => !chain.path.includes(certificate)).length;
  if (unused > 0) notes.push(TEXT.unused(unused));
  // The chain step is about the certificate the path ended at, as `certificates` numbers it.
  const end = position[position.length - 1] ?? 0;
  steps.push(chainStep(chain, sent, options.purpose, name, steps, notes, end));

  const reported = reportedFailure(steps.flatMap((step) => step.failures ?? []));
  const advice = reported === undefined ? undefined : adviceFor(reported.code);
  return {
    certificates: summaries,
    sent: sent.length,
    steps: steps.map(({ failures: _, ...step }) => step),
    trusted: reported === undefined && steps.every((step) => step.state !== 'failed'),
    ...(reported === undefined ? {} : { code: reported.code }),
    ...(advice === undefined ? {} : { advice: sentences(advice.meaning, advice.fix) }),
  };
}

/** The report in one language, as the page and checks get it. */
export function chainReportIn(report: LocalizedChainReport, locale: Locale): CertificateChainReport {
  return {
    certificates: report.certificates,
    sent: report.sent,
    steps: report.steps.map((step) => ({ ...step, detail: pick(step.detail, locale) })),
    trusted: report.trusted,
    ...(report.code === undefined ? {} : { code: report.code }),
    ...(report.advice === undefined ? {} : { advice: pick(report.advice, locale) }),
  };
}

function read(der: Uint8Array): ParsedCertificate | string {
  try {
    return new ParsedCertificate(der);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

function unreadableReport(
  sent: readonly ParsedCertificate[],
  index: number,
  reason: string | undefined,
  notes: readonly Localized[],
): LocalizedChainReport {
  const detail = reason === undefined ? TEXT.nothingSent : TEXT.unreadable(index + 1, reason);
  const certificates = sent.map(summarizeCertificate);
  return {
    certificates,
    sent: sent.length,
    steps: [
      {
        kind: 'chain',
        certificate: Math.min(index, Math.max(0, certificates.length - 1)),
        state: 'failed',
        detail: sentences(detail, ...notes),
      },
    ],
    trusted: false,
  };
}

type StepBody = Omit<Step, 'certificate'>;

function passed(kind: VerificationStepKind, detail: Localized): StepBody {
  return { kind, state: 'passed', detail };
}

function failed(kind: VerificationStepKind, detail: Localized, code: string, order: number): StepBody {
  return { kind, state: 'failed', detail, failures: [{ code, order }] };
}

/**
 * The failure Node reports. Node's verify callback lets OpenSSL go on after each error, so the last error of
 * `X509_verify_cert` stands (a lone leaf without its issuer: 20, then 21 when the signatures are walked, and
 * 21 it is); Node checks the host only when OpenSSL found nothing. `openssl verify` and Python stop at the
 * first error instead; each failing step names its own.
 */
function reportedFailure(failures: readonly Failure[]): Failure | undefined {
  const openssl = failures.filter((failure) => failure.order < PHASE.name * 1000);
  const pool = openssl.length > 0 ? openssl : failures;
  return [...pool].sort((a, b) => b.order - a.order)[0];
}

function pending(kind: VerificationStepKind, detail: Localized): StepBody {
  return { kind, state: 'pending', detail };
}

/** OpenSSL's `internal_verify` goes from the top of the chain down; `fromTop` is 0 for the topmost certificate. */
function verifyOrder(fromTop: number, dates: boolean): number {
  return PHASE.verify * 1000 + fromTop * 2 + (dates ? 1 : 0);
}

function signatureStep(
  certificate: ParsedCertificate,
  issuer: ParsedCertificate | undefined,
  isAnchor: boolean,
  name: (certificate: ParsedCertificate) => string,
  fromTop: number,
): StepBody {
  const algorithm = summarizeAlgorithm(certificate);
  if (issuer === undefined) {
    if (certificate.selfSigned) {
      return passed('signature', TEXT.selfSigned(algorithm));
    }
    if (isAnchor) return pending('signature', TEXT.anchorUnchecked(algorithm));
    return pending('signature', TEXT.issuerUnavailable(issuerName(certificate)));
  }
  if (certificate.verifiedBy(issuer)) return passed('signature', TEXT.signedBy(name(issuer), algorithm));
  return failed(
    'signature',
    TEXT.signatureBad(name(issuer), algorithm),
    'CERT_SIGNATURE_FAILURE',
    verifyOrder(fromTop, false),
  );
}

function summarizeAlgorithm(certificate: ParsedCertificate): string {
  return signatureAlgorithmName(certificate.signatureAlgorithmOid);
}

function issuerName(certificate: ParsedCertificate): string {
  const tbs = certificate.tbs;
  return tbs === undefined ? certificate.x509.issuer.split('\n').reverse().join(', ') : rfc4514(tbs.issuer);
}

function validityStep(certificate: ParsedCertificate, now: Date, fromTop: number): StepBody {
  const from = certificate.notBefore;
  const to = certificate.notAfter;
  const order = verifyOrder(fromTop, true);
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) {
    return failed('validity', TEXT.expired(certificate.x509.validTo, duration(0)), 'CERT_HAS_EXPIRED', order);
  }
  if (now < from) {
    return failed(
      'validity',
      TEXT.notYetValid(iso(from), duration(from.getTime() - now.getTime())),
      'CERT_NOT_YET_VALID',
      order,
    );
  }
  if (now > to) {
    return failed('validity', TEXT.expired(iso(to), duration(now.getTime() - to.getTime())), 'CERT_HAS_EXPIRED', order);
  }
  return passed('validity', TEXT.valid(iso(from), iso(to), duration(to.getTime() - now.getTime())));
}

/** RFC 5280 §6.1.4 (k), (l), (n): an issuer is a CA, within its path length, with keyCertSign if it has keyUsage. */
function issuerStep(path: readonly ParsedCertificate[], depth: number): StepBody {
  const certificate = path[depth] as ParsedCertificate;
  const order = PHASE.extensions * 1000 + depth * 2;
  const basic = certificate.basicConstraints;
  const usage = certificate.keyUsage;
  if (basic === undefined || !basic.cA) {
    // OpenSSL's X509_check_ca takes a version 1 self-signed certificate (no extensions at all) for a CA.
    const v1 = certificate.tbs?.version === 0 && certificate.selfIssued;
    if (v1) return passed('issuer', TEXT.v1Root);
    return failed('issuer', TEXT.notCa, 'INVALID_CA', order);
  }
  if (usage !== undefined && !usage.includes('keyCertSign')) {
    return failed('issuer', TEXT.noCertSign, 'INVALID_CA', order);
  }
  // Intermediates below this one, not counting self-issued ones (RFC 5280 §4.2.1.9).
  const below = path.slice(1, depth).filter((link) => !link.selfIssued).length;
  const limit = basic.pathLenConstraint;
  if (limit !== undefined && below > limit) {
    return failed('issuer', TEXT.pathTooLong(limit, below), 'PATH_LENGTH_EXCEEDED', order + 1);
  }
  return passed('issuer', TEXT.mayIssue(limit === undefined ? verbatim('') : TEXT.pathLimit(limit)));
}

/**
 * OpenSSL security level 2 (`check_auth_level`): every key of the chain at least 112 bits of security (RSA,
 * DSA, DH 2048, EC 224), and every signature but the trust anchor's made with a hash stronger than SHA-1.
 */
function strengthStep(certificate: ParsedCertificate, depth: number, length: number): StepBody {
  const key = certificate.publicKey;
  const summary = keyText(key);
  const order = PHASE.level * 1000 + depth * 2;
  const minimum = key.type === 'ec' ? 224 : 2048;
  const sized = ['rsa', 'rsa-pss', 'dsa', 'dh', 'ec'].includes(key.type);
  const algorithm = summarizeAlgorithm(certificate);
  const found: { readonly text: Localized; readonly failure: Failure }[] = [];
  if (sized && key.bits !== undefined && key.bits < minimum) {
    const code = depth === 0 ? 'EE_KEY_TOO_SMALL' : 'CA_KEY_TOO_SMALL';
    found.push({ text: TEXT.weakKey(summary), failure: { code, order } });
  }
  // The trust anchor's own signature is not judged: nothing relies on it (`check_sig_level` stops below it).
  if (depth < length - 1 && /sha1|md5/i.test(algorithm)) {
    found.push({ text: TEXT.weakHash(algorithm), failure: { code: 'CA_MD_TOO_WEAK', order: order + 1 } });
  }
  if (found.length === 0) return passed('strength', TEXT.strong(summary, algorithm));
  return {
    kind: 'strength',
    state: 'failed',
    detail: found.map((each) => each.text).reduce((first, second) => TEXT.alsoFound(first, second)),
    failures: found.map((each) => each.failure),
  };
}

function keyText(key: ParsedCertificate['publicKey']): string {
  const name = key.type === 'ec' ? 'EC' : key.type.toUpperCase();
  if (key.curve !== undefined) return `${name} ${key.curve}`;
  if (key.bits !== undefined) return `${name} ${key.bits}`;
  return name;
}

/** RFC 6125 as Node checks it after the handshake (`tls.checkServerIdentity`): DNS SANs, IP SANs for addresses. */
function nameStep(certificate: ParsedCertificate, host: string, summary: CertificateSummary | undefined): StepBody {
  const names =
    summary === undefined || summary.subjectAltNames.length === 0 ? undefined : summary.subjectAltNames.join(', ');
  const shown = names === undefined ? TEXT.noNames : verbatim(names);
  const legacy = attempt(() => certificate.x509.toLegacyObject());
  const error = legacy === undefined ? new Error('unreadable') : attempt(() => checkServerIdentity(host, legacy));
  if (error === undefined) return passed('name', TEXT.nameOk(host, shown));
  return failed('name', TEXT.nameBad(host, shown), 'ERR_TLS_CERT_ALTNAME_INVALID', PHASE.name * 1000);
}

function purposeStep(certificate: ParsedCertificate, purpose: 'server' | 'client'): StepBody {
  const usages = certificate.extendedKeyUsage;
  const wanted = purpose === 'server' ? asn.id_kp_serverAuth : asn.id_kp_clientAuth;
  if (usages === undefined) return passed('purpose', TEXT.purposeAny);
  if (usages.includes(wanted) || usages.includes(ANY_EXTENDED_KEY_USAGE))
    return passed('purpose', TEXT.purposeOk(purpose));
  const has = usages.map((oid) => EXTENDED_KEY_USAGES[oid] ?? oid).join(', ');
  return failed(
    'purpose',
    TEXT.purposeBad(purpose === 'server' ? 'serverAuth' : 'clientAuth', has === '' ? '—' : has),
    'INVALID_PURPOSE',
    PHASE.extensions * 1000,
  );
}

const ANY_EXTENDED_KEY_USAGE = '2.5.29.37.0';

function revocationStep(
  certificate: ParsedCertificate,
  issuer: ParsedCertificate | undefined,
  summary: CertificateSummary | undefined,
  revocation: ChainReportOptions['revocation'],
): StepBody {
  if (revocation === undefined) return pending('revocation', TEXT.revocationNotAsked);
  if (issuer === undefined || issuer === certificate) return pending('revocation', TEXT.revocationNoIssuer);
  const serial = summary?.serial ?? certificate.x509.serialNumber.toLowerCase();
  const status = attempt(() => revocation(serial, issuer.x509.toString())) ?? 'unknown';
  if (status === 'good') return passed('revocation', TEXT.revocationGood);
  if (status === 'revoked') {
    return failed('revocation', TEXT.revocationRevoked(serial), 'CERT_REVOKED', PHASE.revocation * 1000);
  }
  return pending('revocation', TEXT.revocationUnknown);
}

/**
 * Whether the chain reaches a trusted root, and if not, OpenSSL's reason (`build_chain`): a lone self-signed
 * certificate (18), an untrusted self-signed root at the end (19), or an issuer nowhere to be found — for a lone
 * leaf 21, "unable to verify the first certificate", which Node reports for a missing intermediate; else 20.
 */
function chainStep(
  chain: ChainPath,
  sent: readonly ParsedCertificate[],
  purpose: 'server' | 'client',
  name: (certificate: ParsedCertificate) => string,
  steps: readonly Step[],
  notes: readonly Localized[],
  at: number,
): Step {
  const last = chain.path[chain.path.length - 1] as ParsedCertificate;
  const order = PHASE.build * 1000;
  const step = (body: StepBody): Step => ({
    ...body,
    certificate: at,
    detail: sentences(body.detail, ...notes),
  });
  if (chain.trusted) {
    const broken = steps.some((other) => other.kind === 'signature' && other.state === 'failed');
    // The signature step carries the code; the chain fails with it.
    if (broken) return { ...step(pending('chain', TEXT.signatureBroken)), state: 'failed' };
    return step(passed('chain', TEXT.trusted(name(last), chain.path.length)));
  }
  if (chain.end === 'self-signed') {
    if (chain.path.length === 1) {
      return step(failed('chain', TEXT.selfSignedLeaf(name(last)), 'DEPTH_ZERO_SELF_SIGNED_CERT', order));
    }
    return step(failed('chain', TEXT.untrustedRoot(name(last)), 'SELF_SIGNED_CERT_IN_CHAIN', order));
  }
  const peer = purpose === 'server' ? TEXT.server : TEXT.client;
  if (chain.path.length === 1 && sent.length <= 1) {
    return step(failed('chain', TEXT.incomplete(peer, issuerName(last)), 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', order));
  }
  const code = chain.path.length === 1 ? 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' : 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY';
  return step(failed('chain', TEXT.issuerMissing(name(last), issuerName(last)), code, order));
}

/** `2026-12-01 06:54:41 UTC`, as the viewer writes a certificate's fields, so a step and its field read alike. */
function iso(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** A span as a person says it: the largest unit that fits, whole. */
function duration(milliseconds: number): Localized {
  const seconds = Math.max(0, Math.floor(milliseconds / 1000));
  if (seconds >= 86_400) return TEXT.days(Math.floor(seconds / 86_400));
  if (seconds >= 3600) return TEXT.hours(Math.floor(seconds / 3600));
  if (seconds >= 60) return TEXT.minutes(Math.floor(seconds / 60));
  return TEXT.seconds(seconds);
}

/**
 * The verification `connect --tls` does itself, once the handshake has given it the server's certificates, so
 * that it can narrate each step rather than one verdict: the chain the server sent, as the TLS library received
 * it, checked step by step by the chain report (lab-server/certificates/) against what `--ca` trusts, for the
 * host asked for, with the revocation status the server stapled or the class CRL gives.
 */

import { X509Certificate } from 'node:crypto';
import tls from 'node:tls';
import { localized } from '../../src/common/localized';
import type { CertificateSummary, CheckState } from '../../src/protocol';
import { buildChainReport } from '../certificates/chain-report';
import { mapText, type ShellText } from './shell-text';
import type { ShellTls, TlsRequest } from './tls-options';
import { revocationOf } from './tls-revocation';
import { visible } from './visible-text';

const TEXT = localized({
  en: {
    leaf: (subject: string) => `  leaf ${subject}:`,
    intermediate: (subject: string) => `  intermediate ${subject}:`,
    rootSent: (subject: string) => `  root (sent by the server) ${subject}:`,
    rootStore: (subject: string) => `  root (trust store) ${subject}:`,
  },
  'zh-Hans': {
    leaf: (subject) => `  叶子证书 ${subject}：`,
    intermediate: (subject) => `  中间证书 ${subject}：`,
    rootSent: (subject) => `  根证书（服务器发来的）${subject}：`,
    rootStore: (subject) => `  根证书（信任库里的）${subject}：`,
  },
});

/** The certificates a chain walk follows at most: far more than any real chain, and a bound on a loop. */
const MAX_CHAIN = 10;

export interface VerificationLine {
  readonly state: CheckState;
  readonly detail: ShellText;
}

/** The steps about one certificate of the chain, under a line naming it and its place (leaf, intermediate, root). */
export interface VerificationGroup {
  readonly heading: ShellText;
  readonly steps: readonly VerificationLine[];
}

export interface PeerVerification {
  /** The steps in the report's order, grouped by the certificate each is about (a new group where that changes). */
  readonly groups: readonly VerificationGroup[];
  /**
   * The first failure, by the code Node's `tls` gives it (`CERT_HAS_EXPIRED`, …), or the chain report's where
   * Node's says nothing (`UNSPECIFIED`, which Node gives a chain signed with SHA-1: `CA_MD_TOO_WEAK`); undefined
   * when all passed.
   */
  readonly code: string | undefined;
  /** The chain report's name for that failure where OpenSSL's differs. */
  readonly namedAs?: string;
  /** Node's own code, when `code` is the report's instead (Node said `UNSPECIFIED`). */
  readonly nodeCode?: string;
}

/** The peer's certificates as the TLS library received them, leaf first. */
export function peerChain(socket: tls.TLSSocket): X509Certificate[] {
  const chain: X509Certificate[] = [];
  const seen = new Set<string>();
  let certificate = socket.getPeerX509Certificate();
  // Bounded by MAX_CHAIN; a self-signed certificate is its own issuer and ends the walk.
  while (certificate !== undefined && chain.length < MAX_CHAIN && !seen.has(certificate.fingerprint256)) {
    seen.add(certificate.fingerprint256);
    chain.push(certificate);
    certificate = certificate.issuerCertificate;
  }
  return chain;
}

/** A certificate's subject for a narration line, its common name when it has one, escaped: it is peer data. */
export function subjectLine(der: Uint8Array): string {
  let subject: string;
  try {
    subject = new X509Certificate(der).subject;
  } catch {
    return '?';
  }
  const lines = subject.split('\n');
  const cn = lines.find((line) => line.startsWith('CN='));
  return visible(cn ?? lines.join(', '));
}

/**
 * Each step of verifying the chain the server sent (the chain report's: signature, validity, issuer, strength,
 * name, purpose, revocation, chain), and the code Node's `tls` gives the first failure. Node's own verdict on the
 * chain (`authorizationError`, OpenSSL's) is kept as a floor: what Node would refuse, the shell never accepts.
 */
export function verifyPeer(
  chain: readonly X509Certificate[],
  socket: tls.TLSSocket,
  request: TlsRequest,
  shellTls: ShellTls,
  stapled: Uint8Array | undefined,
): PeerVerification {
  const trusted = request.trust === 'class' ? [shellTls.caPem] : [...tls.rootCertificates];
  const report = buildChainReport(
    chain.map((certificate) => certificate.raw),
    { trusted, host: request.host, purpose: 'server', revocation: revocationOf(stapled, shellTls.crl?.()) },
  );
  const groups: { heading: ShellText; steps: VerificationLine[]; certificate: number }[] = [];
  for (const step of report.steps) {
    let group = groups[groups.length - 1];
    if (group?.certificate !== step.certificate) {
      const heading = headingOf(step.certificate, report.certificates[step.certificate], report.sent);
      group = { heading, steps: [], certificate: step.certificate };
      groups.push(group);
    }
    // A step's evidence quotes the certificates' names: the peer's data, escaped as the shell escapes peer bytes.
    group.steps.push({ state: step.state, detail: mapText(step.detail, visible) });
  }
  // Node's verdict on the chain (OpenSSL's), when it has one; the report's code covers the name and revocation.
  const node = socket.authorizationError === null ? undefined : String(socket.authorizationError);
  const shown = groups.map(({ heading, steps }) => ({ heading, steps }));
  if (node === 'UNSPECIFIED' && report.code !== undefined) return { groups: shown, code: report.code, nodeCode: node };
  const code = node ?? report.code;
  return {
    groups: shown,
    code,
    ...(report.code !== undefined && report.code !== code ? { namedAs: report.code } : {}),
  };
}

/** `leaf CN=localhost:`: the certificate a group of steps is about, by its place in the chain. */
function headingOf(index: number, summary: CertificateSummary | undefined, sent: number): ShellText {
  const subject = visible(commonName(summary?.subject ?? '?'));
  if (index === 0) return TEXT.leaf(subject);
  if (index >= sent) return TEXT.rootStore(subject);
  return summary?.selfIssued === true ? TEXT.rootSent(subject) : TEXT.intermediate(subject);
}

/** A subject's `CN=…`, or the whole subject without one; RFC 4514 escapes a comma inside a value (`\,`). */
function commonName(subject: string): string {
  return subject.split(/(?<!\\),\s*/).find((part) => part.startsWith('CN=')) ?? subject;
}

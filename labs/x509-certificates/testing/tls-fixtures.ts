/**
 * Hand-built TLS sessions for the certificate labs' unit tests: a TLS server's connection records as the lab
 * server folds its observations (secure, the alert of a failed handshake, the bytes the client sent), the
 * certificates of the class PKI as the viewer summarises them, their chain reports with the verification steps,
 * and the handshakes the capture gives. The values are the shapes the contracts promise, not a copy of one run.
 */

import type { CheckContext, ConnectionRecord, TlsObservation } from '../../../src/lab-kit';
import type {
  CertificateChainReport,
  CertificateSummary,
  ServerInfo,
  TlsHandshake,
  VerificationStep,
  VerificationStepKind,
} from '../../../src/protocol';

export const HOST = '127.0.0.1';
const ROOT_CN = 'socketlab Root CA';
const INTERMEDIATE_CN = 'socketlab Intermediate CA';

export function serverInfo(id: string, kind: string, port: number): ServerInfo {
  return { id, kind, title: id, transport: 'tcp', host: HOST, port };
}

/** A certificate as the viewer summarises it; `overrides` change what a test is about. */
export function certificate(overrides: Partial<CertificateSummary> = {}): CertificateSummary {
  return {
    subject: 'CN=localhost, O=socketlab class',
    issuer: `CN=${INTERMEDIATE_CN}, O=socketlab class`,
    serial: '3f9a0c2be17d44a1',
    notBefore: '2026-12-01T04:00:00.000Z',
    notAfter: '2027-03-01T04:00:00.000Z',
    subjectAltNames: ['DNS:localhost', 'IP Address:127.0.0.1', 'IP Address:::1'],
    keyUsage: ['digitalSignature'],
    extendedKeyUsage: ['serverAuth'],
    basicConstraints: { ca: false },
    publicKey: { algorithm: 'EC', bits: 256, curve: 'P-256' },
    signatureAlgorithm: 'ecdsa-with-SHA256',
    sha256Fingerprint: `AB:${'12:'.repeat(30)}CD`,
    sha1Fingerprint: `EF:${'34:'.repeat(18)}56`,
    crlDistributionPoints: ['http://localhost:8080/pki/crl.der'],
    ocspResponders: ['http://localhost:8080/pki/ocsp'],
    selfIssued: false,
    pem: '-----BEGIN CERTIFICATE-----\n…\n-----END CERTIFICATE-----\n',
    ...overrides,
  };
}

export const INTERMEDIATE = certificate({
  subject: `CN=${INTERMEDIATE_CN}, O=socketlab class`,
  issuer: `CN=${ROOT_CN}, O=socketlab class`,
  serial: '1000',
  notBefore: '2026-11-01T00:00:00.000Z',
  notAfter: '2031-11-01T00:00:00.000Z',
  subjectAltNames: [],
  keyUsage: ['keyCertSign', 'cRLSign'],
  extendedKeyUsage: [],
  basicConstraints: { ca: true, pathLength: 0 },
  sha256Fingerprint: `77:${'88:'.repeat(30)}99`,
});

export const ROOT = certificate({
  subject: `CN=${ROOT_CN}, O=socketlab class`,
  issuer: `CN=${ROOT_CN}, O=socketlab class`,
  serial: '1',
  notBefore: '2026-11-01T00:00:00.000Z',
  notAfter: '2036-11-01T00:00:00.000Z',
  subjectAltNames: [],
  keyUsage: ['keyCertSign', 'cRLSign'],
  extendedKeyUsage: [],
  basicConstraints: { ca: true },
  selfIssued: true,
  sha256Fingerprint: `55:${'66:'.repeat(30)}44`,
});

/** One step, passed unless it is in `failedKinds`; steps after a failure are left pending, as OpenSSL stops. */
function steps(count: number, failedKinds: readonly VerificationStepKind[]): VerificationStep[] {
  const kinds: VerificationStepKind[] = ['signature', 'validity', 'name', 'issuer', 'purpose', 'chain', 'revocation'];
  const all: VerificationStep[] = [];
  for (let index = 0; index < count; index++) {
    for (const kind of kinds) {
      if (index > 0 && kind === 'name') continue;
      const state = failedKinds.includes(kind) && index === 0 ? 'failed' : 'passed';
      all.push({ kind, certificate: index, state, detail: `${kind} of certificate ${index}` });
    }
  }
  return all;
}

/** A chain report: `certificates` leaf first, `sent` of them from the server, the failing step kinds. */
export function chainReport(
  certificates: readonly CertificateSummary[],
  sent: number,
  failedKinds: readonly VerificationStepKind[] = [],
  code?: string,
): CertificateChainReport {
  return {
    certificates,
    sent,
    steps: steps(certificates.length, failedKinds),
    trusted: failedKinds.length === 0,
    ...(code === undefined ? {} : { code }),
  };
}

/** The good chain: leaf and intermediate sent, the root from the trust store. */
export const GOOD_CHAIN = chainReport([certificate(), INTERMEDIATE, ROOT], 2);

/** A handshake with `server` from client port `port`, as the capture reads it. */
export function handshake(
  server: string,
  port: number,
  options: {
    readonly serverName?: string;
    readonly chain?: CertificateChainReport;
    readonly complete?: boolean;
    readonly alert?: string;
  } = {},
): TlsHandshake {
  return {
    server,
    connection: port - 40000,
    client: `${HOST}:${port}`,
    version: 'TLS 1.3',
    cipherSuite: { code: 0x1302, name: 'TLS_AES_256_GCM_SHA384' },
    complete: options.complete ?? true,
    clientCertificateRequested: false,
    messages: [],
    ...(options.serverName === undefined ? {} : { serverName: options.serverName }),
    ...(options.chain === undefined ? {} : { serverChain: options.chain }),
    ...(options.alert === undefined
      ? {}
      : { alert: { level: 'fatal', description: { code: 0, name: options.alert }, from: 'to-server' } }),
  } as TlsHandshake;
}

let clock = 0;

/** A TLS server's record of one connection from client port `port`. */
export function record(
  server: string,
  port: number,
  options: {
    readonly secure?: boolean;
    readonly sent?: string;
    readonly echoed?: boolean;
    readonly closed?: boolean;
    readonly tls?: TlsObservation;
  } = {},
): ConnectionRecord {
  const received = new TextEncoder().encode(options.sent ?? '');
  clock += 1;
  return {
    server,
    connection: port - 40000,
    peer: `${HOST}:${port}`,
    received,
    receivedBytes: received.length,
    sentBytes: options.echoed === false ? 0 : received.length,
    peerFin: options.closed ?? true,
    reset: false,
    closed: options.closed ?? true,
    ...(options.secure === undefined ? {} : { secure: options.secure }),
    ...(options.tls === undefined ? {} : { tls: options.tls }),
    updated: clock,
  };
}

export function contextOf(
  servers: readonly ServerInfo[],
  connections: readonly ConnectionRecord[],
  handshakes: readonly TlsHandshake[],
  captureRunning = true,
): CheckContext {
  return { servers, connections, handshakes, packets: [], captureRunning };
}

/**
 * Reference solution of lab `x509-certificates`, the way a careful student writes it in Node: trust the class
 * root downloaded from the lab panel and nothing else, connect over TLS to the echo server by the name its
 * certificate holds (`localhost`, sent as SNI and checked against the SAN), send `Hello,world!`, read the echo,
 * and close. It answers the capture questions from what its own connection received, as the lesson reads a
 * certificate: the leaf's serial, issuer, notAfter and signature algorithm, and how many certificates the server
 * sent (the chain Node built, less the root it took from the CA file).
 *
 *   node --import tsx labs/x509-certificates/solution.ts 127.0.0.1 20417 socketlab-ca.pem
 */

import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import tls from 'node:tls';
import { fileURLToPath } from 'node:url';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { type LabAnswers, type LabPanel, type LabSolution, serverNamed } from '../../src/lab-kit';
import { ECHO } from './checks';
import { HELLO } from './tls-connections';

/** The name the class PKI's server certificates hold, and so the one to ask for: an IP address sends no SNI. */
export const SERVER_NAME = 'localhost';
/** A handshake and an echo on loopback take milliseconds; this bounds a run that goes wrong. */
const DEADLINE_MS = 10_000;

/** What `openssl x509 -text` names a signature algorithm's OID. */
const SIGNATURE_NAMES: Readonly<Record<string, string>> = {
  '1.2.840.10045.4.3.2': 'ecdsa-with-SHA256',
  '1.2.840.10045.4.3.3': 'ecdsa-with-SHA384',
  '1.2.840.10045.4.3.4': 'ecdsa-with-SHA512',
  '1.2.840.113549.1.1.5': 'sha1WithRSAEncryption',
  '1.2.840.113549.1.1.11': 'sha256WithRSAEncryption',
  '1.2.840.113549.1.1.12': 'sha384WithRSAEncryption',
  '1.2.840.113549.1.1.13': 'sha512WithRSAEncryption',
  '1.2.840.113549.1.1.10': 'rsassaPss',
  '1.3.101.112': 'ED25519',
};

export function signatureAlgorithmOf(der: Uint8Array): string {
  const oid = AsnConvert.parse(der, Certificate).signatureAlgorithm.algorithm;
  return SIGNATURE_NAMES[oid] ?? oid;
}

/** What the client saw of the certificates its connection received. */
export interface ReceivedCertificates {
  readonly serial: string;
  readonly issuerCommonName: string;
  /** `validTo` as Node gives it, OpenSSL's form: `Apr 30 12:00:00 2031 GMT`. */
  readonly notAfter: string;
  readonly signatureAlgorithm: string;
  /** How many the server sent: the chain Node built, without the trust anchor it found in `ca`. */
  readonly sent: number;
}

/** The peer's chain as Node built it, leaf first, each certificate once. */
function chainOf(socket: tls.TLSSocket): tls.DetailedPeerCertificate[] {
  const chain: tls.DetailedPeerCertificate[] = [];
  let certificate: tls.DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
  while (certificate?.raw !== undefined && !chain.some((seen) => seen.fingerprint256 === certificate?.fingerprint256)) {
    chain.push(certificate);
    certificate = certificate.issuerCertificate;
  }
  return chain;
}

/** Reads what the connection received, before a byte of application data. */
export function receivedCertificates(socket: tls.TLSSocket, rootPem: string): ReceivedCertificates {
  // The chain first: in Node 20, getPeerCertificate() returns an empty object once getPeerX509Certificate() was called.
  const chain = chainOf(socket);
  const first = chain[0];
  if (first === undefined) throw new Error('the server sent no certificate');
  const leaf = new X509Certificate(first.raw);
  const root = new X509Certificate(rootPem).fingerprint256;
  return {
    serial: leaf.serialNumber,
    issuerCommonName: /^CN=(.*)$/m.exec(leaf.issuer)?.[1] ?? leaf.issuer,
    notAfter: leaf.validTo,
    signatureAlgorithm: signatureAlgorithmOf(new Uint8Array(leaf.raw)),
    sent: chain.filter((certificate) => certificate.fingerprint256 !== root).length,
  };
}

/**
 * Connects to `host:port` trusting `rootPem` only, checks the certificate names `SERVER_NAME`, sends
 * Hello,world! and resolves with the echo and what the connection received.
 */
export function verifiedEcho(
  host: string,
  port: number,
  rootPem: string,
): Promise<{ readonly echo: string; readonly received: ReceivedCertificates }> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host, port, ca: rootPem, servername: SERVER_NAME, minVersion: 'TLSv1.2' });
    const timer = setTimeout(() => socket.destroy(new Error(`no echo within ${DEADLINE_MS} ms`)), DEADLINE_MS);
    let received: ReceivedCertificates | undefined;
    let echo = '';
    socket.setEncoding('latin1');
    socket.once('secureConnect', () => {
      // rejectUnauthorized (the default) has already refused a chain that does not verify, or a name that differs.
      received = receivedCertificates(socket, rootPem);
      socket.write(HELLO);
    });
    socket.on('data', (text: string) => {
      echo += text;
      if (echo.length >= HELLO.length) socket.end();
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.once('close', () => {
      clearTimeout(timer);
      if (received === undefined) reject(new Error('the connection closed before the handshake completed'));
      else resolve({ echo, received });
    });
  });
}

/** The class root, as the panel's download gives it. */
export async function classRoot(panel: LabPanel): Promise<string> {
  if (panel.download === undefined) throw new Error('this lab panel offers no class CA to download');
  return panel.download('ca');
}

/** What the last run received, for `answers`: the solution's own program is where it read them. */
let lastReceived: ReceivedCertificates | undefined;

export const solution: LabSolution = {
  /**
   * The lesson's lab-terminal walkthrough: a TLS connection that trusts the class CA and asks for localhost,
   * narrated step by step; the certificates it received, in the viewer's words; Hello,world! and its echo.
   */
  terminal: ['connect --tls --ca class --servername localhost echo', 'send Hello,world!', 'recv', 'close'],
  async run(servers, panel) {
    const { host, port } = serverNamed(servers, ECHO);
    const { echo, received } = await verifiedEcho(host, port, await classRoot(panel));
    if (echo !== HELLO) throw new Error(`the echo server sent back ${JSON.stringify(echo)}`);
    lastReceived = received;
  },
  answers(): LabAnswers | undefined {
    if (lastReceived === undefined) return undefined;
    return {
      'leaf-serial': lastReceived.serial,
      'certificates-sent': String(lastReceived.sent),
      'leaf-issuer': lastReceived.issuerCommonName,
      'leaf-not-after': lastReceived.notAfter,
      'signature-algorithm': lastReceived.signatureAlgorithm,
    };
  },
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [host = '127.0.0.1', port, caFile = 'socketlab-ca.pem'] = process.argv.slice(2);
  if (port === undefined) {
    process.stderr.write('usage: solution.ts HOST PORT [CA-FILE]\n');
    process.exit(2);
  }
  readFile(caFile, 'utf8')
    .then((root) => verifiedEcho(host, Number(port), root))
    .then(
      ({ echo, received }) => process.stdout.write(`${echo}\n${JSON.stringify(received, null, 2)}\n`),
      (error: Error) => {
        process.stderr.write(`${error.message}\n`);
        process.exit(1);
      },
    );
}

/**
 * Reference solution of lab `tls-chain`, the way a careful student writes a verifying client in Node: trust the
 * class root from the lab panel only, ask for `localhost`, and refuse what Node's `tls` does not refuse by
 * itself — a certificate the stapled OCSP response calls revoked (Node asks for one with `requestOCSP`, but
 * leaves reading it to the program). Node refuses the rest itself: it checks the chain, the dates and the name
 * once the handshake is done and destroys the socket with the error code the lesson quotes. It echoes
 * `Hello,world!` with the good server and must refuse each of the eight failure endpoints. It answers the
 * questions from what its own connections received: Node's error for incomplete-chain names the step, the
 * chain Node built for it the certificates sent, and the stapled response of revoked its status.
 *
 *   node --import tsx labs/tls-chain/solution.ts 127.0.0.1 20417 socketlab-ca.pem
 */

import { readFile } from 'node:fs/promises';
import tls from 'node:tls';
import { fileURLToPath } from 'node:url';
import { BasicOCSPResponse, OCSPResponse } from '@peculiar/asn1-ocsp';
import { AsnConvert } from '@peculiar/asn1-schema';
import { type LabAnswers, type LabSolution, serverNamed } from '../../src/lab-kit';
import { classRoot, receivedCertificates, SERVER_NAME, verifiedEcho } from '../x509-certificates/solution';
import { HELLO } from '../x509-certificates/tls-connections';
import { FAILURE_ENDPOINTS, GOOD } from './endpoints';

const DEADLINE_MS = 10_000;

export type OcspStatus = 'good' | 'revoked' | 'unknown';

/** The certificate status in a DER OCSPResponse (RFC 6960 §4.2.1), for the one certificate it answers about. */
export function ocspStatus(der: Uint8Array): OcspStatus {
  const response = AsnConvert.parse(der, OCSPResponse);
  const bytes = response.responseBytes?.response.buffer;
  if (bytes === undefined) throw new Error(`the OCSP responder answered ${response.responseStatus}, with no status`);
  const single = AsnConvert.parse(bytes, BasicOCSPResponse).tbsResponseData.responses[0];
  if (single === undefined) throw new Error('the OCSP response answers about no certificate');
  if (single.certStatus.revoked !== undefined) return 'revoked';
  return single.certStatus.unknown !== undefined ? 'unknown' : 'good';
}

/** How a verifying client ended a connection to a failure endpoint. */
export interface Refusal {
  /** Node's error code (`CERT_HAS_EXPIRED`), or `CERT_REVOKED` when the stapled response said so. */
  readonly code: string;
  /** The stapled OCSP status, when the server stapled one. */
  readonly stapled?: OcspStatus;
  /** How many certificates the server sent, from the chain Node built (without the class root). */
  readonly sent: number;
}

/**
 * Connects as the verifying client does and resolves with how it refused; rejects if the server's certificate
 * was accepted (the client would then have sent data, which this one never does to a failure endpoint).
 */
export function refuse(host: string, port: number, rootPem: string): Promise<Refusal> {
  return new Promise((resolve, reject) => {
    // Verification happens in secureConnect below, by hand, so the chain can be counted even when it fails.
    // requestOCSP asks for a stapled response (RFC 6066 §8); @types/node leaves it out of ConnectionOptions.
    const options: tls.ConnectionOptions & { readonly requestOCSP: boolean } = {
      host,
      port,
      ca: rootPem,
      servername: SERVER_NAME,
      requestOCSP: true,
      rejectUnauthorized: false,
    };
    const socket = tls.connect(options);
    const timer = setTimeout(() => socket.destroy(new Error(`no handshake within ${DEADLINE_MS} ms`)), DEADLINE_MS);
    let stapled: OcspStatus | undefined;
    let refusal: Refusal | undefined;
    socket.once('OCSPResponse', (der: Buffer | null) => {
      if (der !== null) stapled = ocspStatus(new Uint8Array(der));
    });
    socket.once('secureConnect', () => {
      const sent = receivedCertificates(socket, rootPem).sent;
      const identity = tls.checkServerIdentity(SERVER_NAME, socket.getPeerCertificate());
      const code = socket.authorized
        ? identity !== undefined
          ? ((identity as NodeJS.ErrnoException).code ?? 'ERR_TLS_CERT_ALTNAME_INVALID')
          : stapled === 'revoked'
            ? 'CERT_REVOKED'
            : undefined
        : String(socket.authorizationError);
      if (code !== undefined) refusal = { code, sent, ...(stapled === undefined ? {} : { stapled }) };
      // Refused or not, nothing is sent: the connection closes without a byte of application data.
      socket.end();
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.once('close', () => {
      clearTimeout(timer);
      if (refusal === undefined) reject(new Error(`the certificate of ${host}:${port} verified`));
      else resolve(refusal);
    });
  });
}

/** What the last run saw, for `answers`. */
let lastRefusals: ReadonlyMap<string, Refusal> | undefined;

/** Node's codes for a chain that stops short of a trusted root, as the certificate viewer's `chain` step. */
const CHAIN_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
]);

export const solution: LabSolution = {
  /**
   * The lesson's lab-terminal walkthrough: the good server verified and echoed; a client that does not verify
   * (`--ca none`) sending to expired, which turns the dates check red; then each failure endpoint, one after
   * another, with the class CA and the name, each refused before a byte is sent (the shell asks revoked for its
   * stapled OCSP response).
   */
  terminal: [
    'connect --tls --ca class --servername localhost good',
    'send Hello,world!',
    'recv',
    'close',
    'connect --tls --ca none --servername localhost expired',
    'send Hello,world!',
    'close',
    ...FAILURE_ENDPOINTS.map((endpoint) => `connect --tls --ca class --servername localhost ${endpoint}`),
  ],
  async run(servers, panel) {
    const root = await classRoot(panel);
    const good = serverNamed(servers, GOOD);
    const { echo } = await verifiedEcho(good.host, good.port, root);
    if (echo !== HELLO) throw new Error(`the good server sent back ${JSON.stringify(echo)}`);
    const refusals = new Map<string, Refusal>();
    for (const endpoint of FAILURE_ENDPOINTS) {
      const { host, port } = serverNamed(servers, endpoint);
      refusals.set(endpoint, await refuse(host, port, root));
    }
    lastRefusals = refusals;
  },
  answers(): LabAnswers | undefined {
    const incomplete = lastRefusals?.get('incomplete-chain');
    const revoked = lastRefusals?.get('revoked');
    if (incomplete === undefined || revoked?.stapled === undefined) return undefined;
    return {
      'incomplete-chain-step': CHAIN_CODES.has(incomplete.code) ? 'chain' : incomplete.code,
      'incomplete-chain-count': String(incomplete.sent),
      'revoked-ocsp-status': revoked.stapled,
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
    .then((root) => refuse(host, Number(port), root))
    .then(
      (refusal) => process.stdout.write(`refused: ${JSON.stringify(refusal)}\n`),
      (error: Error) => {
        process.stderr.write(`${error.message}\n`);
        process.exit(1);
      },
    );
}

/**
 * Reference solution of lab `mutual-tls`, as a careful student writes it in Node: the class CA from the lab panel as
 * the only trust anchor; first a connection to the mTLS server with no client certificate, which the server refuses
 * (in TLS 1.3 the client learns it on its first read, as the error `ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED`);
 * then one with the session's own certificate and key from the panel, Hello,world! and its echo. Both questions are
 * answered from the lesson and the refusal its own socket saw; they wait until the capture has both handshakes.
 *
 *   node --import tsx labs/mutual-tls/solution.ts 127.0.0.1 PORT socketlab-ca.pem client.pem client.key
 */

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type LabSolution, serverNamed } from '../../src/lab-kit';
import { exchange } from '../common/tls-client';
import { capturedHandshakeFrom } from '../common/tls-wire';
import { classCa } from '../tls12-handshake/solution';
import { MTLS } from './checks';

/** Node's code for the alert a TLS 1.3 server sends when the client's certificate list came empty. */
export const REFUSED = 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED';

export interface ClientIdentity {
  readonly cert: string;
  readonly key: string;
}

/** Without a certificate, then with `identity`; resolves with the refusal's error code and the echo. */
export async function withoutThenWith(
  host: string,
  port: number,
  ca: string,
  identity: ClientIdentity,
): Promise<{ readonly refusal: string; readonly echo: string }> {
  const refusal = await exchange({ host, port, ca }).then(
    () => {
      throw new Error('the server echoed without a client certificate');
    },
    (error: NodeJS.ErrnoException) => error.code ?? error.message,
  );
  if (refusal !== REFUSED) throw new Error(`without a certificate the server refused with ${refusal}, not ${REFUSED}`);
  const { echo } = await exchange({ host, port, ca, ...identity });
  if (echo !== 'Hello,world!') throw new Error(`with the certificate the server echoed ${JSON.stringify(echo)}`);
  return { refusal, echo };
}

let refusedSeen = false;

export const solution: LabSolution = {
  /**
   * The lesson's lab-terminal walkthrough: without a certificate the handshake completes from the client's side and
   * the refusal is read by `recv`; then with the session's own, Hello,world! and its echo.
   */
  terminal: [
    'connect --tls mtls',
    'recv',
    'close',
    'connect --tls --cert mine mtls',
    'send Hello,world!',
    'recv',
    'close',
  ],
  async run(servers, panel) {
    const { host, port } = serverNamed(servers, MTLS);
    const ca = await classCa(panel);
    if (panel.download === undefined) throw new Error('the lab panel offers no client certificate');
    const identity = { cert: await panel.download('clientCertificate'), key: await panel.download('clientKey') };
    refusedSeen = (await withoutThenWith(host, port, ca, identity)).refusal === REFUSED;
  },
  answers(packets, servers) {
    if (!refusedSeen || !capturedHandshakeFrom(packets, serverNamed(servers, MTLS).port)) return undefined;
    return { 'request-message': 'CertificateRequest', 'refusal-alert': 'certificate_required' };
  },
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [host = '127.0.0.1', port, caFile = 'socketlab-ca.pem', certFile = 'client.pem', keyFile = 'client.key'] =
    process.argv.slice(2);
  if (port === undefined) {
    process.stderr.write('usage: solution.ts HOST PORT [CA_FILE CERT_FILE KEY_FILE]\n');
    process.exit(2);
  }
  const identity = { cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8') };
  withoutThenWith(host, Number(port), readFileSync(caFile, 'utf8'), identity).then(
    ({ refusal, echo }) => process.stdout.write(`${refusal}\n${echo}\n`),
    (error: Error) => {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    },
  );
}

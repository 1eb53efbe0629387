/**
 * Reference solution of lab `tls12-handshake`, as a careful student writes it in Node: the class CA downloaded from
 * the lab panel as the only trust anchor; a TLS 1.2 connection to the `ecdhe` server that sends Hello,world! and
 * reads the echo; then one to the `rsa` server, offering only `AES128-SHA`, the one suite it takes. It answers the
 * capture questions from the bytes its own sockets received before encryption began, read record by record as the
 * lesson reads a hex dump (`wire.ts`): the ServerHello's suite (by its code point, as Wireshark prints it beside the
 * name), the ServerKeyExchange's named curve, the messages of the ecdhe server's first flight; and from the lesson,
 * the message that carries the premaster secret. Those answers wait until the capture has both handshakes.
 *
 *   node --import tsx labs/tls12-handshake/solution.ts 127.0.0.1 ECDHE_PORT RSA_PORT socketlab-ca.pem
 */

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type LabPanel, type LabSolution, serverNamed } from '../../src/lab-kit';
import { exchange, type TlsExchange } from '../common/tls-client';
import { capturedHandshakeFrom, codePoint, serverFlight } from '../common/tls-wire';
import { ECDHE, RSA } from './checks';

/** The class CA, as the panel's download gives it. */
export async function classCa(panel: LabPanel): Promise<string> {
  if (panel.download === undefined) throw new Error('the lab panel offers no downloads: the class CA is needed');
  return panel.download('ca');
}

/** Both exchanges: ECDHE first, then the RSA key exchange with its one suite offered. */
export async function bothExchanges(
  host: string,
  ports: { readonly ecdhe: number; readonly rsa: number },
  ca: string,
): Promise<{ readonly ecdhe: TlsExchange; readonly rsa: TlsExchange }> {
  const ecdhe = await exchange({ host, port: ports.ecdhe, ca, maxVersion: 'TLSv1.2' });
  const rsa = await exchange({ host, port: ports.rsa, ca, maxVersion: 'TLSv1.2', ciphers: 'AES128-SHA' });
  for (const [name, result] of [
    [ECDHE, ecdhe],
    [RSA, rsa],
  ] as const) {
    if (result.echo !== 'Hello,world!' || result.protocol !== 'TLSv1.2') {
      throw new Error(`${name}: ${result.protocol} echoed ${JSON.stringify(result.echo)}`);
    }
  }
  return { ecdhe, rsa };
}

/** What the last run received, for the answers. */
let last: { readonly ecdhe: TlsExchange; readonly rsa: TlsExchange } | undefined;

export const solution: LabSolution = {
  /**
   * The lesson's lab-terminal walkthrough: TLS 1.2 to the ecdhe server, Hello,world! and its echo; then TLS 1.2 to
   * the rsa server, whose one suite the shell's client offers among its defaults.
   */
  terminal: [
    'connect --tls --tls1.2 ecdhe',
    'send Hello,world!',
    'recv',
    'close',
    'connect --tls --tls1.2 rsa',
    'send Hello,world!',
    'recv',
    'close',
  ],
  async run(servers, panel) {
    const ca = await classCa(panel);
    const ecdhe = serverNamed(servers, ECDHE);
    last = await bothExchanges(ecdhe.host, { ecdhe: ecdhe.port, rsa: serverNamed(servers, RSA).port }, ca);
  },
  answers(packets, servers) {
    if (last === undefined) return undefined;
    if (!capturedHandshakeFrom(packets, serverNamed(servers, ECDHE).port)) return undefined;
    if (!capturedHandshakeFrom(packets, serverNamed(servers, RSA).port)) return undefined;
    const flight = serverFlight(last.ecdhe.received);
    if (flight.cipherSuite === undefined || flight.group === undefined) return undefined;
    return {
      'chosen-suite': codePoint(flight.cipherSuite),
      'premaster-message': 'ClientKeyExchange',
      'named-group': codePoint(flight.group),
      'first-flight': String(flight.types.length),
    };
  },
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [host = '127.0.0.1', ecdhe, rsa, caFile = 'socketlab-ca.pem'] = process.argv.slice(2);
  if (ecdhe === undefined || rsa === undefined) {
    process.stderr.write('usage: solution.ts HOST ECDHE_PORT RSA_PORT [CA_FILE]\n');
    process.exit(2);
  }
  bothExchanges(host, { ecdhe: Number(ecdhe), rsa: Number(rsa) }, readFileSync(caFile, 'utf8')).then(
    ({ ecdhe: one, rsa: two }) => process.stdout.write(`${one.standardName}\n${two.standardName}\n`),
    (error: Error) => {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    },
  );
}

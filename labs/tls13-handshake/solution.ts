/**
 * Reference solution of lab `tls13-handshake`, as a careful student writes it in Node: the class CA from the lab
 * panel as the only trust anchor, a TLS 1.3 connection to the echo server (the default of Node's `tls`, asked for
 * here with `minVersion`), Hello,world! and its echo. It answers the capture questions from the bytes its own socket
 * received, as far as they are plain (`wire.ts`): the ServerHello's suite and key_share group by code point, as
 * Wireshark prints them beside the names; and from the lesson, the Certificate message and its encryption, and the
 * one round trip. The answers wait until the capture has the handshake.
 *
 *   node --import tsx labs/tls13-handshake/solution.ts 127.0.0.1 PORT socketlab-ca.pem
 */

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type LabSolution, serverNamed } from '../../src/lab-kit';
import { exchange, type TlsExchange } from '../common/tls-client';
import { capturedHandshakeFrom, codePoint, serverFlight } from '../common/tls-wire';
import { classCa } from '../tls12-handshake/solution';
import { ECHO } from './checks';

/** One TLS 1.3 exchange; rejects when the server echoed anything else or negotiated another version. */
export async function tls13Exchange(host: string, port: number, ca: string): Promise<TlsExchange> {
  const result = await exchange({ host, port, ca, minVersion: 'TLSv1.3' });
  if (result.echo !== 'Hello,world!' || result.protocol !== 'TLSv1.3') {
    throw new Error(`${result.protocol} echoed ${JSON.stringify(result.echo)}`);
  }
  return result;
}

let last: TlsExchange | undefined;

export const solution: LabSolution = {
  /** The lesson's lab-terminal walkthrough: TLS 1.3 to the echo server, Hello,world! and its echo. */
  terminal: ['connect --tls --tls1.3 echo', 'send Hello,world!', 'recv', 'close'],
  async run(servers, panel) {
    const { host, port } = serverNamed(servers, ECHO);
    last = await tls13Exchange(host, port, await classCa(panel));
  },
  answers(packets, servers) {
    const { port } = serverNamed(servers, ECHO);
    if (last === undefined || !capturedHandshakeFrom(packets, port)) return undefined;
    const flight = serverFlight(last.received);
    if (flight.cipherSuite === undefined || flight.group === undefined) return undefined;
    return {
      'chosen-suite': codePoint(flight.cipherSuite),
      'certificate-message': 'Certificate, because it travels encrypted with the handshake keys',
      'key-share-group': codePoint(flight.group),
      'round-trips': '1',
    };
  },
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [host = '127.0.0.1', port, caFile = 'socketlab-ca.pem'] = process.argv.slice(2);
  if (port === undefined) {
    process.stderr.write('usage: solution.ts HOST PORT [CA_FILE]\n');
    process.exit(2);
  }
  tls13Exchange(host, Number(port), readFileSync(caFile, 'utf8')).then(
    (result) => process.stdout.write(`${result.standardName} ${result.group ?? ''}\n`),
    (error: Error) => {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    },
  );
}

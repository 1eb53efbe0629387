/**
 * The TLS section's baseline, a process of its own: a bare `tls.createServer` echo with the same kind of
 * certificate the lab's `tls-echo` presents (an ECDSA P-256 leaf and the intermediate, from the same class PKI)
 * and the same versions (TLS 1.2 and 1.3), and nothing else — no observations, no key log, no connection slots,
 * no session. What any Node TLS server costs at least. `node --import tsx bench/tls-echo-server.ts <chain.pem>
 * <key.pem>`; it listens on port 0 of 127.0.0.1 and says where in one JSON line `{"port":<port>}` on stdout.
 * SIGTERM closes it and exits.
 */

import { readFileSync } from 'node:fs';
import tls from 'node:tls';

const [certFile, keyFile] = process.argv.slice(2);
if (certFile === undefined || keyFile === undefined) throw new Error('usage: tls-echo-server.ts <chain.pem> <key.pem>');

const sockets = new Set<tls.TLSSocket>();
const server = tls.createServer(
  {
    cert: readFileSync(certFile, 'utf8'),
    key: readFileSync(keyFile, 'utf8'),
    minVersion: 'TLSv1.2',
    maxVersion: 'TLSv1.3',
  },
  function serverOnSecureConnection(socket) {
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.on('data', function socketOnData(chunk: Buffer) {
      socket.write(chunk);
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => sockets.delete(socket));
  },
);
// A client that gives up in the middle of a handshake is its own business; the server carries on.
server.on('tlsClientError', () => {});

await new Promise<void>((resolve, reject) => {
  server.once('error', reject);
  server.listen({ host: '127.0.0.1', port: 0 }, resolve);
});
const address = server.address();
if (address === null || typeof address === 'string') throw new Error('the TLS echo did not get a TCP address');
process.stdout.write(`${JSON.stringify({ port: address.port })}\n`);

process.on('SIGTERM', function processOnSigterm() {
  for (const socket of sockets) socket.destroy();
  server.close();
  // Clients of the benchmark are closed by then; whatever is left must not keep the process alive.
  setTimeout(() => process.exit(0), 100).unref();
});

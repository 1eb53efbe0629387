/**
 * The benchmark's baselines, run as a process of their own so that none shares an event loop with the load
 * generator: a raw `ws` server that echoes every frame as it came (what any WebSocket app costs at least), a
 * `net` server that echoes every byte (the "C-like floor": one loopback TCP round trip), and a `dgram` socket
 * that sends every datagram back to where it came from (the floor under the lab's `udp-echo`). All listen on
 * port 0 of 127.0.0.1; once all are up, one JSON line `{"ws":<port>,"tcp":<port>,"udp":<port>}` on stdout says
 * where. SIGTERM closes them and exits.
 */

import dgram from 'node:dgram';
import net from 'node:net';
import { WebSocketServer } from 'ws';

// Same WebSocket settings as the lab server (lab-server/lab-server.ts), so the baseline differs only in what
// happens between receiving a frame and sending the answer.
const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false, maxPayload: 1024 * 1024 });
wss.on('connection', function wssOnConnection(ws) {
  ws.on('message', function wsOnMessage(data, isBinary) {
    ws.send(data, { binary: isBinary });
  });
  ws.on('error', () => ws.terminate());
});

const tcp = net.createServer({ noDelay: true }, function tcpOnConnection(socket) {
  socket.on('data', function socketOnData(chunk: Buffer) {
    socket.write(chunk);
  });
  socket.on('error', () => socket.destroy());
});

const udp = dgram.createSocket('udp4');
udp.on('message', function udpOnMessage(datagram, remote) {
  udp.send(datagram, remote.port, remote.address);
});

await Promise.all([
  new Promise<void>((resolve, reject) => {
    wss.once('listening', resolve);
    wss.once('error', reject);
  }),
  new Promise<void>((resolve, reject) => {
    tcp.once('error', reject);
    tcp.listen({ host: '127.0.0.1', port: 0 }, resolve);
  }),
  new Promise<void>((resolve, reject) => {
    udp.once('error', reject);
    udp.bind({ address: '127.0.0.1', port: 0 }, resolve);
  }),
]);

const wsAddress = wss.address();
const tcpAddress = tcp.address();
if (typeof wsAddress === 'string' || wsAddress === null || typeof tcpAddress === 'string' || tcpAddress === null) {
  throw new Error('the echo servers did not get a TCP address');
}
process.stdout.write(`${JSON.stringify({ ws: wsAddress.port, tcp: tcpAddress.port, udp: udp.address().port })}\n`);

process.on('SIGTERM', function processOnSigterm() {
  for (const client of wss.clients) client.terminate();
  wss.close();
  tcp.close();
  udp.close();
  // Clients of the benchmark are closed by then; whatever is left must not keep the process alive.
  setTimeout(() => process.exit(0), 100).unref();
});

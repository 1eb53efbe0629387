/**
 * The lab side of the LAN capture test, run inside the lab's network namespace (`ip netns exec … node --import
 * tsx lan-capture-fixture.ts`), since the capture, its canaries and the echo server must all live where the
 * lab host's address is. It starts a capture for `LAB_HOST`, a TCP echo server on `ECHO_ADDRESS:ECHO_PORT`
 * subscribed as a session subscribes, and then speaks JSON lines: on stdout the status and every packet
 * delivered; on stdin `local <text>` (an exchange from inside the namespace, which goes over `lo`), `pcapng
 * <path>` (the delivered frames as the session's download) and `stop`. It ends itself after `LIFETIME_MS`.
 */

import { writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { CapturePipeline } from '../capture-pipeline';
import { CaptureRecording } from '../capture-recording';
import { packetLine, say, serveCommands } from './fixture-lines';

const LIFETIME_MS = 60_000;

function env(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`${name} is not set`);
  return value;
}

const labHost = env('LAB_HOST');
const echoAddress = env('ECHO_ADDRESS');
const echoPort = Number(env('ECHO_PORT'));

const pipeline = new CapturePipeline({
  labHost,
  portRange: { from: 60000, to: 60498 },
  canaryPort: 60499,
  readyTimeoutMs: Number(process.env.READY_TIMEOUT_MS ?? 10_000),
  tempDirParent: env('SCRATCH'),
});
const recording = new CaptureRecording();
const server = createServer((socket) => socket.pipe(socket));

let ending = false;
async function end(code: number): Promise<void> {
  if (ending) return;
  ending = true;
  await pipeline.stop();
  server.close();
  process.exit(code);
}
setTimeout(() => void end(2), LIFETIME_MS).unref();

pipeline.subscribe({ transport: 'tcp', address: echoAddress, port: echoPort }, (event) => {
  if (event.type === 'gap') {
    say({ type: 'gap', reason: event.gap.reason.en });
    return;
  }
  const { packet, frame } = event;
  recording.add(frame);
  say(packetLine(packet));
});

function localExchange(text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect(echoPort, echoAddress === '0.0.0.0' ? labHost : echoAddress, () => socket.write(text));
    let echoed = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      echoed += chunk;
      if (echoed.length >= text.length) socket.end();
    });
    socket.on('close', () => resolve());
    socket.on('error', reject);
  });
}

server.listen(echoPort, echoAddress, async () => {
  const status = await pipeline.start();
  say({ type: 'status', state: status.state, reason: status.reason, interface: pipeline.interfaceName });
});

serveCommands({
  local: (text) => localExchange(text),
  pcapng: (path) => writeFile(path, recording.toPcapng({ interfaceName: pipeline.interfaceName })),
  stop: () => end(0),
});

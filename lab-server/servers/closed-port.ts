/**
 * A port that belongs to the session but where nothing listens: connecting to it is answered by the kernel
 * with RST (RFC 9293 §3.10.7.1), which the teardown lesson asks students to provoke and find in their capture.
 * The port is taken from the lab range (so the capture sees it) and held by the session, so no other session
 * gets it; at start it is checked to be really free by binding and releasing it. Held in the port pool only,
 * not in the kernel (Node cannot bind a TCP socket without listening on it): another local program could bind
 * it meanwhile, and its packets would match this server's endpoint in the capture — the one endpoint of a
 * session that the machine's other users could take.
 */

import net from 'node:net';
import { Emitter } from '../../src/common/emitter';
import type { Observation } from '../../src/lab-kit';
import { type RunningServer, type ServerStartOptions, serverInfo, tcpEndpoint } from './observation';

export async function startClosedPort(options: ServerStartOptions): Promise<RunningServer> {
  const probe = net.createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen({ host: options.bindHost, port: options.port, exclusive: true }, () => resolve());
  });
  // Where the kernel answers with RST for this server is where the probe was bound.
  const endpoint = tcpEndpoint(probe);
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  const observations = new Emitter<Observation>();
  const info = serverInfo(options, 'closed-port', 'tcp');
  return {
    info,
    endpoints: [endpoint],
    onObservation: observations.event,
    dispose() {
      observations.clear();
    },
  };
}

/**
 * The UDP echo server: every datagram it receives goes back, as one datagram, to the address it came from. There
 * is no connection, so nothing to accept or close; what the server sees is datagrams from peers. It numbers the
 * peers (a "flow" per source address and port, from 1) so that the timeline and the checks can tell two clients,
 * or two sockets of one client, apart, as they tell TCP connections apart. A datagram is the unit here: its
 * boundaries are kept, which the UDP lesson asks students to see (two `sendto()`s are two `recvfrom()`s).
 */

import dgram from 'node:dgram';
import { isIPv6 } from 'node:net';
import { verbatim } from '../../src/common/localized';
import { OBSERVED_BYTES } from '../../src/lab-kit';
import { formatHostPort } from '../../src/protocol';
import { observer, type RunningServer, type ServerStartOptions, serverInfo } from './observation';

/** Peers remembered for their flow number; a newer peer takes the place of the oldest beyond this. */
const MAX_FLOWS = 256;

export async function startUdpEcho(options: ServerStartOptions): Promise<RunningServer> {
  const { observations, observe } = observer(options.id);
  const flows = new Map<string, number>();
  let lastFlow = 0;
  const info = serverInfo(options, 'udp-echo', 'udp');

  // `localhost` and other names resolve to one family; a literal IPv6 address needs the udp6 socket type.
  const socket = dgram.createSocket({ type: isIPv6(options.bindHost) ? 'udp6' : 'udp4' });

  function flowOf(peer: string): number {
    let flow = flows.get(peer);
    if (flow === undefined) {
      flow = ++lastFlow;
      flows.set(peer, flow);
      if (flows.size > MAX_FLOWS) flows.delete(flows.keys().next().value as string);
    }
    return flow;
  }

  socket.on('message', function socketOnMessage(datagram, remote) {
    const peer = formatHostPort(remote.address, remote.port);
    const connection = flowOf(peer);
    const data = datagram.subarray(0, OBSERVED_BYTES);
    observe({ connection, kind: 'receive', peer, bytes: datagram.length, data });
    socket.send(datagram, remote.port, remote.address, (error) => {
      if (error) observe({ connection, kind: 'error', peer, note: verbatim(errorName(error)) });
      else observe({ connection, kind: 'send', peer, bytes: datagram.length, data });
    });
  });

  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind({ address: options.bindHost, port: options.port, exclusive: true }, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  socket.on('error', (error) => observe({ connection: 0, kind: 'error', note: verbatim(errorName(error)) }));
  observe({ connection: 0, kind: 'listen', peer: formatHostPort(options.bindHost, options.port) });

  const bound = socket.address();
  return {
    info,
    endpoints: [{ transport: 'udp', address: bound.address, port: bound.port }],
    onObservation: observations.event,
    async dispose() {
      await new Promise<void>((resolve) => socket.close(() => resolve()));
      observations.clear();
    },
  };
}

function errorName(error: Error): string {
  return (error as NodeJS.ErrnoException).code ?? error.message;
}

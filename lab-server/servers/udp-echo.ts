/**
 * The UDP echo server: every datagram it receives goes back, as one datagram, to the address it came from. There
 * is no connection, so nothing to accept or close; what the server sees is datagrams from peers. It numbers the
 * peers (a "flow" per source address and port, from 1) so that the timeline and the checks can tell two clients,
 * or two sockets of one client, apart, as they tell TCP connections apart. A datagram is the unit here: its
 * boundaries are kept, which the UDP lesson asks students to see (two `sendto()`s are two `recvfrom()`s).
 */

import dgram from 'node:dgram';
import { isIPv6 } from 'node:net';
import { localized, verbatim } from '../../src/common/localized';
import { OBSERVED_BYTES } from '../../src/lab-kit';
import { formatHostPort } from '../../src/protocol';
import { Downtime } from './downtime';
import { observer, type RunningServer, type ServerStartOptions, serverInfo } from './observation';

const TEXT = localized({
  en: {
    dropped: (bytesPerSecond: number) =>
      `dropped: your programs sent more than ${Math.round(bytesPerSecond / 1024)} KiB/s to your lab servers (MAX_STUDENT_BYTES_PER_SECOND); datagrams beyond that are dropped, as a full socket buffer drops them (said once a second)`,
  },
  'zh-Hans': {
    dropped: (bytesPerSecond) =>
      `已丢弃：你的程序发给实验服务器的数据超过了每秒 ${Math.round(bytesPerSecond / 1024)} KiB（MAX_STUDENT_BYTES_PER_SECOND）；超出的数据报被丢弃，就像套接字缓冲区满了一样（每秒只提示一次）`,
  },
});

/** Peers remembered for their flow number; a newer peer takes the place of the oldest beyond this. */
const MAX_FLOWS = 256;

export async function startUdpEcho(options: ServerStartOptions): Promise<RunningServer> {
  const { observations, observe } = observer(options.id);
  const flows = new Map<string, number>();
  let lastFlow = 0;
  const info = serverInfo(options, 'udp-echo', 'udp');

  // `localhost` and other names resolve to one family; a literal IPv6 address needs the udp6 socket type.
  const type = isIPv6(options.bindHost) ? 'udp6' : 'udp4';
  /** The bound socket; a restart closes it and binds a new one on the same port. */
  let socket = dgram.createSocket({ type });

  function flowOf(peer: string): number {
    let flow = flows.get(peer);
    if (flow === undefined) {
      flow = ++lastFlow;
      flows.set(peer, flow);
      if (flows.size > MAX_FLOWS) flows.delete(flows.keys().next().value as string);
    }
    return flow;
  }

  /** Where to bind: the port asked for, then (it may have been 0) the one the kernel gave, for a restart. */
  let port = options.port;
  let lastDropNote = 0;
  /** Binds `bound` to the server's address and port and echoes on it from then on, observed. */
  async function bind(bound: dgram.Socket): Promise<void> {
    bound.on('message', function socketOnMessage(datagram, remote) {
      const peer = formatHostPort(remote.address, remote.port);
      const connection = flowOf(peer);
      if (options.traffic !== undefined && !options.traffic.admit(datagram.length)) {
        const now = Date.now();
        if (now - lastDropNote >= 1000) {
          lastDropNote = now;
          observe({ connection, kind: 'error', peer, note: TEXT.dropped(options.traffic.bytesPerSecond) });
        }
        return;
      }
      const data = datagram.subarray(0, OBSERVED_BYTES);
      observe({ connection, kind: 'receive', peer, bytes: datagram.length, data });
      bound.send(datagram, remote.port, remote.address, (error) => {
        if (error) observe({ connection, kind: 'error', peer, note: verbatim(errorName(error)) });
        else observe({ connection, kind: 'send', peer, bytes: datagram.length, data });
      });
    });
    await new Promise<void>((resolve, reject) => {
      bound.once('error', reject);
      bound.bind({ address: options.bindHost, port, exclusive: true }, () => {
        bound.off('error', reject);
        resolve();
      });
    });
    bound.on('error', (error) => observe({ connection: 0, kind: 'error', note: verbatim(errorName(error)) }));
    observe({ connection: 0, kind: 'listen', peer: formatHostPort(options.bindHost, options.port) });
  }
  await bind(socket);
  const address = socket.address();
  port = address.port;

  // A restart: the socket goes as a dying process's does (a datagram to the port meanwhile gets ICMP port
  // unreachable, RFC 1122 §3.2.2.1), and a new one is bound on the same port; flows keep their numbers.
  let open = true;
  const downtime = new Downtime({
    observe,
    stop() {
      // Not open when the last restart could not bind again (another program took the port).
      if (!open) return;
      open = false;
      socket.close();
    },
    async start() {
      const fresh = dgram.createSocket({ type });
      try {
        await bind(fresh);
      } catch (error) {
        fresh.close();
        throw error;
      }
      socket = fresh;
      open = true;
    },
  });

  return {
    info,
    endpoints: [{ transport: 'udp', address: address.address, port: address.port }],
    onObservation: observations.event,
    restart: (downMs) => downtime.restart(downMs),
    async dispose() {
      await downtime.dispose();
      if (open) await new Promise<void>((resolve) => socket.close(() => resolve()));
      observations.clear();
    },
  };
}

function errorName(error: Error): string {
  return (error as NodeJS.ErrnoException).code ?? error.message;
}

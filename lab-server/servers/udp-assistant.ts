/**
 * The UDP network assistant: a bound UDP socket a student's program or board sends datagrams to, as it sends
 * them to NetAssist in UDP mode. It does not echo. Until a program reads (the lab shell's `listen`, see
 * assistant-console.ts) datagrams wait in a bounded receive queue, and when it is full the newest are dropped,
 * as the kernel drops datagrams for a full receive buffer; the program is told how many once it reads. Each
 * read is one whole datagram from one peer, numbered by its flow (one per source address and port, as the UDP
 * echo numbers them), observed as `receive`, and what the program sends goes to a peer as one datagram.
 */

import dgram from 'node:dgram';
import { once } from 'node:events';
import { isIPv6 } from 'node:net';
import { verbatim } from '../../src/common/localized';
import { OBSERVED_BYTES } from '../../src/lab-kit';
import { formatHostPort } from '../../src/protocol';
import type { AssistantClient, AssistantConsole, AssistantNews } from './assistant-console';
import { observer, type RunningServer, type ServerStartOptions, serverInfo } from './observation';

/** The receive queue while nobody reads: about what a default SO_RCVBUF holds of small datagrams. */
const QUEUE_DATAGRAMS = 64;
const QUEUE_BYTES = 256 * 1024;
/** Peers remembered for their flow number; the oldest is forgotten beyond this. */
const MAX_PEERS = 256;
/** The largest payload of one UDP datagram over IPv4 (65,535 − 20 − 8). */
const MAX_DATAGRAM = 65507;

interface Waiting {
  readonly datagram: Buffer;
  readonly address: string;
  readonly port: number;
}

interface Peer {
  client: AssistantClient;
  readonly address: string;
  readonly port: number;
}

export async function startUdpAssistant(options: ServerStartOptions): Promise<RunningServer> {
  const { observations, observe } = observer(options.id);
  /** Every peer seen, by `host:port`, with its flow number. */
  const flows = new Map<string, number>();
  /** The peers the listening program has read from, by flow number. */
  const known = new Map<number, Peer>();
  const queue: Waiting[] = [];
  let queuedBytes = 0;
  let dropped = { datagrams: 0, bytes: 0 };
  let listener: ((news: AssistantNews) => void) | undefined;

  const socket = dgram.createSocket({ type: isIPv6(options.bindHost) ? 'udp6' : 'udp4' });

  let lastFlow = 0;
  function flowOf(peer: string): number {
    const seen = flows.get(peer);
    if (seen !== undefined) return seen;
    const flow = ++lastFlow;
    flows.set(peer, flow);
    if (flows.size > MAX_PEERS) flows.delete(flows.keys().next().value as string);
    return flow;
  }

  /** One recvfrom() of the program: the datagram observed, its peer known, the program told. */
  function read({ datagram, address, port }: Waiting, tell: (news: AssistantNews) => void): void {
    const peer = formatHostPort(address, port);
    const id = flowOf(peer);
    observe({
      connection: id,
      kind: 'receive',
      peer,
      bytes: datagram.length,
      data: datagram.subarray(0, OBSERVED_BYTES),
    });
    const before = known.get(id)?.client ?? { id, peer, receivedBytes: 0, sentBytes: 0, state: 'open' as const };
    const client: AssistantClient = { ...before, receivedBytes: before.receivedBytes + datagram.length };
    known.set(id, { client, address, port });
    tell({ kind: 'data', client, data: datagram });
  }

  socket.on('message', function socketOnMessage(datagram, remote) {
    const waiting = { datagram, address: remote.address, port: remote.port };
    if (listener !== undefined) return read(waiting, listener);
    if (queue.length >= QUEUE_DATAGRAMS || queuedBytes + datagram.length > QUEUE_BYTES) {
      dropped = { datagrams: dropped.datagrams + 1, bytes: dropped.bytes + datagram.length };
      return;
    }
    queue.push(waiting);
    queuedBytes += datagram.length;
  });

  socket.bind({ address: options.bindHost, port: options.port, exclusive: true });
  try {
    await once(socket, 'listening');
  } catch (error) {
    socket.close();
    throw error;
  }
  socket.on('error', (error: NodeJS.ErrnoException) =>
    observe({ connection: 0, kind: 'error', note: verbatim(error.code ?? error.message) }),
  );
  observe({ connection: 0, kind: 'listen', peer: formatHostPort(options.bindHost, options.port) });
  const bound = socket.address();

  const assistant: AssistantConsole = {
    transport: 'udp',
    local: formatHostPort(bound.address, bound.port),
    backlog: 0,
    waiting: () => ({ connections: 0, datagrams: queue.length }),
    listen(onNews) {
      if (listener !== undefined) return undefined;
      listener = onNews;
      if (dropped.datagrams > 0) onNews({ kind: 'dropped', ...dropped });
      dropped = { datagrams: 0, bytes: 0 };
      for (const waiting of queue.splice(0)) read(waiting, onNews);
      queuedBytes = 0;
      return {
        dispose() {
          if (listener !== onNews) return;
          listener = undefined;
          // A UDP program that exits tells no peer: the next one starts knowing none.
          known.clear();
        },
      };
    },
    clients: () => [...known.values()].map((peer) => peer.client).sort((a, b) => a.id - b.id),
    send(id, bytes) {
      const peer = known.get(id);
      if (peer === undefined || listener === undefined) return Promise.resolve({ errno: 'EDESTADDRREQ' });
      if (bytes.length > MAX_DATAGRAM) return Promise.resolve({ errno: 'EMSGSIZE' });
      return new Promise((resolve) => {
        socket.send(bytes, peer.port, peer.address, (error) => {
          if (error) return resolve({ errno: (error as NodeJS.ErrnoException).code ?? 'EIO' });
          const data = bytes.subarray(0, OBSERVED_BYTES);
          observe({ connection: id, kind: 'send', peer: peer.client.peer, bytes: bytes.length, data });
          peer.client = { ...peer.client, sentBytes: peer.client.sentBytes + bytes.length };
          resolve(bytes.length);
        });
      });
    },
    close: () => 'gone',
  };

  return {
    info: serverInfo(options, 'udp-assistant', 'udp'),
    endpoints: [{ transport: 'udp', address: bound.address, port: bound.port }],
    onObservation: observations.event,
    assistant,
    async dispose() {
      listener = undefined;
      await new Promise<void>((resolve) => socket.close(() => resolve()));
      observations.clear();
    },
  };
}

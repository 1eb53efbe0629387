/**
 * The TCP network assistant: a server a student's program or board connects to, as it connects to NetAssist on
 * a PC. It does not echo. Its socket listens from the session's start, so a client's handshake completes at
 * once, but what the client sends stays in the kernel's receive buffer (the socket is not read) until a program
 * accepts the connection — the lab shell's `listen` (see assistant-console.ts). Then every read is news for that
 * program and an observation, what the program sends goes out, and when the client's FIN is read the server
 * closes its side too, as a C server whose read() returned 0 does. The observations are those of every TCP
 * kind (accept, receive, send, peer-fin, close), so checks and the server timeline read it unchanged; its
 * `accept` is the kernel's, when the handshake completed, as for the other kinds, and `receive` the program's
 * read, so bytes that waited in the backlog are observed once `listen` reads them.
 */

import { OBSERVED_BYTES } from '../../src/lab-kit';
import { formatHostPort } from '../../src/protocol';
import {
  ASSISTANT_SEND_BUFFER_BYTES,
  type AssistantClient,
  type AssistantConsole,
  type AssistantNews,
} from './assistant-console';
import type { RunningServer, ServerStartOptions } from './observation';
import { startTcpServer, type TcpConnection } from './tcp-server';

/** Node's default listen() backlog, which the server's socket was given. */
const LISTEN_BACKLOG = 511;
/** After the program's FIN, how long the server waits for the client's before it drops the connection. */
const CLOSE_WAIT_MS = 5000;

interface Entry {
  readonly connection: TcpConnection;
  client: AssistantClient;
  /** Accepted by the program listening now. */
  accepted: boolean;
  /** Closed by a program (close, or the program exiting): bytes that still arrive are answered with RST. */
  closedByProgram: boolean;
}

export async function startTcpAssistant(options: ServerStartOptions): Promise<RunningServer> {
  const entries = new Map<number, Entry>();
  let listener: ((news: AssistantNews) => void) | undefined;

  function update(entry: Entry, change: Partial<AssistantClient>): AssistantClient {
    entry.client = { ...entry.client, ...change };
    return entry.client;
  }
  function tell(entry: Entry, news: AssistantNews): void {
    if (entry.accepted && !entry.closedByProgram) listener?.(news);
  }
  function accept(entry: Entry): void {
    entry.accepted = true;
    listener?.({ kind: 'accept', client: entry.client });
    // Reading starts now: what waited in the kernel's receive buffer arrives first.
    entry.connection.socket.resume();
  }
  function closeByProgram(entry: Entry): void {
    entry.closedByProgram = true;
    entries.delete(entry.client.id);
    const { socket } = entry.connection;
    socket.end();
    socket.setTimeout(CLOSE_WAIT_MS, () => socket.destroy());
  }

  const running = await startTcpServer(options, {
    kind: 'tcp-assistant',
    allowHalfOpen: true,
    serve(connection) {
      const { socket, number, observe, touch } = connection;
      // In the backlog: accepted by the kernel, not yet by a program, so nothing is read (Node reads at most its
      // high-water mark into its own buffer; the rest waits in the kernel, whose window then closes).
      socket.pause();
      const peer = formatHostPort(socket.remoteAddress ?? '?', socket.remotePort ?? '?');
      const entry: Entry = {
        connection,
        client: { id: number, peer, receivedBytes: 0, sentBytes: 0, state: 'open' },
        accepted: false,
        closedByProgram: false,
      };
      entries.set(number, entry);
      socket.on('data', function socketOnData(chunk: Buffer) {
        // After close(2) the kernel owns an orphaned socket: data that still arrives is answered with RST.
        if (entry.closedByProgram) {
          socket.resetAndDestroy();
          return;
        }
        touch();
        observe({ kind: 'receive', bytes: chunk.length, data: chunk.subarray(0, OBSERVED_BYTES) });
        const client = update(entry, { receivedBytes: entry.client.receivedBytes + chunk.length });
        tell(entry, { kind: 'data', client, data: chunk });
      });
      socket.on('error', function socketOnError(error: NodeJS.ErrnoException) {
        tell(entry, { kind: 'reset', client: entry.client, errno: error.code ?? 'EIO' });
      });
      socket.on('close', function socketOnClose() {
        const client = update(entry, { state: 'closed' });
        tell(entry, { kind: 'close', client });
        if (entries.get(number) === entry) entries.delete(number);
      });
      if (listener !== undefined) accept(entry);
    },
    peerEnded({ socket, number }) {
      // read() returned 0: the program's loop closes its side, as NetAssist does when a client leaves.
      const entry = entries.get(number);
      if (entry !== undefined) tell(entry, { kind: 'peer-fin', client: update(entry, { state: 'peer-fin' }) });
      socket.end();
    },
  });

  const address = running.endpoints[0];
  const assistant: AssistantConsole = {
    transport: 'tcp',
    local: address === undefined ? '?' : formatHostPort(address.address, address.port),
    backlog: LISTEN_BACKLOG,
    waiting: () => ({ connections: [...entries.values()].filter((entry) => !entry.accepted).length, datagrams: 0 }),
    listen(onNews) {
      if (listener !== undefined) return undefined;
      listener = onNews;
      for (const entry of [...entries.values()].sort((a, b) => a.client.id - b.client.id)) {
        if (!entry.accepted) accept(entry);
      }
      return {
        dispose() {
          if (listener !== onNews) return;
          listener = undefined;
          // The program exits: the kernel closes its fds, so every connection it accepted gets a FIN.
          for (const entry of [...entries.values()]) if (entry.accepted) closeByProgram(entry);
        },
      };
    },
    clients: () =>
      [...entries.values()]
        .filter((entry) => entry.accepted)
        .map((entry) => entry.client)
        .sort((a, b) => a.id - b.id),
    send(id, bytes) {
      const entry = entries.get(id);
      if (entry === undefined || !entry.accepted || listener === undefined) return Promise.resolve({ errno: 'EBADF' });
      const { socket } = entry.connection;
      if (entry.client.state !== 'open' || !socket.writable) return Promise.resolve({ errno: 'EPIPE' });
      if (socket.writableLength >= ASSISTANT_SEND_BUFFER_BYTES) return Promise.resolve({ errno: 'EAGAIN' });
      return new Promise((resolve) => {
        socket.write(bytes, (error) => {
          if (error) return resolve({ errno: (error as NodeJS.ErrnoException).code ?? 'EIO' });
          entry.connection.observe({ kind: 'send', bytes: bytes.length, data: bytes.subarray(0, OBSERVED_BYTES) });
          entry.connection.touch();
          update(entry, { sentBytes: entry.client.sentBytes + bytes.length });
          resolve(bytes.length);
        });
      });
    },
    close(id) {
      const entry = entries.get(id);
      if (entry === undefined || !entry.accepted || entry.client.state !== 'open') return 'gone';
      closeByProgram(entry);
      return 'fin';
    },
  };
  return {
    ...running,
    assistant,
    dispose: async () => {
      listener = undefined;
      await running.dispose();
    },
  };
}

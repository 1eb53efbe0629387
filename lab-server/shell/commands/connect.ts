/**
 * `connect TARGET`: socket() then connect(), narrated. What the shell times is the call, from its start to its
 * return, which is not the handshake: that happens in the kernel, and the capture times it from the packets.
 * Failures print the errno a C program would get and what it means; the shell's own timeout is said as its
 * own, since a blocking connect() would keep resending the SYN for minutes before ETIMEDOUT.
 */

import { style } from '../ansi';
import { type CommandContext, checkOptions, printModelNote, type ShellCommand, withModelNote } from '../command';
import type { ParsedLine } from '../command-line';
import { explainErrno } from '../errno';
import type { ShellSocket } from '../shell-socket';
import { MAX_SOCKETS } from '../socket-table';
import { resolveTarget } from '../target-policy';
import { visible } from '../visible-text';

const TEXT = {
  summary: 'open a TCP connection (TARGET: a lab server name like echo, PORT, or HOST:PORT)',
  details: [
    'Makes a socket and connects it: the kernel sends SYN, the server answers SYN-ACK, the kernel sends ACK.',
    'Examples:  connect echo    connect 127.0.0.1:20417    connect 9000 (a server of your own, locally)',
  ],
  tooMany: `too many open sockets: close one first (the lab shell allows ${MAX_SOCKETS}; a Linux process usually 1024)`,
  connected: (ms: string, local: string, what: string) =>
    `connect() returned after ${ms} ms; local address ${local}${what}`,
  noAnswer: (name: string, seconds: string) => `${name}: no answer within ${seconds} s`,
  gaveUp: 'the lab shell gave up waiting; the fd is released',
  arrived: (fd: number, bytes: number) => `[fd ${fd}: ${bytes} bytes arrived — type recv to read them]`,
  peerFin: (fd: number) => `[fd ${fd}: the peer closed its side (FIN) — recv will return 0]`,
  reset: (fd: number, errno: string) => `[fd ${fd}: ${errno} — ${explainErrno(errno)}]`,
} as const;

export const connect: ShellCommand = {
  name: 'connect',
  usage: 'connect TARGET',
  summary: TEXT.summary,
  details: TEXT.details,
  async run(context, line) {
    if (!checkOptions(context, this, line, [])) return;
    await openConnection(context, line, 'connect');
  },
};

/** socket() + connect(), shared with `nc`. Returns the connected socket, or undefined after narrating why not. */
export async function openConnection(
  context: CommandContext,
  line: ParsedLine,
  name: string,
): Promise<ShellSocket | undefined> {
  const resolved = resolveTarget(line.args, context.policy);
  if (!resolved.ok) {
    // The reason quotes the words typed (`"…" is not a port number`); it is one line with no controls of its own.
    context.fail(`${name}: ${visible(resolved.why)}`);
    return undefined;
  }
  const family = resolved.target.host.includes(':') ? 'AF_INET6' : 'AF_INET';
  const socket = context.sockets.open(resolved.target);
  if (socket === undefined) {
    context.narrate(`socket(${family}, SOCK_STREAM)`, '-1 EMFILE', TEXT.tooMany);
    return undefined;
  }
  context.narrate(`socket(${family}, SOCK_STREAM)`, `fd ${socket.fd}`);
  printModelNote(context, 'fdNumbers');
  const started = performance.now();
  const failure = await socket.connect(context.connectTimeoutMs, context.signal);
  const call = `connect(fd ${socket.fd}, ${socket.remote})`;
  if (failure !== undefined) {
    context.sockets.release(socket.fd);
    if ('shellTimeout' in failure) {
      const seconds = String(failure.shellTimeout / 1000);
      context.fail(withModelNote(context, TEXT.noAnswer(name, seconds), 'connectTimeout'));
      context.narrate(`close(fd ${socket.fd})`, '0', TEXT.gaveUp);
      return undefined;
    }
    context.narrate(call, `-1 ${failure.errno}`, explainErrno(failure.errno));
    if (failure.errno === 'EINTR') printModelNote(context, 'interrupt');
    context.narrate(`close(fd ${socket.fd})`, '0');
    return undefined;
  }
  const ms = (performance.now() - started).toFixed(1);
  const what = resolved.target.server ? ` — ${resolved.target.server.title}` : '';
  context.narrate(call, '0', TEXT.connected(ms, socket.local, what));
  printModelNote(context, 'connectTiming');
  watch(context, socket);
  return socket;
}

/** Tells the student, between prompts, when data or a FIN arrives on a socket they are not reading. */
function watch(context: CommandContext, socket: ShellSocket): void {
  socket.onData(({ arrived, waiting, beingRead }) => {
    // Once per batch: when the queue was empty before these bytes and nobody is reading.
    if (beingRead || arrived !== waiting) return;
    context.print(style.dim(TEXT.arrived(socket.fd, waiting)));
  });
  socket.onPeerFin(() => {
    if (socket.beingRead) return;
    context.print(style.dim(TEXT.peerFin(socket.fd)));
  });
  socket.onReset((errno) => {
    context.print(style.yellow(TEXT.reset(socket.fd, errno)));
  });
}

/**
 * `connect TARGET`: socket() then connect(), narrated. The handshake time is measured on the real socket;
 * failures print the errno a C program would get and what it means.
 */

import { style } from '../ansi';
import { type CommandContext, checkOptions, type ShellCommand } from '../command';
import type { ParsedLine } from '../command-line';
import { explainErrno } from '../errno';
import type { ShellSocket } from '../shell-socket';
import { MAX_SOCKETS } from '../socket-table';
import { resolveTarget } from '../target-policy';
import { visible } from '../visible-text';

const CONNECT_TIMEOUT_MS = 5000;

export const connect: ShellCommand = {
  name: 'connect',
  usage: 'connect TARGET',
  summary: 'open a TCP connection (TARGET: a lab server name like echo, PORT, or HOST:PORT)',
  details: [
    'Makes a socket and connects it: the kernel sends SYN, the server answers SYN-ACK, the kernel sends ACK.',
    'Examples:  connect echo    connect 127.0.0.1:20417    connect 9000 (a server of your own, locally)',
  ],
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
    context.narrate(
      `socket(${family}, SOCK_STREAM)`,
      '-1 EMFILE',
      `${explainErrno('EMFILE')} (at most ${MAX_SOCKETS})`,
    );
    return undefined;
  }
  context.narrate(`socket(${family}, SOCK_STREAM)`, `fd ${socket.fd}`);
  const started = performance.now();
  const failure = await socket.connect(CONNECT_TIMEOUT_MS, context.signal);
  const call = `connect(fd ${socket.fd}, ${socket.remote})`;
  if (failure !== undefined) {
    context.narrate(call, `-1 ${failure.errno}`, explainErrno(failure.errno));
    context.sockets.release(socket.fd);
    context.narrate(`close(fd ${socket.fd})`, '0');
    return undefined;
  }
  const ms = (performance.now() - started).toFixed(1);
  const what = resolved.target.server ? ` — ${resolved.target.server.title}` : '';
  context.narrate(call, '0', `SYN → SYN-ACK → ACK in ${ms} ms; local address ${socket.local}${what}`);
  watch(context, socket);
  return socket;
}

/** Tells the student, between prompts, when data or a FIN arrives on a socket they are not reading. */
function watch(context: CommandContext, socket: ShellSocket): void {
  socket.onData(({ arrived, waiting, beingRead }) => {
    // Once per batch: when the queue was empty before these bytes and nobody is reading.
    if (beingRead || arrived !== waiting) return;
    context.print(style.dim(`[fd ${socket.fd}: ${waiting} bytes arrived — type recv to read them]`));
  });
  socket.onPeerFin(() => {
    if (socket.beingRead) return;
    context.print(style.dim(`[fd ${socket.fd}: the peer closed its side (FIN) — recv will return 0]`));
  });
  socket.onReset((errno) => {
    context.print(style.yellow(`[fd ${socket.fd}: ${errno} — ${explainErrno(errno)}]`));
  });
}

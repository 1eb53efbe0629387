/**
 * What socket errors mean, in a sentence a student can act on. The shell prints `-1 ECONNREFUSED` as a C
 * program would see it, followed by one of these.
 */

const EXPLANATIONS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'nothing is listening on that port: the other kernel answered the SYN with RST.',
  ETIMEDOUT: 'no answer came back: the SYN (or later data) was never acknowledged.',
  ECONNRESET: 'the peer reset the connection (RST): it closed with data unread, or aborted.',
  EPIPE: 'the connection is closed for writing: the peer has gone away.',
  EHOSTUNREACH: 'there is no route to that host.',
  ENETUNREACH: 'there is no route to that network.',
  EADDRNOTAVAIL: 'that address is not available on this machine.',
  EMFILE: 'too many open sockets: close one first.',
  ENOTCONN: 'the socket is not connected.',
  EBADF: 'no socket has that file descriptor.',
  EINTR: 'interrupted by Ctrl-C.',
};

export function explainErrno(code: string): string {
  return EXPLANATIONS[code] ?? 'the operation failed.';
}

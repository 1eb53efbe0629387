/**
 * Hand-built captures of the ways a connection to the lab's servers ends, for the tests of the labs that judge
 * a close (`tcp-teardown`, and "read the echo" in `tcp-echo`). Packet for packet they follow real Linux loopback
 * captures: the three-packet close the echo server produces (its FIN carries the ACK of the client's), the
 * half-close where the echo arrives after the client's FIN, a close() before the echo is back (the echo then
 * meets a closed socket, which answers with a bare RST), and the `RST, ACK` a closed port answers a SYN with.
 * The rarer shapes (four packets, server first, simultaneous, reset) are built from the same pieces.
 */

import { ACK, CaptureBuilder, CLOSED_PORT, type ConnectionBuilder, ECHO_PORT, FIN, RST } from './packets';

export const GREETING = 'Hello,world!';

export function echoConnection(capture: CaptureBuilder, clientPort = 40988): ConnectionBuilder {
  return capture.connection({ clientPort, serverPort: ECHO_PORT }).handshake();
}

/** connect, send, recv, close: client FIN, server FIN with the ACK, last ACK. */
export function closeInThree(capture = new CaptureBuilder(), clientPort = 40988): CaptureBuilder {
  echoConnection(capture, clientPort).echo(GREETING).closeInThree('client');
  return capture;
}

/** As above, but the server acknowledges the FIN before it sends its own. */
export function closeInFour(capture = new CaptureBuilder(), clientPort = 40988): CaptureBuilder {
  echoConnection(capture, clientPort).echo(GREETING).closeInFour('client');
  return capture;
}

/** The server closes first; the client answers with its FIN, which carries the ACK. */
export function serverClosesFirst(capture = new CaptureBuilder(), clientPort = 40988): CaptureBuilder {
  echoConnection(capture, clientPort).echo(GREETING).closeInThree('server');
  return capture;
}

/** The greeting, then the client's FIN before the echo is back, then the echo: how both shapes below begin. */
function finBeforeEcho(capture: CaptureBuilder, clientPort: number): ConnectionBuilder {
  const connection = echoConnection(capture, clientPort);
  connection.data('client', GREETING);
  connection.ack('server');
  connection.fin('client');
  connection.data('server', GREETING);
  return connection;
}

/** send + shutdown(SHUT_WR) at once: the echo comes back after the client's FIN and is acknowledged. */
export function halfClose(capture = new CaptureBuilder(), clientPort = 41000): CaptureBuilder {
  const connection = finBeforeEcho(capture, clientPort);
  connection.ack('client');
  connection.fin('server');
  connection.ack('client');
  return capture;
}

/** Both FINs sent before either arrived: neither acknowledges the other, then each side ACKs. */
export function simultaneousClose(capture = new CaptureBuilder(), clientPort = 40988): CaptureBuilder {
  const connection = echoConnection(capture, clientPort).echo(GREETING);
  const clientFin = connection.fin('client');
  connection.segment({ from: 'server', flags: FIN | ACK, ackRaw: clientFin.tcp!.seqRaw });
  connection.ack('client');
  connection.ack('server');
  return capture;
}

/** close() with the echo unread: the client's kernel sends RST instead of FIN. */
export function closeWithUnreadData(capture = new CaptureBuilder(), clientPort = 40988): CaptureBuilder {
  const connection = echoConnection(capture, clientPort).echo(GREETING);
  connection.reset('client');
  return capture;
}

/**
 * send, then close() at once: the FIN leaves before the echo is back, and the closed socket answers the echo
 * with a bare RST, Win=0 (RFC 9293 §3.6.1: data that arrives after CLOSE is answered with a reset). The server
 * has read end-of-file by then, so its sockets see an orderly close; only the packets show the RST.
 */
export function closeBeforeEcho(capture = new CaptureBuilder(), clientPort = 40988): CaptureBuilder {
  finBeforeEcho(capture, clientPort).segment({ from: 'client', flags: RST, windowValue: 0 });
  return capture;
}

/** connect closed: SYN, then RST, ACK from the kernel. */
export function refused(capture = new CaptureBuilder(), clientPort = 42992): CaptureBuilder {
  const connection = capture.connection({ clientPort, serverPort: CLOSED_PORT, clientIsn: 3_141_592_653 });
  connection.syn();
  connection.refuse();
  return capture;
}

/** The reference solution: a half-close, an orderly close, then a refused connection. */
export function referenceSolution(): CaptureBuilder {
  const capture = halfClose(new CaptureBuilder(), 41000);
  capture.wait(5);
  closeInThree(capture, 41002);
  capture.wait(5);
  return refused(capture, 41004);
}

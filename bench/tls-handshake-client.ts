/**
 * One TLS connection as the TLS section's clients make it, the same against the lab's TLS echo and the bare one:
 * a full handshake (no session is offered, so nothing is resumed), the server's chain verified against the class
 * root for the name `localhost` as a student's program would, then `Hello,world!` sent and its echo read, then a
 * close_notify and FIN. Nagle is off, as the other sections' clients have it.
 */

import tls from 'node:tls';

export const GREETING = 'Hello,world!';

export interface TlsTarget {
  readonly port: number;
  /** The class root, PEM: the one trust anchor. */
  readonly ca: string;
  /** `TLSv1.3` for the TLS 1.3 echo; `TLSv1.2` for a TLS 1.2 server. */
  readonly version: tls.SecureVersion;
  /** For the whole connection: connect, handshake, echo and close. */
  readonly timeoutMs: number;
}

export interface TlsConnectionTiming {
  /** `performance.now()` when the handshake completed at the client (`secureConnect`). */
  readonly secureAt: number;
  /** From starting the TCP connect to `secureConnect`, ms. */
  readonly handshakeMs: number;
  /** The client's port, as the server (and its capture) sees it. */
  readonly localPort: number;
}

/**
 * Connects, handshakes, echoes and closes; resolves once the socket closed. `onSecure` is called the moment the
 * handshake completed, before the greeting is sent.
 */
export function tlsConnectOnce(
  target: TlsTarget,
  onSecure?: (timing: TlsConnectionTiming) => void,
): Promise<TlsConnectionTiming> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let timing: TlsConnectionTiming | undefined;
    let echoed = '';
    const socket = tls.connect({
      host: '127.0.0.1',
      port: target.port,
      servername: 'localhost',
      ca: target.ca,
      minVersion: target.version,
      maxVersion: target.version,
    });
    socket.setNoDelay(true);
    const timer = setTimeout(() => {
      socket.destroy(new Error(`no TLS echo from port ${target.port} within ${target.timeoutMs} ms`));
    }, target.timeoutMs);
    socket.setEncoding('utf8');
    socket.once('secureConnect', function socketOnSecureConnect() {
      timing = {
        secureAt: performance.now(),
        handshakeMs: performance.now() - started,
        localPort: socket.localPort ?? 0,
      };
      onSecure?.(timing);
      socket.write(GREETING);
    });
    socket.on('data', function socketOnData(text: string) {
      echoed += text;
      if (echoed.length >= GREETING.length) socket.end();
    });
    socket.once('error', function socketOnError(error: Error) {
      clearTimeout(timer);
      reject(error);
    });
    socket.once('close', function socketOnClose() {
      clearTimeout(timer);
      if (timing === undefined || echoed !== GREETING) {
        reject(new Error(`the TLS connection to port ${target.port} closed before its echo (got "${echoed}")`));
      } else resolve(timing);
    });
  });
}

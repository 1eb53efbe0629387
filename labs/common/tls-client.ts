/**
 * The TLS client the three TLS labs' reference solutions are: it connects as a careful student's Node program
 * does (the class CA as its only trust anchor, the host checked against the certificate, a version range and
 * suites when the lesson sets them, a client certificate for mutual TLS), sends Hello,world!, reads the echo and
 * closes. It also keeps the bytes it received (`wire.ts`), so a solution can answer the capture questions from what
 * came off the wire rather than from the lab's reading of it.
 */

import net from 'node:net';
import tls from 'node:tls';
import { GREETING } from './tls-handshakes';
import { recordingSocket } from './tls-wire';

/** One exchange can take this long at most: a handshake and an echo on loopback take milliseconds. */
const EXCHANGE_MS = 10_000;

export interface TlsClientOptions {
  readonly host: string;
  readonly port: number;
  /** The class CA, PEM: the only root this client trusts. */
  readonly ca: string;
  readonly minVersion?: tls.SecureVersion;
  readonly maxVersion?: tls.SecureVersion;
  /** OpenSSL's cipher list for TLS 1.2 (`AES128-SHA`). */
  readonly ciphers?: string;
  /** The client certificate (with its chain) and key, PEM, for mutual TLS. */
  readonly cert?: string;
  readonly key?: string;
}

export interface TlsExchange {
  /** What came back, decrypted. */
  readonly echo: string;
  /** `TLSv1.2`, `TLSv1.3`. */
  readonly protocol: string;
  /** The suite, IANA's name and OpenSSL's. */
  readonly standardName: string;
  readonly openSslName: string;
  /** The ephemeral key's group as OpenSSL names it (`X25519`), when there was one. */
  readonly group?: string;
  /** Every byte received on the connection, encrypted records included. */
  readonly received: Uint8Array;
}

/** Connects, sends Hello,world!, reads as many bytes back, and closes; rejects with the TLS error, if any. */
export function exchange(options: TlsClientOptions): Promise<TlsExchange> {
  return new Promise((resolve, reject) => {
    const tcp = net.connect({ host: options.host, port: options.port });
    const recording = recordingSocket(tcp);
    const socket = tls.connect({
      socket: recording.stream,
      host: options.host,
      ca: options.ca,
      ...(options.minVersion === undefined ? {} : { minVersion: options.minVersion }),
      ...(options.maxVersion === undefined ? {} : { maxVersion: options.maxVersion }),
      ...(options.ciphers === undefined ? {} : { ciphers: options.ciphers }),
      ...(options.cert === undefined ? {} : { cert: options.cert }),
      ...(options.key === undefined ? {} : { key: options.key }),
    });
    const chunks: Buffer[] = [];
    let got = 0;
    let settled = false;
    const timer = setTimeout(() => fail(new Error(`no echo within ${EXCHANGE_MS} ms`)), EXCHANGE_MS);
    function fail(error: Error): void {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      tcp.destroy();
      reject(error);
    }
    socket.once('secureConnect', function socketOnSecureConnect() {
      socket.write(GREETING);
    });
    let result: TlsExchange | undefined;
    socket.on('data', function socketOnData(chunk: Buffer) {
      chunks.push(chunk);
      got += chunk.length;
      if (got < GREETING.length || result !== undefined) return;
      const cipher = socket.getCipher();
      const ephemeral = socket.getEphemeralKeyInfo();
      const group = ephemeral !== null && 'name' in ephemeral ? ephemeral.name : undefined;
      result = {
        echo: Buffer.concat(chunks).toString(),
        protocol: socket.getProtocol() ?? '?',
        standardName: cipher.standardName,
        openSslName: cipher.name,
        ...(group === undefined ? {} : { group }),
        received: recording.received(),
      };
      socket.end();
    });
    socket.once('error', fail);
    socket.once('close', function socketOnClose() {
      if (result === undefined) return fail(new Error('the server closed the connection before the echo'));
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      tcp.destroy();
      resolve(result);
    });
  });
}

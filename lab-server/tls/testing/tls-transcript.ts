/**
 * A real TLS connection — Node's `tls` (OpenSSL) on both ends, over an in-memory pair of streams — written down
 * as the frames a capture would have seen: a TCP handshake, each chunk either side wrote as segments of at most
 * `mss` bytes with the right sequence numbers (so tshark must reassemble a Certificate), and both FINs. With the
 * server's key log it makes a pcapng that tshark decrypts, without capture rights or a network. For the
 * reader's and the tracker's unit tests; the integration test captures a real loopback connection instead.
 */

import { Duplex } from 'node:stream';
import tls from 'node:tls';
import type { RawFrame } from '../../capture';
import { rawFrame, tcpFrame } from '../../capture/synthetic-frames';

export interface TranscriptOptions {
  readonly server: tls.TlsOptions;
  readonly client: tls.ConnectionOptions;
  readonly serverPort: number;
  readonly clientPort: number;
  /** Default 300: a certificate takes several segments. */
  readonly mss?: number;
  /** Written by the client once connected (and echoed); default `hello`. */
  readonly message?: string;
  /** Capture time of the first frame, seconds; default 1 700 000 000. */
  readonly startSeconds?: number;
}

export interface TlsTranscript {
  readonly frames: readonly RawFrame[];
  /** The server's `keylog` lines, NSS format. */
  readonly keyLog: string;
  /** How the client ended: `TLSv1.3`, the suite's standard name, or the error code it got. */
  readonly protocol: string | null;
  readonly cipher: string | undefined;
  readonly clientError: string | undefined;
  /** The server certificate's DER, as the client received it. */
  readonly serverCertificate: Buffer | undefined;
}

const SYN = 0x002;
const ACK = 0x010;
const PSH = 0x008;
const FIN = 0x001;

/** Runs one connection to its end (or its failure) and returns its frames. Bounded: 10 s at most. */
export async function recordTlsTranscript(options: TranscriptOptions): Promise<TlsTranscript> {
  const mss = options.mss ?? 300;
  const frames: RawFrame[] = [];
  let tick = 0;
  const start = options.startSeconds ?? 1_700_000_000;
  const seq = { client: 1000, server: 5000 };
  const emit = (from: 'client' | 'server', flags: number, payload: Buffer = Buffer.alloc(0)): void => {
    const other = from === 'client' ? 'server' : 'client';
    const data = tcpFrame({
      srcPort: from === 'client' ? options.clientPort : options.serverPort,
      dstPort: from === 'client' ? options.serverPort : options.clientPort,
      seq: seq[from],
      ack: flags === SYN ? 0 : seq[other],
      flags,
      window: 1024,
      payload,
    });
    tick += 1;
    frames.push(rawFrame(data, start + Math.floor(tick / 1000), (tick % 1000) * 1_000_000));
    seq[from] = (seq[from] + payload.length + (flags & (SYN | FIN) ? 1 : 0)) >>> 0;
  };
  emit('client', SYN);
  emit('server', SYN | ACK);
  emit('client', ACK);

  const [clientSide, serverSide] = duplexPair((from, chunk) => {
    for (let offset = 0; offset < chunk.length; offset += mss) {
      emit(from, PSH | ACK, chunk.subarray(offset, offset + mss));
    }
  });
  let keyLog = '';
  const server = new tls.TLSSocket(serverSide, { ...options.server, isServer: true });
  server.on('keylog', (line: Buffer) => {
    keyLog += line.toString('latin1');
  });
  server.on('error', () => {});
  server.on('secure', () => server.pipe(server));

  const client = tls.connect({ ...options.client, socket: clientSide });
  const outcome = await new Promise<{ error?: string; certificate?: Buffer }>((resolve) => {
    const timer = setTimeout(() => resolve({ error: 'timeout' }), 10_000);
    const done = (result: { error?: string; certificate?: Buffer }): void => {
      clearTimeout(timer);
      resolve(result);
    };
    client.on('secureConnect', () => {
      const message = options.message ?? 'hello';
      client.write(message);
      let echoed = '';
      client.on('data', (data: Buffer) => {
        echoed += data.toString();
        if (echoed.length >= message.length) done({ certificate: client.getPeerCertificate().raw });
      });
    });
    client.on('error', (error: NodeJS.ErrnoException) => done({ error: error.code ?? error.message }));
    // A server that refuses the client (mutual TLS without a certificate) sends its alert, then gives up; over
    // this pair the client may never hear more, so the server's failure ends the connection too.
    server.on('error', (error: NodeJS.ErrnoException) => {
      setTimeout(() => done({ error: `server: ${error.code ?? error.message}` }), 50);
    });
  });
  const protocol = client.getProtocol();
  const cipher = client.getCipher()?.standardName;
  // Let the last records (an alert, tickets) through the pair before closing.
  await new Promise((resolve) => setTimeout(resolve, 20));
  client.destroy();
  server.destroy();
  emit('client', FIN | ACK);
  emit('server', FIN | ACK);
  emit('client', ACK);
  return {
    frames,
    keyLog,
    protocol,
    cipher,
    clientError: outcome.error,
    serverCertificate: outcome.certificate,
  };
}

/** Two connected duplex streams; `onWrite` hears each chunk as it crosses, named by the side that wrote it. */
function duplexPair(onWrite: (from: 'client' | 'server', chunk: Buffer) => void): [Duplex, Duplex] {
  const sides: Duplex[] = [];
  const make = (name: 'client' | 'server', peer: () => Duplex): Duplex =>
    new Duplex({
      read() {},
      write(chunk: Buffer, _encoding, callback) {
        onWrite(name, chunk);
        peer().push(chunk);
        callback();
      },
      final(callback) {
        peer().push(null);
        callback();
      },
    });
  sides.push(
    make('client', () => sides[1]!),
    make('server', () => sides[0]!),
  );
  return [sides[0]!, sides[1]!];
}

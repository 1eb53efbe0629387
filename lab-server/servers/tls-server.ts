/**
 * What every TLS lab server kind shares: a real `tls.Server` (Node's, OpenSSL underneath) on top of the TCP
 * server base, so a TLS kind has the same bounded connection slots, idle timeout, `restart` fault and accept,
 * peer-fin, reset and close observations as the TCP kinds. The TCP connection is observed first (`accept`, as
 * the capture and the ladder see the three-way handshake before any TLS), then handed to the TLS server, which
 * runs the handshake: `secure` when it completes (version, suite, SNI, the client's certificate), or `error`
 * with a stable `tls.failure` when it does not (see tls-failure.ts). Then the echo, on the decrypted bytes.
 * Every connection's keys go to the session's key log (Node's `keylog` event), so the session's own capture
 * can be read decrypted. A kind is the certificate it presents and the TLS options it sets.
 */

import type net from 'node:net';
import tls from 'node:tls';
import { type Localized, localized, verbatim } from '../../src/common/localized';
import type { TlsObservation } from '../../src/lab-kit';
import type { ClassPki, Credentials } from '../pki/pki';
import type { RunningServer, ServerStartOptions, TlsServerContext } from './observation';
import { serveEcho } from './tcp-echo';
import { meterReads, startTcpServer, type TcpConnection } from './tcp-server';
import {
  closedDuringHandshake,
  type HandshakeFailure,
  handshakeFailure,
  untrustedClientCertificate,
} from './tls-failure';

const TEXT = localized({
  en: {
    secure: (version: string, cipher: string, sni: string) => `${version}, ${cipher}, ${sni}`,
    sni: (name: string) => `SNI ${name}`,
    noSni: 'no SNI',
    withClient: (secure: string, commonName: string, whose: string) =>
      `${secure}; client certificate "${commonName}" (${whose})`,
    yours: (serial: string) => `yours, serial ${serial}`,
    another: "issued by the class, but not this session's",
  },
  'zh-Hans': {
    secure: (version, cipher, sni) => `${version}，${cipher}，${sni}`,
    sni: (name) => `SNI ${name}`,
    noSni: '客户端未发送 SNI',
    withClient: (secure, commonName, whose) => `${secure}；客户端证书 “${commonName}”（${whose}）`,
    yours: (serial) => `你的证书，序列号 ${serial}`,
    another: '由班级 CA 签发，但不是本会话的证书',
  },
});

export interface TlsKind {
  readonly kind: string;
  /** The certificate chain and key the server presents. */
  credentials(pki: ClassPki): Credentials;
  /** The TLS options the kind sets beyond its credentials: versions, suites, client certificates. */
  options?(context: TlsServerContext): tls.TlsOptions;
  /** The OCSP response the server staples when a client asks for one (RFC 6066 §8, `status_request`). */
  staple?(pki: ClassPki): Promise<Uint8Array>;
}

/** One TCP connection on its way through TLS. */
interface Handshake {
  readonly connection: TcpConnection;
  /** What the client sent first: whether it was TLS at all (see tls-failure.ts). */
  readonly firstBytes: Buffer;
  /** The TLS socket, once it logged a key: the mTLS refusal is read from it when the connection closes. */
  tlsSocket?: tls.TLSSocket;
  settled: boolean;
}

export async function startTlsServer(options: ServerStartOptions, kind: TlsKind): Promise<RunningServer> {
  const context = options.tls;
  // A start error for the lab's author, not a student's text: the session always passes the class PKI.
  if (context === undefined)
    throw new Error(
      `the ${kind.kind} server kind needs the class PKI (ServerStartOptions.tls): without it a TLS server has no certificate`,
    );
  const server = tls.createServer({ ...kind.credentials(context.pki), ...kind.options?.(context) });
  /** By the TCP socket under each TLS socket; entries go with their sockets. */
  const handshakes = new WeakMap<net.Socket, Handshake>();
  const handshakeOf = (socket: tls.TLSSocket): Handshake | undefined => handshakes.get(tcpSocketOf(socket));

  function fail(handshake: Handshake, failure: HandshakeFailure, tlsFields: TlsObservation = {}): void {
    if (handshake.settled) return;
    handshake.settled = true;
    handshake.connection.observe({ kind: 'error', note: failure.note, tls: { ...tlsFields, failure: failure.code } });
  }

  server.on('keylog', function serverOnKeylog(line: Buffer, socket: tls.TLSSocket) {
    context.keylog(line);
    const handshake = handshakeOf(socket);
    if (handshake !== undefined) handshake.tlsSocket = socket;
  });
  const { staple } = kind;
  if (staple !== undefined)
    server.on('OCSPRequest', function serverOnOcspRequest(_certificate, _issuer, callback) {
      staple(context.pki).then(
        (response) => callback(null, Buffer.from(response)),
        (error: Error) => callback(error, Buffer.alloc(0)),
      );
    });

  server.on('secureConnection', function serverOnSecureConnection(socket: tls.TLSSocket) {
    const handshake = handshakeOf(socket);
    if (handshake === undefined) return void socket.destroy();
    handshake.settled = true;
    const { connection } = handshake;
    const observed = secureObservation(socket, context);
    connection.observe({ kind: 'secure', note: observed.note, tls: observed.tls });
    // The TCP socket under it no longer sees the stream's end or its errors: the TLS socket does.
    socket.on('end', function socketOnEnd() {
      connection.observe({ kind: 'peer-fin' });
    });
    socket.on('error', function socketOnError(error: NodeJS.ErrnoException) {
      const reset = error.code === 'ECONNRESET' || error.code === 'EPIPE';
      connection.observe({ kind: reset ? 'reset' : 'error', note: verbatim(error.code ?? error.message) });
    });
    if (options.traffic !== undefined) {
      meterReads(socket, options.traffic, (note) => connection.observe({ kind: 'error', note }));
    }
    serveEcho({ ...connection, socket });
  });

  server.on('tlsClientError', function serverOnTlsClientError(error: NodeJS.ErrnoException, socket: tls.TLSSocket) {
    const handshake = handshakeOf(socket);
    // A hang-up is reported when the TCP connection closes (below), where it can be told from an mTLS refusal.
    if (handshake === undefined || error.code === 'ECONNRESET') return;
    fail(handshake, handshakeFailure(error, handshake.firstBytes));
  });

  return startTcpServer(options, {
    kind: kind.kind,
    // Not half-open: a TLS socket takes its TCP socket's setting, and a half-open one whose client hung up in
    // the middle of the handshake (Node's client does, after refusing a certificate) would wait for ever, as
    // Node reports no error for it. The echo loses nothing: it writes each chunk back before the end is read.
    allowHalfOpen: false,
    // The TLS socket reads the TCP socket's handle itself, so the byte budget meters it (below), not this one.
    ownsFlowControl: true,
    serve(connection) {
      const tcp = connection.socket;
      // Before the TCP base observes the close: a handshake that ends without an error of its own (the client
      // hung up, or the mTLS server refused the certificate after the handshake) is reported here, in order.
      tcp.prependListener('close', function tcpOnClose() {
        const handshake = handshakes.get(tcp);
        if (handshake === undefined || handshake.settled) return;
        const reason = handshake.tlsSocket?.authorizationError;
        if (reason !== undefined && reason !== null)
          fail(handshake, untrustedClientCertificate(String(reason)), { clientCertificateTrusted: false });
        else fail(handshake, closedDuringHandshake());
      });
      // The client speaks first in TLS. Its first bytes are kept (were they TLS at all?) and put back for the
      // TLS server, which reads what the TCP socket has buffered before it reads on (Node's `initRead`).
      tcp.once('data', function tcpOnFirstData(first: Buffer) {
        tcp.pause();
        tcp.unshift(first);
        connection.touch();
        handshakes.set(tcp, { connection, firstBytes: first, settled: false });
        // tls.Server's documented way to take a connection it did not accept itself.
        server.emit('connection', tcp);
      });
    },
  });
}

/** The TCP socket a TLS socket runs on (`_parent`: Node sets it for every TLS socket made over a net.Socket). */
function tcpSocketOf(socket: tls.TLSSocket): net.Socket {
  return (socket as tls.TLSSocket & { readonly _parent: net.Socket })._parent;
}

/** `TLSv1.3` → `TLS 1.3`, as the lessons write it. */
function versionName(protocol: string): string {
  return protocol.replace(/^TLSv/, 'TLS ');
}

/** What the `secure` observation says of a completed handshake. */
function secureObservation(socket: tls.TLSSocket, context: TlsServerContext): { note: Localized; tls: TlsObservation } {
  const version = socket.getProtocol() ?? '?';
  const cipher = socket.getCipher().standardName;
  const serverName = typeof socket.servername === 'string' ? socket.servername : undefined;
  const base = TEXT.secure(versionName(version), cipher, serverName === undefined ? TEXT.noSni : TEXT.sni(serverName));
  const observed: TlsObservation = { version, cipher, ...(serverName === undefined ? {} : { serverName }) };
  const peer = socket.getPeerCertificate();
  const commonName = typeof peer.subject?.CN === 'string' ? peer.subject.CN : undefined;
  if (commonName === undefined) return { note: base, tls: observed };
  const yours = context.client !== undefined && sameSerial(peer.serialNumber, context.client.serial);
  const whose = yours ? TEXT.yours(context.client?.serial ?? '') : TEXT.another;
  return {
    note: TEXT.withClient(base, commonName, whose),
    tls: { ...observed, clientCertificate: commonName, clientCertificateTrusted: socket.authorized },
  };
}

/** Node writes a serial upper-case with its leading zeros; the PKI lower-case: compare them as numbers. */
function sameSerial(a: string, b: string): boolean {
  return a.replace(/^0+/, '').toLowerCase() === b.replace(/^0+/, '').toLowerCase();
}

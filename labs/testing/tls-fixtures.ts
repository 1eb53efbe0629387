/**
 * Hand-built TLS handshakes and TLS connection records for the TLS labs' unit tests, shaped as the lab server
 * reads them from a real capture: the messages in wire order with the fields a check or question reads, the code
 * points Node 20's OpenSSL 3.0 picks on loopback (TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 and x25519 from a Node
 * client; TLS_AES_256_GCM_SHA384 for TLS 1.3), and TLS 1.3's messages after the ServerHello marked encrypted.
 */

import type { CheckContext, ConnectionRecord, TlsObservation } from '../../src/lab-kit';
import type {
  ServerInfo,
  TlsAlert,
  TlsCodePoint,
  TlsHandshake,
  TlsMessage,
  TlsMessageType,
  TlsVersion,
} from '../../src/protocol';

export const HOST = '127.0.0.1';

export const SUITES = {
  ecdhe: { code: 0xc02f, name: 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256' },
  ecdhe256: { code: 0xc030, name: 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384' },
  rsa: { code: 0x002f, name: 'TLS_RSA_WITH_AES_128_CBC_SHA' },
  tls13: { code: 0x1302, name: 'TLS_AES_256_GCM_SHA384' },
  tls13aes128: { code: 0x1301, name: 'TLS_AES_128_GCM_SHA256' },
} as const;

export const GROUPS = {
  x25519: { code: 0x001d, name: 'x25519' },
  secp256r1: { code: 0x0017, name: 'secp256r1' },
} as const;

let nextPacket = 1;

/** One message, numbered as the capture would number its frame. */
export function message(
  type: TlsMessageType,
  direction: TlsMessage['direction'],
  fields: Partial<TlsMessage> = {},
): TlsMessage {
  const packet = nextPacket++;
  return { type, direction, packet, time: 1_700_000_000 + packet / 1000, length: 100, encrypted: false, ...fields };
}

const OFFERED = [SUITES.tls13, SUITES.tls13aes128, SUITES.ecdhe, SUITES.ecdhe256, SUITES.rsa];

function handshake(
  server: string,
  connection: number,
  clientPort: number,
  version: TlsVersion,
  messages: TlsMessage[],
  more: Partial<TlsHandshake> = {},
): TlsHandshake {
  const hello = messages.find((candidate) => candidate.type === 'server_hello');
  return {
    server,
    connection,
    client: `${HOST}:${clientPort}`,
    version,
    ...(hello?.cipherSuite === undefined ? {} : { cipherSuite: hello.cipherSuite }),
    complete: messages.filter((candidate) => candidate.type === 'finished').length === 2,
    clientCertificateRequested: messages.some((candidate) => candidate.type === 'certificate_request'),
    messages,
    ...more,
  };
}

/** TLS 1.2 with ECDHE, the ten steps: the server signs x25519 parameters in its ServerKeyExchange. */
export function tls12Ecdhe(
  server: string,
  connection: number,
  clientPort: number,
  suite: TlsCodePoint = SUITES.ecdhe,
): TlsHandshake {
  return handshake(server, connection, clientPort, 'TLS 1.2', [
    message('client_hello', 'to-server', { cipherSuites: OFFERED, legacyVersion: 'TLS 1.2' }),
    message('server_hello', 'from-server', { cipherSuite: suite, legacyVersion: 'TLS 1.2' }),
    message('certificate', 'from-server', { certificates: ['3082', '3082'] }),
    message('server_key_exchange', 'from-server', { namedGroup: GROUPS.x25519 }),
    message('server_hello_done', 'from-server'),
    message('client_key_exchange', 'to-server', { keyExchange: 'ecdhe' }),
    message('change_cipher_spec', 'to-server'),
    message('finished', 'to-server', { encrypted: true }),
    message('change_cipher_spec', 'from-server'),
    message('finished', 'from-server', { encrypted: true }),
  ]);
}

/** TLS 1.2 with the RSA key exchange: no ServerKeyExchange, the premaster secret in the ClientKeyExchange. */
export function tls12Rsa(server: string, connection: number, clientPort: number): TlsHandshake {
  return handshake(server, connection, clientPort, 'TLS 1.2', [
    message('client_hello', 'to-server', { cipherSuites: [SUITES.rsa] }),
    message('server_hello', 'from-server', { cipherSuite: SUITES.rsa }),
    message('certificate', 'from-server', { certificates: ['3082', '3082'] }),
    message('server_hello_done', 'from-server'),
    message('client_key_exchange', 'to-server', { keyExchange: 'rsa' }),
    message('change_cipher_spec', 'to-server'),
    message('finished', 'to-server', { encrypted: true }),
    message('change_cipher_spec', 'from-server'),
    message('finished', 'from-server', { encrypted: true }),
  ]);
}

interface Tls13Options {
  /** The server asks for a client certificate (mutual TLS). */
  readonly requestCertificate?: boolean;
  /** What the client answers: its certificate, or an empty Certificate (none). */
  readonly clientCertificate?: boolean;
  /** The alert the server sends after the client's Finished, if any. */
  readonly alert?: TlsAlert;
  /** The capture's keys were missing: the encrypted messages stay unread. */
  readonly undecrypted?: boolean;
  /** The server asked for another key share first. */
  readonly helloRetry?: boolean;
  readonly group?: { readonly code: number; readonly name: string };
}

/** TLS 1.3: one round trip, everything after the ServerHello encrypted with the handshake keys. */
export function tls13(
  server: string,
  connection: number,
  clientPort: number,
  options: Tls13Options = {},
): TlsHandshake {
  const group = options.group ?? GROUPS.x25519;
  const hidden = { encrypted: true };
  const retry = options.helloRetry
    ? [
        message('client_hello', 'to-server', { cipherSuites: OFFERED, keyShareGroups: [GROUPS.secp256r1] }),
        message('hello_retry_request', 'from-server', { keyShareGroups: [group] }),
      ]
    : [];
  const hello = [
    ...retry,
    message('client_hello', 'to-server', {
      cipherSuites: OFFERED,
      supportedVersions: ['TLS 1.3', 'TLS 1.2'],
      keyShareGroups: [group],
      legacyVersion: 'TLS 1.2',
    }),
    message('server_hello', 'from-server', {
      cipherSuite: SUITES.tls13,
      selectedVersion: 'TLS 1.3',
      keyShareGroups: [group],
      legacyVersion: 'TLS 1.2',
    }),
    message('change_cipher_spec', 'from-server'),
  ];
  if (options.undecrypted) {
    return handshake(server, connection, clientPort, 'TLS 1.3', hello, {
      undecrypted: 'no keys were logged for this connection',
    });
  }
  const request = options.requestCertificate ? [message('certificate_request', 'from-server', hidden)] : [];
  const clientSide = options.requestCertificate
    ? [
        message('certificate', 'to-server', {
          ...hidden,
          certificates: options.clientCertificate ? ['3082', '3082'] : [],
        }),
        ...(options.clientCertificate ? [message('certificate_verify', 'to-server', hidden)] : []),
      ]
    : [];
  const messages = [
    ...hello,
    message('encrypted_extensions', 'from-server', hidden),
    ...request,
    message('certificate', 'from-server', { ...hidden, certificates: ['3082', '3082'] }),
    message('certificate_verify', 'from-server', hidden),
    message('finished', 'from-server', hidden),
    message('change_cipher_spec', 'to-server'),
    ...clientSide,
    message('finished', 'to-server', hidden),
    ...(options.alert === undefined ? [] : [message('alert', 'from-server', { ...hidden, alert: options.alert })]),
  ];
  return handshake(server, connection, clientPort, 'TLS 1.3', messages, {
    ...(options.alert === undefined ? {} : { alert: { ...options.alert, from: 'from-server' as const } }),
  });
}

export const CERTIFICATE_REQUIRED: TlsAlert = {
  level: 'fatal',
  description: { code: 116, name: 'certificate_required' },
};
export const UNKNOWN_CA: TlsAlert = { level: 'fatal', description: { code: 48, name: 'unknown_ca' } };

/** A TLS server's record of one connection: `secure` with `tls`, what it received, or a failure. */
export function tlsRecord(
  server: string,
  connection: number,
  clientPort: number,
  tls: TlsObservation,
  received = '',
  updated = connection,
): ConnectionRecord {
  const bytes = new TextEncoder().encode(received);
  return {
    server,
    connection,
    peer: `${HOST}:${clientPort}`,
    received: bytes,
    receivedBytes: bytes.length,
    sentBytes: bytes.length,
    peerFin: true,
    reset: false,
    closed: true,
    tls,
    ...(tls.failure === undefined ? { secure: true } : {}),
    updated,
  };
}

/** The servers a session of the lab has, on fixed ports. */
export function serversOf(specs: readonly (readonly [string, string])[]): ServerInfo[] {
  return specs.map(([id, kind], index) => ({
    id,
    kind,
    title: id,
    transport: 'tcp' as const,
    host: HOST,
    port: 20417 + index,
  }));
}

export function tlsContext(
  servers: readonly ServerInfo[],
  connections: readonly ConnectionRecord[],
  handshakes: readonly TlsHandshake[],
  captureRunning = true,
): CheckContext {
  return { servers, connections, packets: [], captureRunning, handshakes: captureRunning ? handshakes : [] };
}

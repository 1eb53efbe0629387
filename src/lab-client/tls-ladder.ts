/**
 * One TLS handshake as the handshake view draws it: each message as an arrow in wire order, named as the RFCs
 * name it (`ClientHello`, `ServerKeyExchange`; Wireshark writes the same names with spaces), numbered as the
 * seed's ten steps of TLS 1.2 or grouped into TLS 1.3's flights, with where each direction starts to encrypt.
 *
 * TLS 1.2's ten steps, as the course's TLS 1.2 lesson counts them (RFC 5246 §7.3): 1 ClientHello ·
 * 2 ServerHello · 3 Certificate · 4 ServerKeyExchange (ECDHE and DHE only) · 5 ServerHelloDone ·
 * 6 ClientKeyExchange · 7 ChangeCipherSpec · 8 Finished (the client's) · 9 ChangeCipherSpec · 10 Finished (the
 * server's). Mutual TLS's three messages are not steps of their own: each takes the number of the step it comes
 * just before, as the lesson draws them — the CertificateRequest 5, the client's Certificate 6, its
 * CertificateVerify 7. A NewSessionTicket (RFC 5077), sent just before the server's ChangeCipherSpec, is not one of
 * the ten and has no number. (The seed text numbers the optional messages and folds each ChangeCipherSpec into
 * its Finished instead; the messages on the wire are the same.) Step 4 is the one a handshake may go without,
 * and the view says why when the RSA key exchange skipped it.
 *
 * TLS 1.3 (RFC 8446 §2) is one round trip, drawn as its flights: the client's first flight (ClientHello with a
 * key share), the server's flight (ServerHello, then encrypted EncryptedExtensions, CertificateRequest,
 * Certificate, CertificateVerify, Finished), the client's second flight (Certificate, CertificateVerify when
 * asked, Finished) and what comes after the handshake (NewSessionTicket, application data, alerts).
 */

import type { TlsHandshake, TlsMessage, TlsMessageType, TlsVersion } from '../protocol';

export type TlsScheme = 'tls12' | 'tls13';

export type Tls13Flight = 'client-first' | 'server' | 'client-second' | 'post';

export interface TlsLadderRow {
  readonly message: TlsMessage;
  /** `ClientHello`, `Alert (fatal): certificate_required`. */
  readonly name: string;
  /** TLS 1.2: the step, 1 to 10; none for application data, alerts and what the ten steps do not count. */
  readonly step: number | undefined;
  /** TLS 1.3: the flight the message belongs to. */
  readonly flight: Tls13Flight | undefined;
  /** This is the first encrypted message its sender sent: the lock line goes above it. */
  readonly firstEncrypted: boolean;
  /** What the arrow says: `1 ClientHello`, or the name alone in TLS 1.3. */
  readonly label: string;
}

export interface TlsFlightSpan {
  readonly flight: Tls13Flight;
  /** Indexes into `rows`, inclusive. */
  readonly first: number;
  readonly last: number;
}

export interface TlsLadder {
  readonly handshake: TlsHandshake;
  readonly scheme: TlsScheme;
  readonly rows: readonly TlsLadderRow[];
  /** TLS 1.3's flights as runs of rows; empty for TLS 1.2. */
  readonly flights: readonly TlsFlightSpan[];
  /** TLS 1.2: the optional step (4) this handshake went without, once the ServerHelloDone shows it. */
  readonly skipped: readonly OptionalStep[];
}

/** TLS 1.2's optional step: 4 ServerKeyExchange, which the RSA key exchange does without. */
export type OptionalStep = 4;

export const MESSAGE_NAMES: Readonly<Record<TlsMessageType, string>> = {
  hello_request: 'HelloRequest',
  client_hello: 'ClientHello',
  server_hello: 'ServerHello',
  hello_retry_request: 'HelloRetryRequest',
  new_session_ticket: 'NewSessionTicket',
  end_of_early_data: 'EndOfEarlyData',
  encrypted_extensions: 'EncryptedExtensions',
  certificate: 'Certificate',
  server_key_exchange: 'ServerKeyExchange',
  certificate_request: 'CertificateRequest',
  server_hello_done: 'ServerHelloDone',
  certificate_verify: 'CertificateVerify',
  client_key_exchange: 'ClientKeyExchange',
  finished: 'Finished',
  key_update: 'KeyUpdate',
  change_cipher_spec: 'ChangeCipherSpec',
  alert: 'Alert',
  application_data: 'Application Data',
};

/** The message's name, an alert's level and description with it. */
export function messageName(message: Pick<TlsMessage, 'type' | 'alert'>): string {
  const name = MESSAGE_NAMES[message.type];
  if (message.type !== 'alert' || message.alert === undefined) return name;
  return `${name} (${message.alert.level}): ${message.alert.description.name}`;
}

/** Which version the handshake speaks: the agreed one, else the ServerHello's, else what the client offered. */
export function handshakeScheme(handshake: TlsHandshake): TlsScheme {
  const version: TlsVersion | undefined =
    handshake.version ?? handshake.messages.find((m) => m.type === 'server_hello')?.selectedVersion;
  if (version !== undefined) return version === 'TLS 1.3' ? 'tls13' : 'tls12';
  const hello = handshake.messages.find((m) => m.type === 'client_hello');
  return hello?.supportedVersions?.includes('TLS 1.3') === true ? 'tls13' : 'tls12';
}

/** TLS 1.2's step of a message (see the file's comment), or undefined. */
export function tls12Step(message: Pick<TlsMessage, 'type' | 'direction'>): number | undefined {
  const toServer = message.direction === 'to-server';
  switch (message.type) {
    case 'client_hello':
      return 1;
    case 'server_hello':
      return 2;
    case 'certificate':
      return toServer ? 6 : 3;
    case 'server_key_exchange':
      return 4;
    case 'certificate_request':
    case 'server_hello_done':
      return 5;
    case 'client_key_exchange':
      return 6;
    case 'certificate_verify':
      return toServer ? 7 : undefined;
    case 'change_cipher_spec':
      return toServer ? 7 : 9;
    case 'finished':
      return toServer ? 8 : 10;
    default:
      return undefined;
  }
}

/** Each message's TLS 1.3 flight, in order (see the file's comment). */
export function tls13Flights(messages: readonly Pick<TlsMessage, 'type' | 'direction'>[]): Tls13Flight[] {
  let clientSecond = false;
  let clientFinished = false;
  return messages.map((message) => {
    if (message.type === 'client_hello') {
      // A second ClientHello answers a HelloRetryRequest: the first flight again.
      clientSecond = false;
      clientFinished = false;
      return 'client-first';
    }
    if (clientFinished || message.type === 'application_data' || message.type === 'new_session_ticket') {
      return 'post';
    }
    if (message.direction === 'from-server') return clientSecond ? 'post' : 'server';
    clientSecond = true;
    if (message.type === 'finished') clientFinished = true;
    return 'client-second';
  });
}

export function buildTlsLadder(handshake: TlsHandshake): TlsLadder {
  const scheme = handshakeScheme(handshake);
  const flights = scheme === 'tls13' ? tls13Flights(handshake.messages) : undefined;
  const encrypting = new Set<TlsMessage['direction']>();
  const rows = handshake.messages.map((message, index): TlsLadderRow => {
    const firstEncrypted = message.encrypted && !encrypting.has(message.direction);
    if (message.encrypted) encrypting.add(message.direction);
    const name = messageName(message);
    const step = scheme === 'tls12' ? tls12Step(message) : undefined;
    return {
      message,
      name,
      step,
      flight: flights?.[index],
      firstEncrypted,
      label: step === undefined ? name : `${step} ${name}`,
    };
  });
  return { handshake, scheme, rows, flights: flightSpans(rows), skipped: skippedSteps(scheme, rows) };
}

function flightSpans(rows: readonly TlsLadderRow[]): TlsFlightSpan[] {
  const spans: TlsFlightSpan[] = [];
  rows.forEach((row, index) => {
    if (row.flight === undefined) return;
    const last = spans[spans.length - 1];
    if (last !== undefined && last.flight === row.flight && last.last === index - 1) {
      spans[spans.length - 1] = { ...last, last: index };
    } else {
      spans.push({ flight: row.flight, first: index, last: index });
    }
  });
  return spans;
}

/** The optional step this TLS 1.2 handshake did without, judged once the ServerHelloDone shows the server is done. */
function skippedSteps(scheme: TlsScheme, rows: readonly TlsLadderRow[]): OptionalStep[] {
  if (scheme !== 'tls12') return [];
  const types = new Set(rows.map((row) => row.message.type));
  return types.has('server_hello_done') && !types.has('server_key_exchange') ? [4] : [];
}

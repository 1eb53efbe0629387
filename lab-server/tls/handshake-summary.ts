/**
 * What a handshake came to, from its messages: the version and suite the ServerHello chose, the SNI the
 * ClientHello sent, whether both Finished went by, the first fatal alert and who sent it, whether the server
 * asked for a client certificate — the `TlsHandshake` fields a lesson's checks and the page's summary line read.
 */

import type { TlsAlert, TlsCodePoint, TlsHandshake, TlsMessage, TlsVersion } from '../../src/protocol';

export type HandshakeSummary = Pick<
  TlsHandshake,
  'version' | 'cipherSuite' | 'serverName' | 'complete' | 'alert' | 'clientCertificateRequested'
>;

export function summarize(messages: readonly TlsMessage[]): HandshakeSummary {
  const clientHello = messages.find((message) => message.type === 'client_hello');
  const serverHello = messages.find((message) => message.type === 'server_hello');
  const finishedBy = new Set(messages.filter((message) => message.type === 'finished').map((m) => m.direction));
  const fatal = messages.find((message) => message.type === 'alert' && message.alert?.level === 'fatal');
  const version: TlsVersion | undefined = serverHello?.selectedVersion ?? serverHello?.legacyVersion;
  const cipherSuite: TlsCodePoint | undefined = serverHello?.cipherSuite;
  const alert: (TlsAlert & { readonly from: TlsMessage['direction'] }) | undefined =
    fatal?.alert === undefined ? undefined : { ...fatal.alert, from: fatal.direction };
  return {
    ...(version === undefined ? {} : { version }),
    ...(cipherSuite === undefined ? {} : { cipherSuite }),
    ...(clientHello?.serverName === undefined ? {} : { serverName: clientHello.serverName }),
    complete: finishedBy.size === 2,
    ...(alert === undefined ? {} : { alert }),
    clientCertificateRequested: messages.some((message) => message.type === 'certificate_request'),
  };
}

/** The certificates each side sent (DER), leaf first: the server's, and the client's when it sent any. */
export function certificatesSent(messages: readonly TlsMessage[]): {
  readonly server?: readonly string[];
  readonly client?: readonly string[];
} {
  const of = (direction: TlsMessage['direction']): readonly string[] | undefined =>
    messages.find((message) => message.type === 'certificate' && message.direction === direction)?.certificates;
  const server = of('from-server');
  const client = of('to-server');
  return {
    ...(server === undefined ? {} : { server }),
    ...(client === undefined || client.length === 0 ? {} : { client }),
  };
}

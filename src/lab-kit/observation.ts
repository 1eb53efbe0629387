/**
 * What a lab server reports about its sockets. Observations are the raw material of both the socket-level
 * timeline a page shows and the checks a lab runs, so checks pass the same way whoever the client was: the
 * lab shell, a student's own program, or a board on the network.
 */

import type { Localized } from '../common/localized';
import type { ServerEventKind } from '../protocol';

export interface Observation {
  readonly server: string;
  /** The connection's number within its server, from 1; 0 for the listening socket. */
  readonly connection: number;
  readonly kind: ServerEventKind;
  readonly peer?: string;
  readonly bytes?: number;
  /** The payload (receive/send), trimmed to what checks and previews need. */
  readonly data?: Uint8Array;
  /** What the timeline says beside the event: an errno name, or a sentence in every language. */
  readonly note?: Localized;
  /** A TLS server's view of the handshake: on `secure`, and on the `error` that ended a failed one. */
  readonly tls?: TlsObservation;
}

/** What a TLS server knows of a connection's handshake, from its own side (no capture needed). */
export interface TlsObservation {
  /** `TLSv1.3`, `TLSv1.2`, as Node's `getProtocol()` names them. */
  readonly version?: string;
  /** The suite's IANA name (`TLS_AES_256_GCM_SHA384`, `TLS_RSA_WITH_AES_128_CBC_SHA`). */
  readonly cipher?: string;
  /** The SNI the client sent, if any. */
  readonly serverName?: string;
  /** The subject CN of the client certificate, when the client presented one (mutual TLS). */
  readonly clientCertificate?: string;
  /** Whether the server accepted that client certificate (it chains to the class root). */
  readonly clientCertificateTrusted?: boolean;
  /**
   * Why the handshake failed, as OpenSSL names it on the server's side: the alert the client sent
   * (`SSL alert number 45` → `certificate_expired`), or the server's own refusal (`peer did not return a
   * certificate`), reduced to a stable code such as `alert:certificate_expired` or `no-client-certificate`.
   */
  readonly failure?: string;
}

/** How much of each payload an observation keeps: enough for every check and preview, bounded per event. */
export const OBSERVED_BYTES = 4096;

/**
 * A TLS handshake as the page draws it and the checks read it: the messages of one connection to one of the
 * session's TLS servers, in wire order, each with the fields a lesson talks about. The lab server reads them
 * from the session's own capture with the session's own TLS keys (tshark, `lab-server/tls/`), so TLS 1.3's
 * encrypted EncryptedExtensions, Certificate, CertificateVerify and Finished are here too, marked `encrypted`.
 * Plain data only, like `Packet`; certificate text is a peer's data and is never markup on the page.
 */

import type { CertificateChainReport } from './certificate';
import type { PacketDirection } from './packet';

export type TlsVersion = 'SSL 3.0' | 'TLS 1.0' | 'TLS 1.1' | 'TLS 1.2' | 'TLS 1.3';

/**
 * The handshake message types (RFC 8446 §4, RFC 5246 §7.4) plus the two record types a handshake ladder draws
 * beside them: ChangeCipherSpec (TLS 1.2's step 8 and 10; TLS 1.3's middlebox-compatibility record) and Alert.
 */
export type TlsMessageType =
  | 'hello_request'
  | 'client_hello'
  | 'server_hello'
  | 'hello_retry_request'
  | 'new_session_ticket'
  | 'end_of_early_data'
  | 'encrypted_extensions'
  | 'certificate'
  | 'server_key_exchange'
  | 'certificate_request'
  | 'server_hello_done'
  | 'certificate_verify'
  | 'client_key_exchange'
  | 'finished'
  | 'key_update'
  | 'change_cipher_spec'
  | 'alert'
  | 'application_data';

/** A registered code point with its IANA name: a cipher suite, an extension, a group, a signature scheme. */
export interface TlsCodePoint {
  readonly code: number;
  /** IANA's name (`TLS_AES_128_GCM_SHA256`, `server_name`, `x25519`, `rsa_pss_rsae_sha256`); `0x1234` if unknown. */
  readonly name: string;
}

export interface TlsAlert {
  readonly level: 'warning' | 'fatal';
  /** RFC 8446 §6: `certificate_required` (116), `bad_certificate` (42), `unknown_ca` (48), … */
  readonly description: TlsCodePoint;
}

/**
 * One message. Only the fields its type carries are present: a ClientHello has `random`, `sessionId`,
 * `cipherSuites`, `extensions` and what they say (`serverName`, `alpn`, `supportedVersions`, `keyShareGroups`,
 * `signatureAlgorithms`); a ServerHello the chosen `cipherSuite` and `selectedVersion`; a Certificate its
 * `certificates` (DER, lower-case hex, leaf first); an Alert its `alert`.
 */
export interface TlsMessage {
  readonly type: TlsMessageType;
  readonly direction: PacketDirection;
  /** The `Packet.id` of the frame the message ended in (the packet list opens it). */
  readonly packet: number;
  /** Capture time of that frame, seconds since the Unix epoch. */
  readonly time: number;
  /** The handshake message's length field (the record's for ChangeCipherSpec, Alert and application data). */
  readonly length: number;
  /**
   * It travelled inside an encrypted record and was read with the session's keys: TLS 1.3's messages after the
   * ServerHello, TLS 1.2's Finished. Without the keys the capture shows only "Application Data" there.
   */
  readonly encrypted: boolean;
  /** The record layer's version field (TLS 1.3 still writes 1.2 there, RFC 8446 §5.1). */
  readonly recordVersion?: TlsVersion;
  /** The hello's legacy_version field (0x0303, "TLS 1.2", in a TLS 1.3 hello). */
  readonly legacyVersion?: TlsVersion;
  /** 32 bytes, lower-case hex. */
  readonly random?: string;
  /** Lower-case hex; empty when the field was empty. */
  readonly sessionId?: string;
  /** ClientHello: the suites offered, in the client's order of preference. */
  readonly cipherSuites?: readonly TlsCodePoint[];
  /** ServerHello: the suite chosen. */
  readonly cipherSuite?: TlsCodePoint;
  readonly extensions?: readonly TlsCodePoint[];
  /** SNI (RFC 6066 §3), the host name the client asked for. */
  readonly serverName?: string;
  readonly alpn?: readonly string[];
  /** ClientHello: supported_versions offered; ServerHello: the one selected, in `selectedVersion`. */
  readonly supportedVersions?: readonly TlsVersion[];
  readonly selectedVersion?: TlsVersion;
  /** key_share: the groups a ClientHello sent shares for, or the group a ServerHello answered with. */
  readonly keyShareGroups?: readonly TlsCodePoint[];
  readonly signatureAlgorithms?: readonly TlsCodePoint[];
  /** ServerKeyExchange (TLS 1.2 ECDHE): the curve, and the scheme that signed the parameters. */
  readonly namedGroup?: TlsCodePoint;
  readonly signatureAlgorithm?: TlsCodePoint;
  /**
   * ClientKeyExchange: how the premaster secret travels — an ECDHE public key, or (TLS_RSA_*) the secret itself,
   * encrypted to the server certificate's RSA key: no forward secrecy.
   */
  readonly keyExchange?: 'ecdhe' | 'dhe' | 'rsa';
  /** Certificate: DER of each certificate, lower-case hex, in the order sent (leaf first). */
  readonly certificates?: readonly string[];
  /** CertificateRequest: the distinguished names of the CAs the server accepts, if it listed them. */
  readonly certificateAuthorities?: readonly string[];
  /** NewSessionTicket: the lifetime the server gave the ticket, in seconds. */
  readonly ticketLifetime?: number;
  readonly alert?: TlsAlert;
}

/** One connection's handshake, from the capture. */
export interface TlsHandshake {
  /** The server's id in the lab (`echo`, `expired`, …). */
  readonly server: string;
  /** The session's number for the TCP connection, as the packet list and the ladder number it. */
  readonly connection: number;
  /** The client's address and port, as the server saw it (`127.0.0.1:51234`). */
  readonly client: string;
  /** The version the two agreed on; absent until the ServerHello was seen. */
  readonly version?: TlsVersion;
  readonly cipherSuite?: TlsCodePoint;
  readonly serverName?: string;
  /** Both Finished messages were seen: the handshake completed. */
  readonly complete: boolean;
  /** The first fatal alert either side sent, if any. */
  readonly alert?: TlsAlert & { readonly from: PacketDirection };
  /** The client sent a certificate (mutual TLS), and whether it sent one at all when asked. */
  readonly clientCertificateRequested: boolean;
  readonly messages: readonly TlsMessage[];
  /**
   * The server's certificates as this connection received them, read and verified as a client of the class PKI
   * would verify them (trust anchor: the class root; name: the SNI sent). Absent until the Certificate was read.
   */
  readonly serverChain?: CertificateChainReport;
  /** The client's certificates (mutual TLS), verified as the server verified them. */
  readonly clientChain?: CertificateChainReport;
  /** The handshake's messages could not be read with keys (none logged for it): why, for the student. */
  readonly undecrypted?: string;
}

/** One certificate of a handshake's Certificate message is read up to this size (DER); larger ones are left out. */
export const MAX_HANDSHAKE_CERTIFICATE_BYTES = 16 * 1024;

/** At most this many handshakes are kept per session and sent in a welcome: the most recent ones. */
export const MAX_TLS_HANDSHAKES = 32;

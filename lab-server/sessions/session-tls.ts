/**
 * What a session owns for its TLS servers: its own key log (every key its servers negotiate, and nobody else's),
 * its own client certificate for mutual TLS with the password of its PKCS#12, and the tracker that reads each of
 * its TLS connections' handshakes from its own capture with those keys. The certificate chains a connection
 * received are verified as a client of the class PKI verifies them, so the certificate viewer shows the same
 * steps the student's program went through. A session of a lab without TLS servers has none of this.
 */

import { randomBytes } from 'node:crypto';
import type { Disposable } from '../../src/common/disposable';
import type { Event } from '../../src/common/emitter';
import type { Locale } from '../../src/common/localized';
import type { CertificateChainReport, Packet, PkiDownloads, TlsHandshake } from '../../src/protocol';
import { MAX_TLS_HANDSHAKES } from '../../src/protocol';
import type { RecordingSnapshot } from '../capture/capture-recording';
import { buildChainReport, chainReportIn, type RevocationStatus } from '../certificates/chain-report';
import type { SessionClientDownload } from '../http/pki-routes';
import type { ClassPki, ClientCredentials } from '../pki/pki';
import type { TlsServerContext } from '../servers/observation';
import type { ShellTls } from '../shell/tls-options';
import { HandshakeTracker, SessionKeyLog } from '../tls';

export interface SessionTlsTracking {
  /** The session's TLS servers, by lab id and bound port. */
  readonly servers: readonly { readonly id: string; readonly port: number }[];
  /** The session's recording as pcapng (the key log goes in here), keeping the frames `select` accepts. */
  readonly snapshot: (keyLog: string, select: (packetId: number) => boolean) => RecordingSnapshot;
  readonly tsharkPath?: string;
  readonly locale: () => Locale;
}

export class SessionTls implements Disposable {
  readonly pki: ClassPki;
  readonly keyLog = new SessionKeyLog();
  readonly client: ClientCredentials;
  /** Shown beside the PKCS#12 link: tools that take one file want it encrypted. */
  readonly pkcs12Password = randomBytes(9).toString('base64url');
  readonly context: TlsServerContext;
  /** Oldest first, at most MAX_TLS_HANDSHAKES: the list checks read and a welcome carries. */
  readonly handshakes: TlsHandshake[] = [];
  #tracker: HandshakeTracker | undefined;

  private constructor(pki: ClassPki, client: ClientCredentials) {
    this.pki = pki;
    this.client = client;
    this.context = { pki, keylog: (line) => this.keyLog.append(line), client };
  }

  /** Issues the session's client certificate; `commonName` is what the mTLS server will call the student. */
  static async start(pki: ClassPki, commonName: string): Promise<SessionTls> {
    return new SessionTls(pki, await pki.issueClient(commonName));
  }

  /** Follows the handshakes of the session's TLS servers' connections, once those servers are bound. */
  track(tracking: SessionTlsTracking): Event<TlsHandshake> {
    const tracker = new HandshakeTracker({
      servers: tracking.servers,
      source: (select) => tracking.snapshot(this.keyLog.text(), select),
      ...(tracking.tsharkPath === undefined ? {} : { tsharkPath: tracking.tsharkPath }),
      locale: tracking.locale,
      verify: (certificates, role, serverName) => this.verify(certificates, role, serverName, tracking.locale()),
    });
    this.#tracker = tracker;
    tracker.onHandshake((handshake) => this.#keep(handshake));
    return tracker.onHandshake;
  }

  /** A captured packet of the session, numbered as the session numbers connections. */
  packetArrived(packet: Packet): void {
    this.#tracker?.packetArrived(packet);
  }

  /** What the panel offers for download, for a session whose download token is `token`. */
  downloads(sessionId: string, token: string): PkiDownloads {
    const base = `/api/sessions/${sessionId}/pki`;
    return {
      ca: '/pki/ca.pem',
      clientCertificate: `${base}/client.pem?token=${token}`,
      clientKey: `${base}/client.key?token=${token}`,
      clientPkcs12: `${base}/client.p12?token=${token}`,
      pkcs12Password: this.pkcs12Password,
    };
  }

  /** What the lab shell's `connect --tls` trusts and presents. */
  get shell(): ShellTls {
    return { caPem: this.pki.rootPem, client: this.client, crl: () => this.pki.crl() };
  }

  get clientDownload(): SessionClientDownload {
    return { credentials: this.client, pkcs12Password: this.pkcs12Password };
  }

  /**
   * A chain as the class PKI's client (for a server's chain) or the mTLS server (for a client's) verifies it:
   * the class root is the one trust anchor, the CRL of the intermediate says what is revoked.
   */
  verify(
    certificates: readonly Uint8Array[],
    role: 'server' | 'client',
    serverName: string | undefined,
    locale: Locale,
  ): CertificateChainReport {
    const report = buildChainReport(certificates, {
      trusted: [this.pki.rootPem],
      purpose: role,
      revocation: (serial, issuerPem) => this.revocation(serial, issuerPem),
      ...(serverName === undefined ? {} : { host: serverName }),
    });
    return chainReportIn(report, locale);
  }

  async dispose(): Promise<void> {
    await this.#tracker?.dispose();
  }

  /** What the class CRL says of a certificate; it speaks only for what the class intermediate issued. */
  revocation(serial: string, issuerPem: string): RevocationStatus {
    if (this.pki.isRevoked(serial)) return 'revoked';
    return samePem(issuerPem, this.pki.intermediatePem) ? 'good' : 'unknown';
  }

  #keep(handshake: TlsHandshake): void {
    const at = this.handshakes.findIndex(
      (kept) => kept.server === handshake.server && kept.connection === handshake.connection,
    );
    if (at === -1) this.handshakes.push(handshake);
    else this.handshakes[at] = handshake;
    if (this.handshakes.length > MAX_TLS_HANDSHAKES) this.handshakes.shift();
  }
}

function samePem(a: string, b: string): boolean {
  const body = (pem: string): string => pem.replace(/-----[^-]+-----|\s/g, '');
  return body(a) === body(b);
}

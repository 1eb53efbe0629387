/**
 * The class PKI put together (the interface is `pki.ts`): the root and intermediate from the PKI directory,
 * the server and failure certificates issued for this start, the CRL, the OCSP responder, and client
 * certificates on demand. Of the client certificates it keeps only a bounded set of serials, so that OCSP can
 * tell "good" from "unknown" for recent ones; a class with hundreds of sessions costs it a few kilobytes.
 */

import type { Authority } from './authority';
import { loadOrCreateAuthorities } from './authority-store';
import { issueClientCertificate } from './client-certificates';
import { CRL_LIFETIME_MS, signCrl } from './crl';
import { type CertificateStatus, OCSP_LIFETIME_MS, OcspResponder, unauthorizedResponse } from './ocsp-responder';
import {
  type ClassPki,
  type ClientCredentials,
  type Credentials,
  FAILURE_CERTIFICATES,
  type FailureCertificate,
  type ServerKeyType,
} from './pki';
import { type IssuedCertificate, issueServerCertificates, type ServerCertificates } from './server-certificates';

export interface ClassPkiOptions {
  /** Where the root and intermediate are kept (`<DATA_DIR>/pki`); made if missing. */
  readonly dir: string;
  /** DNS names and IP addresses the server certificates cover. */
  readonly names: readonly string[];
  /** The OCSP responder's URL, put in the leaves' Authority Information Access; absent: no extension. */
  readonly ocspUrl?: string;
  /** The CRL's URL, put in the leaves' CRL Distribution Points; absent: no extension. */
  readonly crlUrl?: string;
  /** Make a new root and intermediate even if the directory has them (`NEW_PKI=1`). */
  readonly renew?: boolean;
  readonly now?: () => Date;
}

/** Client serials remembered for OCSP; older ones are answered "unknown" (RFC 6960 §2.2), never wrongly "good". */
const MAX_CLIENT_SERIALS = 10_000;
/** When a stapled response or the CRL has lived this share of its life, the next use signs a new one. */
const RENEW_AFTER = 0.5;

export async function loadOrCreateClassPki(options: ClassPkiOptions): Promise<ClassPki> {
  // RFC 5280 §4.2.1.6: a subjectAltName extension must hold at least one name.
  if (options.names.length === 0) throw new Error('the class PKI needs a name or address for its server certificates');
  const now = options.now ?? (() => new Date());
  const { root, intermediate } = await loadOrCreateAuthorities({
    dir: options.dir,
    renew: options.renew ?? false,
    now: now(),
  });
  const urls = { ocspUrl: options.ocspUrl, crlUrl: options.crlUrl };
  const issued = await issueServerCertificates({ intermediate, names: options.names, ...urls, now: now() });
  const revoked = issued.failures.revoked;
  const revokedAt = revoked.certificate.notBefore;
  const crl = new RenewingValue(CRL_LIFETIME_MS, now, () =>
    signCrl({ issuer: intermediate, revoked: [{ serial: serialOf(revoked), revokedAt }], now: now() }),
  );
  const rootCrl = new RenewingValue(CRL_LIFETIME_MS, now, () => signCrl({ issuer: root, revoked: [], now: now() }));
  await Promise.all([crl.refresh(), rootCrl.refresh()]);
  return new LoadedClassPki(root, intermediate, [...options.names], issued, { crl, rootCrl }, urls, now);
}

class LoadedClassPki implements ClassPki {
  readonly rootPem: string;
  readonly intermediatePem: string;
  readonly untrustedRootPem: string;
  readonly #intermediate: Authority;
  readonly #issued: ServerCertificates;
  /** Serial → status of every certificate the intermediate issued this start, server ones and failures. */
  readonly #statuses = new Map<string, CertificateStatus>();
  readonly #clientSerials = new Set<string>();
  readonly #responder: OcspResponder;
  readonly #staples = new Map<string, RenewingValue<Uint8Array>>();
  readonly #crl: RenewingValue<Uint8Array>;
  readonly #rootCrl: RenewingValue<Uint8Array>;

  constructor(
    root: Authority,
    intermediate: Authority,
    readonly names: readonly string[],
    issued: ServerCertificates,
    crls: { readonly crl: RenewingValue<Uint8Array>; readonly rootCrl: RenewingValue<Uint8Array> },
    readonly urls: { readonly ocspUrl: string | undefined; readonly crlUrl: string | undefined },
    readonly now: () => Date,
  ) {
    this.rootPem = root.pem;
    this.intermediatePem = intermediate.pem;
    this.untrustedRootPem = issued.untrustedRoot.pem;
    this.#intermediate = intermediate;
    this.#issued = issued;
    this.#crl = crls.crl;
    this.#rootCrl = crls.rootCrl;
    for (const entry of [...Object.values(issued.server), ...Object.values(issued.failures)]) {
      if (!entry.byIntermediate) continue;
      const revoked = entry === issued.failures.revoked;
      this.#statuses.set(
        serialOf(entry),
        revoked ? { kind: 'revoked', revokedAt: entry.certificate.notBefore } : { kind: 'good' },
      );
    }
    this.#responder = new OcspResponder(intermediate, (serial) => this.#statusOf(serial), now);
  }

  server(key: ServerKeyType): Credentials {
    return this.#issued.server[key].credentials;
  }

  failure(which: FailureCertificate): Credentials {
    return this.#issued.failures[which].credentials;
  }

  async issueClient(commonName: string): Promise<ClientCredentials> {
    const client = await issueClientCertificate({
      intermediate: this.#intermediate,
      commonName,
      ...this.urls,
      now: this.now(),
    });
    this.#clientSerials.add(client.serial);
    if (this.#clientSerials.size > MAX_CLIENT_SERIALS) {
      // A Set iterates in insertion order: the first is the oldest.
      const oldest = this.#clientSerials.values().next();
      if (oldest.done !== true) this.#clientSerials.delete(oldest.value);
    }
    return client;
  }

  crl(): Uint8Array {
    return this.#crl.current();
  }

  rootCrl(): Uint8Array {
    return this.#rootCrl.current();
  }

  async ocsp(request: Uint8Array): Promise<Uint8Array> {
    return this.#responder.respond(request);
  }

  async stapledResponse(which: FailureCertificate | ServerKeyType): Promise<Uint8Array> {
    const entry = isFailure(which) ? this.#issued.failures[which] : this.#issued.server[which];
    // The self-signed and untrusted leaves were not issued by the intermediate: its responder does not answer.
    if (!entry.byIntermediate) return unauthorizedResponse();
    let staple = this.#staples.get(which);
    if (staple === undefined) {
      staple = new RenewingValue(OCSP_LIFETIME_MS, this.now, async () => this.#responder.responseFor(serialOf(entry)));
      this.#staples.set(which, staple);
      await staple.refresh();
    }
    return staple.current();
  }

  isRevoked(serial: string): boolean {
    return this.#statuses.get(serial.toLowerCase())?.kind === 'revoked';
  }

  #statusOf(serial: string): CertificateStatus {
    return this.#statuses.get(serial) ?? (this.#clientSerials.has(serial) ? { kind: 'good' } : { kind: 'unknown' });
  }
}

/**
 * A signed object with a lifetime (the CRL, a stapled OCSP response): `current()` answers at once with the one
 * it has, and once half its life is over starts signing its successor, so callers never wait and never get a
 * stale one while the lab server runs.
 */
class RenewingValue<T> {
  #value: T | undefined;
  #signedAt = 0;
  #renewing: Promise<void> | undefined;

  constructor(
    readonly lifetimeMs: number,
    readonly now: () => Date,
    readonly make: () => Promise<T>,
  ) {}

  async refresh(): Promise<void> {
    const signedAt = this.now().getTime();
    this.#value = await this.make();
    this.#signedAt = signedAt;
  }

  current(): T {
    if (this.#value === undefined) throw new Error('RenewingValue read before its first refresh');
    if (this.#renewing === undefined && this.now().getTime() - this.#signedAt > this.lifetimeMs * RENEW_AFTER) {
      this.#renewing = this.refresh()
        .catch(() => undefined)
        .finally(() => {
          this.#renewing = undefined;
        });
    }
    return this.#value;
  }
}

function serialOf(entry: IssuedCertificate): string {
  return entry.certificate.serialNumber.toLowerCase();
}

function isFailure(which: string): which is FailureCertificate {
  return (FAILURE_CERTIFICATES as readonly string[]).includes(which);
}

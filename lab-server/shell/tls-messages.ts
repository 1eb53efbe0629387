/**
 * The fields of the plaintext handshake messages the lab shell narrates, read from the bytes its record tap saw
 * (RFC 8446 §4.1.2–4.1.3 and §4.4.2, RFC 5246 §7.4, RFC 4492 §5.4): what the ClientHello offered, what the
 * ServerHello chose, the certificates of a TLS 1.2 Certificate message, the curve and signature of a TLS 1.2
 * ServerKeyExchange. Every length is checked against what is there; a message that does not parse gives
 * undefined, and the shell then names the message without its fields.
 */

/** RFC 8446 §4 HandshakeType, the ones narrated. */
export const HANDSHAKE_TYPES: Readonly<Record<number, string>> = {
  1: 'ClientHello',
  2: 'ServerHello',
  4: 'NewSessionTicket',
  8: 'EncryptedExtensions',
  11: 'Certificate',
  12: 'ServerKeyExchange',
  13: 'CertificateRequest',
  14: 'ServerHelloDone',
  15: 'CertificateVerify',
  16: 'ClientKeyExchange',
  20: 'Finished',
  22: 'CertificateStatus',
};

/** RFC 8446 §4.1.3: a ServerHello whose random is this is a HelloRetryRequest. */
const HELLO_RETRY_RANDOM = 'cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c';

const EXTENSION = { serverName: 0, supportedGroups: 10, supportedVersions: 43, keyShare: 51 } as const;

export interface ClientHelloFields {
  readonly legacyVersion: number;
  /** Cipher suite code points in the client's order, signalling values (SCSV) included. */
  readonly cipherSuites: readonly number[];
  /** The host name of server_name, when the client sent one (RFC 6066 §3). */
  readonly serverName: string | undefined;
  /** supported_versions, in the client's order; empty when the extension is absent (a TLS 1.2-only client). */
  readonly supportedVersions: readonly number[];
  /** The groups key_share sent a key for (TLS 1.3). */
  readonly keyShareGroups: readonly number[];
  readonly supportedGroups: readonly number[];
}

export interface ServerHelloFields {
  readonly legacyVersion: number;
  readonly cipherSuite: number;
  /** supported_versions' selected version (TLS 1.3); undefined for TLS 1.2 and older. */
  readonly selectedVersion: number | undefined;
  /** key_share's group (TLS 1.3). */
  readonly keyShareGroup: number | undefined;
  readonly helloRetry: boolean;
}

export interface ServerKeyExchangeFields {
  /** ECDHE's named curve (RFC 4492 §5.4). */
  readonly namedGroup: number;
  /** The signature scheme that signed the parameters with the certificate's key (TLS 1.2). */
  readonly signatureScheme: number | undefined;
}

/** Reads a message front to back; every read is checked, and a short one throws (caught by the parsers). */
class Reader {
  readonly #bytes: Buffer;
  #at = 0;

  constructor(bytes: Buffer) {
    this.#bytes = bytes;
  }

  get left(): number {
    return this.#bytes.length - this.#at;
  }

  take(length: number): Buffer {
    if (length > this.left) throw new RangeError('short handshake message');
    const part = this.#bytes.subarray(this.#at, this.#at + length);
    this.#at += length;
    return part;
  }

  u8(): number {
    return this.take(1)[0]!;
  }

  u16(): number {
    return this.take(2).readUInt16BE(0);
  }

  u24(): number {
    return this.take(3).readUIntBE(0, 3);
  }

  /** A vector with a length prefix of `size` bytes. */
  vector(size: 1 | 2 | 3): Reader {
    const length = size === 1 ? this.u8() : size === 2 ? this.u16() : this.u24();
    return new Reader(this.take(length));
  }

  u16s(): number[] {
    const values: number[] = [];
    // Bounded by the vector's length.
    while (this.left >= 2) values.push(this.u16());
    return values;
  }
}

/** Extensions by type, the last one of a type kept (a repeated one is a decode_error to a real peer anyway). */
function extensions(reader: Reader): Map<number, Reader> {
  const found = new Map<number, Reader>();
  if (reader.left === 0) return found;
  const all = reader.vector(2);
  // Bounded by the vector's length.
  while (all.left >= 4) {
    const type = all.u16();
    found.set(type, all.vector(2));
  }
  return found;
}

function parsed<T>(parse: () => T): T | undefined {
  try {
    return parse();
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}

export function parseClientHello(body: Buffer): ClientHelloFields | undefined {
  return parsed(() => {
    const reader = new Reader(body);
    const legacyVersion = reader.u16();
    reader.take(32);
    reader.vector(1);
    const cipherSuites = reader.vector(2).u16s();
    reader.vector(1);
    const found = extensions(reader);
    const sni = found.get(EXTENSION.serverName);
    let serverName: string | undefined;
    if (sni !== undefined && sni.left > 0) {
      const list = sni.vector(2);
      // Bounded by the list's length; host_name is type 0 (RFC 6066 §3).
      while (list.left > 3 && serverName === undefined) {
        const type = list.u8();
        const name = list.vector(2);
        if (type === 0) serverName = name.take(name.left).toString('latin1');
      }
    }
    const versions = found.get(EXTENSION.supportedVersions);
    const shares = found.get(EXTENSION.keyShare);
    const keyShareGroups: number[] = [];
    if (shares !== undefined && shares.left > 0) {
      const list = shares.vector(2);
      // Bounded by the list's length.
      while (list.left >= 4) {
        keyShareGroups.push(list.u16());
        list.vector(2);
      }
    }
    const groups = found.get(EXTENSION.supportedGroups);
    return {
      legacyVersion,
      cipherSuites,
      serverName,
      supportedVersions: versions === undefined || versions.left === 0 ? [] : versions.vector(1).u16s(),
      keyShareGroups,
      supportedGroups: groups === undefined || groups.left === 0 ? [] : groups.vector(2).u16s(),
    };
  });
}

export function parseServerHello(body: Buffer): ServerHelloFields | undefined {
  return parsed(() => {
    const reader = new Reader(body);
    const legacyVersion = reader.u16();
    const random = reader.take(32).toString('hex');
    reader.vector(1);
    const cipherSuite = reader.u16();
    reader.u8();
    const found = extensions(reader);
    const version = found.get(EXTENSION.supportedVersions);
    const share = found.get(EXTENSION.keyShare);
    return {
      legacyVersion,
      cipherSuite,
      selectedVersion: version === undefined || version.left < 2 ? undefined : version.u16(),
      keyShareGroup: share === undefined || share.left < 2 ? undefined : share.u16(),
      helloRetry: random === HELLO_RETRY_RANDOM,
    };
  });
}

/** A TLS 1.2 Certificate message: the DER certificates in the order sent, leaf first (RFC 5246 §7.4.2). */
export function parseCertificates(body: Buffer): Buffer[] | undefined {
  return parsed(() => {
    const list = new Reader(body).vector(3);
    const certificates: Buffer[] = [];
    // Bounded by the list's length.
    while (list.left >= 3) {
      const certificate = list.vector(3);
      certificates.push(Buffer.from(certificate.take(certificate.left)));
    }
    return certificates;
  });
}

/** A TLS 1.2 ECDHE ServerKeyExchange: named_curve (3), the curve, the point, then the signature's scheme. */
export function parseServerKeyExchange(body: Buffer): ServerKeyExchangeFields | undefined {
  return parsed(() => {
    const reader = new Reader(body);
    if (reader.u8() !== 3) return undefined;
    const namedGroup = reader.u16();
    reader.vector(1);
    return { namedGroup, signatureScheme: reader.left >= 2 ? reader.u16() : undefined };
  });
}

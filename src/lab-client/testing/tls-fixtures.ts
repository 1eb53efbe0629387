/**
 * Realistic TLS handshakes and certificate reports for tests of the panel state, the handshake view and the
 * certificate viewer, built by hand after `src/protocol/tls.ts` and what OpenSSL 3.0 sends on loopback: a TLS 1.3
 * full handshake (its server flight read with the session's keys), TLS 1.2 with ECDHE, TLS 1.2 with RSA key
 * exchange (`TLS_RSA_WITH_AES_128_CBC_SHA`: the ten steps without step 4), and mutual TLS where the client
 * sent no certificate and the server answered `certificate_required`. The chains are the class PKI's: a leaf
 * and the intermediate sent, the root found in the trust store; one leaf has expired. Byte strings are of the
 * right length and form, not real keys or signatures. Tests only; the site never imports it.
 */

import type {
  CertificateChainReport,
  CertificateSummary,
  TlsCodePoint,
  TlsHandshake,
  TlsMessage,
  VerificationStep,
} from '../../protocol';

const cp = (code: number, name: string): TlsCodePoint => ({ code, name });

export const SUITES = {
  aes128gcm: cp(0x1301, 'TLS_AES_128_GCM_SHA256'),
  aes256gcm: cp(0x1302, 'TLS_AES_256_GCM_SHA384'),
  chacha: cp(0x1303, 'TLS_CHACHA20_POLY1305_SHA256'),
  ecdheEcdsa128: cp(0xc02b, 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256'),
  ecdheEcdsa256: cp(0xc02c, 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384'),
  ecdheRsa128: cp(0xc02f, 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256'),
  ecdheRsa256: cp(0xc030, 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384'),
  ecdheEcdsaChacha: cp(0xcca9, 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256'),
  ecdheRsaChacha: cp(0xcca8, 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256'),
  rsaAes128Cbc: cp(0x002f, 'TLS_RSA_WITH_AES_128_CBC_SHA'),
  scsv: cp(0x00ff, 'TLS_EMPTY_RENEGOTIATION_INFO_SCSV'),
} as const;

const EXT = {
  serverName: cp(0, 'server_name'),
  ecPointFormats: cp(11, 'ec_point_formats'),
  supportedGroups: cp(10, 'supported_groups'),
  sessionTicket: cp(35, 'session_ticket'),
  encryptThenMac: cp(22, 'encrypt_then_mac'),
  extendedMasterSecret: cp(23, 'extended_master_secret'),
  signatureAlgorithms: cp(13, 'signature_algorithms'),
  supportedVersions: cp(43, 'supported_versions'),
  pskModes: cp(45, 'psk_key_exchange_modes'),
  keyShare: cp(51, 'key_share'),
  renegotiationInfo: cp(65281, 'renegotiation_info'),
};

const X25519 = cp(29, 'x25519');
const SIGNATURE_ALGORITHMS: readonly TlsCodePoint[] = [
  cp(0x0403, 'ecdsa_secp256r1_sha256'),
  cp(0x0503, 'ecdsa_secp384r1_sha384'),
  cp(0x0603, 'ecdsa_secp521r1_sha512'),
  cp(0x0807, 'ed25519'),
  cp(0x0808, 'ed448'),
  cp(0x0809, 'rsa_pss_pss_sha256'),
  cp(0x0804, 'rsa_pss_rsae_sha256'),
  cp(0x0401, 'rsa_pkcs1_sha256'),
];

/** 32 bytes of hex that differ per `seed`, as a random or a session id would. */
function bytes32(seed: number): string {
  return Array.from({ length: 32 }, (_, i) => ((seed * 31 + i * 17) & 0xff).toString(16).padStart(2, '0')).join('');
}

/** A DER certificate's hex of `bytes` bytes: a SEQUENCE header (30 82 len) and filler. */
function der(bytes: number): string {
  const length = (bytes - 4).toString(16).padStart(4, '0');
  return `3082${length}${'a0'.repeat(bytes - 4)}`;
}

const fingerprint = (bytes: number, seed: number) =>
  Array.from({ length: bytes }, (_, i) =>
    ((seed * 13 + i * 7) & 0xff).toString(16).padStart(2, '0').toUpperCase(),
  ).join(':');

/** A PEM of the right form (the body is not a real certificate). */
const pem = (body: string) => `-----BEGIN CERTIFICATE-----\nMIIB${body}\n-----END CERTIFICATE-----\n`;

const ORG = 'O=socketlab class';
export const ROOT_SUBJECT = `CN=socketlab Class Root CA, ${ORG}`;
export const INTERMEDIATE_SUBJECT = `CN=socketlab Intermediate CA, ${ORG}`;

export function certificateSummary(overrides: Partial<CertificateSummary> = {}): CertificateSummary {
  return {
    subject: `CN=localhost, ${ORG}`,
    issuer: INTERMEDIATE_SUBJECT,
    serial: '3f2a9c01d4',
    notBefore: '2026-11-30T00:00:00.000Z',
    notAfter: '2027-02-28T00:00:00.000Z',
    subjectAltNames: ['DNS:localhost', 'IP Address:127.0.0.1', 'IP Address:::1'],
    keyUsage: ['digitalSignature'],
    extendedKeyUsage: ['serverAuth'],
    basicConstraints: { ca: false },
    publicKey: { algorithm: 'EC', bits: 256, curve: 'P-256' },
    signatureAlgorithm: 'ecdsa-with-SHA256',
    sha256Fingerprint: fingerprint(32, 1),
    sha1Fingerprint: fingerprint(20, 1),
    crlDistributionPoints: ['http://127.0.0.1:8080/api/pki/intermediate.crl'],
    ocspResponders: ['http://127.0.0.1:8080/api/pki/ocsp'],
    selfIssued: false,
    pem: pem('leafAAAA'),
    ...overrides,
  };
}

const INTERMEDIATE = certificateSummary({
  subject: INTERMEDIATE_SUBJECT,
  issuer: ROOT_SUBJECT,
  serial: '02',
  notBefore: '2026-11-01T00:00:00.000Z',
  notAfter: '2031-11-01T00:00:00.000Z',
  subjectAltNames: [],
  keyUsage: ['keyCertSign', 'cRLSign'],
  extendedKeyUsage: [],
  basicConstraints: { ca: true, pathLength: 0 },
  sha256Fingerprint: fingerprint(32, 2),
  sha1Fingerprint: fingerprint(20, 2),
  crlDistributionPoints: ['http://127.0.0.1:8080/api/pki/root.crl'],
  ocspResponders: [],
  pem: pem('intermediateBBBB'),
});

const ROOT = certificateSummary({
  subject: ROOT_SUBJECT,
  issuer: ROOT_SUBJECT,
  serial: '01',
  notBefore: '2026-11-01T00:00:00.000Z',
  notAfter: '2036-11-01T00:00:00.000Z',
  subjectAltNames: [],
  keyUsage: ['keyCertSign', 'cRLSign'],
  extendedKeyUsage: [],
  basicConstraints: { ca: true },
  sha256Fingerprint: fingerprint(32, 3),
  sha1Fingerprint: fingerprint(20, 3),
  crlDistributionPoints: [],
  ocspResponders: [],
  selfIssued: true,
  pem: pem('rootCCCC'),
});

const passed = (kind: VerificationStep['kind'], certificate: number, detail: string): VerificationStep => ({
  kind,
  certificate,
  state: 'passed',
  detail,
});

/** The class chain as a client of the class PKI sees it from the echo server: trusted, every step ✓. */
export function trustedChain(leaf: Partial<CertificateSummary> = {}): CertificateChainReport {
  return {
    certificates: [certificateSummary(leaf), INTERMEDIATE, ROOT],
    sent: 2,
    steps: [
      passed('signature', 0, `Signed by ${INTERMEDIATE_SUBJECT}: ✓ (ecdsa-with-SHA256)`),
      passed('validity', 0, 'Valid from 2026-11-30 to 2027-02-28: ✓'),
      passed('name', 0, 'localhost is in the SAN (DNS:localhost): ✓'),
      passed('purpose', 0, 'extendedKeyUsage serverAuth: ✓'),
      passed('signature', 1, `Signed by ${ROOT_SUBJECT}: ✓ (ecdsa-with-SHA256)`),
      passed('issuer', 1, 'CA:TRUE, pathlen 0, keyCertSign: ✓'),
      passed('chain', 2, `Ends at ${ROOT_SUBJECT}, in the trust store: ✓`),
      passed('revocation', 0, 'OCSP: good: ✓'),
    ],
    trusted: true,
  };
}

/** The expired endpoint's chain: the leaf's dates fail, and the steps after it were not judged. */
export function expiredChain(): CertificateChainReport {
  const trusted = trustedChain({
    subject: `CN=localhost, OU=expired, ${ORG}`,
    notBefore: '2025-01-01T00:00:00.000Z',
    notAfter: '2025-02-01T00:00:00.000Z',
  });
  return {
    ...trusted,
    steps: trusted.steps.map((step) =>
      step.kind === 'validity'
        ? { ...step, state: 'failed', detail: 'Expired on 2025-02-01 (now 2026-12-02): ✗' }
        : step.kind === 'revocation'
          ? { ...step, state: 'pending', detail: 'Not checked: an earlier step failed.' }
          : step,
    ),
    trusted: false,
    code: 'CERT_HAS_EXPIRED',
    advice:
      'The server’s certificate is past its notAfter date. A device whose clock is right rejects it; renew the certificate on the server (and check the device’s clock: one at 1970 rejects every certificate as not yet valid).',
  };
}

interface Flow {
  readonly packet: number;
  readonly time: number;
}

/** Message builder: each call takes the next packet id unless told it shares a frame with the previous one. */
class Wire {
  readonly messages: TlsMessage[] = [];
  private packet: number;
  private time: number;

  constructor(first: Flow) {
    this.packet = first.packet;
    this.time = first.time;
  }

  /** `sameFrame`: this message ended in the frame of the one before (a flight in one segment). */
  add(message: Omit<TlsMessage, 'packet' | 'time'>, sameFrame = false): this {
    if (!sameFrame && this.messages.length > 0) {
      this.packet += 2;
      this.time += 0.0004;
    }
    this.messages.push({ ...message, packet: this.packet, time: Number(this.time.toFixed(6)) } as TlsMessage);
    return this;
  }
}

const START: Flow = { packet: 4, time: 1_764_640_000.1 };

const TLS13_CLIENT_HELLO: Omit<TlsMessage, 'packet' | 'time'> = {
  type: 'client_hello',
  direction: 'to-server',
  length: 508,
  encrypted: false,
  recordVersion: 'TLS 1.0',
  legacyVersion: 'TLS 1.2',
  random: bytes32(1),
  sessionId: bytes32(2),
  cipherSuites: [
    SUITES.aes256gcm,
    SUITES.chacha,
    SUITES.aes128gcm,
    SUITES.ecdheEcdsa256,
    SUITES.ecdheRsa256,
    SUITES.ecdheEcdsaChacha,
    SUITES.ecdheRsaChacha,
    SUITES.ecdheEcdsa128,
    SUITES.ecdheRsa128,
    SUITES.scsv,
  ],
  extensions: [
    EXT.serverName,
    EXT.ecPointFormats,
    EXT.supportedGroups,
    EXT.sessionTicket,
    EXT.encryptThenMac,
    EXT.extendedMasterSecret,
    EXT.signatureAlgorithms,
    EXT.supportedVersions,
    EXT.pskModes,
    EXT.keyShare,
  ],
  serverName: 'localhost',
  supportedVersions: ['TLS 1.3', 'TLS 1.2'],
  keyShareGroups: [X25519],
  signatureAlgorithms: SIGNATURE_ALGORITHMS,
};

/** TLS 1.3's ClientHello, then the server's flight up to its EncryptedExtensions (the ServerHello's random from `seed`). */
function tls13Start(seed: number): Wire {
  return new Wire(START)
    .add(TLS13_CLIENT_HELLO)
    .add({
      type: 'server_hello',
      direction: 'from-server',
      length: 118,
      encrypted: false,
      recordVersion: 'TLS 1.2',
      legacyVersion: 'TLS 1.2',
      random: bytes32(seed),
      sessionId: bytes32(2),
      cipherSuite: SUITES.aes256gcm,
      extensions: [EXT.supportedVersions, EXT.keyShare],
      selectedVersion: 'TLS 1.3',
      keyShareGroups: [X25519],
    })
    .add({ type: 'change_cipher_spec', direction: 'from-server', length: 1, encrypted: false }, true)
    .add({ type: 'encrypted_extensions', direction: 'from-server', length: 2, encrypted: true }, true);
}

/** The rest of TLS 1.3's server flight: its Certificate, CertificateVerify and Finished, all encrypted. */
function tls13ServerAuth(wire: Wire): Wire {
  return wire
    .add(
      {
        type: 'certificate',
        direction: 'from-server',
        length: 1012,
        encrypted: true,
        certificates: [der(545), der(507)],
      },
      true,
    )
    .add(
      {
        type: 'certificate_verify',
        direction: 'from-server',
        length: 75,
        encrypted: true,
        signatureAlgorithm: cp(0x0403, 'ecdsa_secp256r1_sha256'),
      },
      true,
    )
    .add({ type: 'finished', direction: 'from-server', length: 48, encrypted: true }, true);
}

/** TLS 1.3, full handshake to `tls-echo`, decrypted: the server's flight after ServerHello is marked encrypted. */
export function tls13Handshake(overrides: Partial<TlsHandshake> = {}): TlsHandshake {
  const wire = tls13ServerAuth(tls13Start(3))
    .add({ type: 'change_cipher_spec', direction: 'to-server', length: 1, encrypted: false })
    .add({ type: 'finished', direction: 'to-server', length: 48, encrypted: true }, true)
    .add({ type: 'new_session_ticket', direction: 'from-server', length: 186, encrypted: true, ticketLifetime: 7200 })
    .add(
      { type: 'new_session_ticket', direction: 'from-server', length: 186, encrypted: true, ticketLifetime: 7200 },
      true,
    )
    .add({ type: 'application_data', direction: 'to-server', length: 35, encrypted: true })
    .add({ type: 'application_data', direction: 'from-server', length: 35, encrypted: true });
  return {
    server: 'echo',
    connection: 1,
    client: '127.0.0.1:51234',
    version: 'TLS 1.3',
    cipherSuite: SUITES.aes256gcm,
    serverName: 'localhost',
    complete: true,
    clientCertificateRequested: false,
    messages: wire.messages,
    serverChain: trustedChain(),
    ...overrides,
  };
}

/** TLS 1.2's ClientHello from a client limited to 1.2 (no supported_versions, no key_share). */
function tls12ClientHello(suites: readonly TlsCodePoint[]): Omit<TlsMessage, 'packet' | 'time'> {
  return {
    type: 'client_hello',
    direction: 'to-server',
    length: 204,
    encrypted: false,
    recordVersion: 'TLS 1.0',
    legacyVersion: 'TLS 1.2',
    random: bytes32(11),
    sessionId: '',
    cipherSuites: suites,
    extensions: [
      EXT.serverName,
      EXT.ecPointFormats,
      EXT.supportedGroups,
      EXT.sessionTicket,
      EXT.encryptThenMac,
      EXT.extendedMasterSecret,
      EXT.signatureAlgorithms,
    ],
    serverName: 'localhost',
    signatureAlgorithms: SIGNATURE_ALGORITHMS,
  };
}

/** The server's and client's last flights of TLS 1.2: ChangeCipherSpec then the encrypted Finished, each way. */
function tls12Finish(wire: Wire): Wire {
  return wire
    .add({ type: 'change_cipher_spec', direction: 'to-server', length: 1, encrypted: false }, true)
    .add({ type: 'finished', direction: 'to-server', length: 40, encrypted: true }, true)
    .add({ type: 'new_session_ticket', direction: 'from-server', length: 202, encrypted: false, ticketLifetime: 7200 })
    .add({ type: 'change_cipher_spec', direction: 'from-server', length: 1, encrypted: false }, true)
    .add({ type: 'finished', direction: 'from-server', length: 40, encrypted: true }, true)
    .add({ type: 'application_data', direction: 'to-server', length: 41, encrypted: true });
}

/** TLS 1.2 with ECDHE to `tls12-echo`: ServerKeyExchange names x25519, the ClientKeyExchange sends a public key. */
export function tls12EcdheHandshake(overrides: Partial<TlsHandshake> = {}): TlsHandshake {
  const wire = new Wire(START)
    .add(tls12ClientHello([SUITES.ecdheEcdsa256, SUITES.ecdheEcdsa128, SUITES.ecdheRsa128, SUITES.scsv]))
    .add({
      type: 'server_hello',
      direction: 'from-server',
      length: 65,
      encrypted: false,
      recordVersion: 'TLS 1.2',
      legacyVersion: 'TLS 1.2',
      random: bytes32(12),
      sessionId: '',
      cipherSuite: SUITES.ecdheEcdsa256,
      extensions: [EXT.renegotiationInfo, EXT.ecPointFormats, EXT.sessionTicket, EXT.extendedMasterSecret],
    })
    .add(
      {
        type: 'certificate',
        direction: 'from-server',
        length: 1004,
        encrypted: false,
        certificates: [der(545), der(507)],
      },
      true,
    )
    .add(
      {
        type: 'server_key_exchange',
        direction: 'from-server',
        length: 112,
        encrypted: false,
        namedGroup: X25519,
        signatureAlgorithm: cp(0x0403, 'ecdsa_secp256r1_sha256'),
      },
      true,
    )
    .add({ type: 'server_hello_done', direction: 'from-server', length: 0, encrypted: false }, true)
    .add({ type: 'client_key_exchange', direction: 'to-server', length: 33, encrypted: false, keyExchange: 'ecdhe' });
  return {
    server: 'echo12',
    connection: 2,
    client: '127.0.0.1:51240',
    version: 'TLS 1.2',
    cipherSuite: SUITES.ecdheEcdsa256,
    serverName: 'localhost',
    complete: true,
    clientCertificateRequested: false,
    messages: tls12Finish(wire).messages,
    serverChain: trustedChain(),
    ...overrides,
  };
}

/** TLS 1.2 with RSA key exchange to `tls12-rsa-echo`: no ServerKeyExchange; the premaster secret travels encrypted. */
export function tls12RsaHandshake(overrides: Partial<TlsHandshake> = {}): TlsHandshake {
  const wire = new Wire(START)
    .add(tls12ClientHello([SUITES.rsaAes128Cbc, SUITES.scsv]))
    .add({
      type: 'server_hello',
      direction: 'from-server',
      length: 61,
      encrypted: false,
      recordVersion: 'TLS 1.2',
      legacyVersion: 'TLS 1.2',
      random: bytes32(21),
      sessionId: '',
      cipherSuite: SUITES.rsaAes128Cbc,
      extensions: [EXT.renegotiationInfo, EXT.sessionTicket, EXT.encryptThenMac, EXT.extendedMasterSecret],
    })
    .add(
      {
        type: 'certificate',
        direction: 'from-server',
        length: 1450,
        encrypted: false,
        certificates: [der(806), der(507)],
      },
      true,
    )
    .add({ type: 'server_hello_done', direction: 'from-server', length: 0, encrypted: false }, true)
    .add({ type: 'client_key_exchange', direction: 'to-server', length: 258, encrypted: false, keyExchange: 'rsa' });
  return {
    server: 'rsa',
    connection: 3,
    client: '127.0.0.1:51250',
    version: 'TLS 1.2',
    cipherSuite: SUITES.rsaAes128Cbc,
    serverName: 'localhost',
    complete: true,
    clientCertificateRequested: false,
    messages: tls12Finish(wire).messages,
    serverChain: trustedChain({ publicKey: { algorithm: 'RSA', bits: 2048 }, signatureAlgorithm: 'ecdsa-with-SHA256' }),
    ...overrides,
  };
}

/**
 * Mutual TLS 1.3 to `mtls-echo` where the client had no certificate: the server asked (CertificateRequest), the
 * client sent an empty Certificate and its Finished, and the server ended it with a fatal `certificate_required`
 * (RFC 8446 §4.4.2.4), encrypted like everything after its ServerHello.
 */
export function mtlsRefusedHandshake(overrides: Partial<TlsHandshake> = {}): TlsHandshake {
  const alert = { level: 'fatal' as const, description: cp(116, 'certificate_required') };
  const request: Omit<TlsMessage, 'packet' | 'time'> = {
    type: 'certificate_request',
    direction: 'from-server',
    length: 52,
    encrypted: true,
    signatureAlgorithms: SIGNATURE_ALGORITHMS,
    certificateAuthorities: [ROOT_SUBJECT],
  };
  const wire = tls13ServerAuth(tls13Start(31).add(request, true))
    .add({ type: 'change_cipher_spec', direction: 'to-server', length: 1, encrypted: false })
    .add({ type: 'certificate', direction: 'to-server', length: 4, encrypted: true, certificates: [] }, true)
    .add({ type: 'finished', direction: 'to-server', length: 48, encrypted: true }, true)
    .add({ type: 'alert', direction: 'from-server', length: 2, encrypted: true, alert });
  return {
    server: 'mtls',
    connection: 4,
    client: '127.0.0.1:51260',
    version: 'TLS 1.3',
    cipherSuite: SUITES.aes256gcm,
    serverName: 'localhost',
    // Both Finished were seen (the contract's "complete"); the server refused after the client's.
    complete: true,
    alert: { ...alert, from: 'from-server' },
    clientCertificateRequested: true,
    messages: wire.messages,
    serverChain: trustedChain(),
    ...overrides,
  };
}

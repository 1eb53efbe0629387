/**
 * A valid message of every type in `MESSAGE_FIELDS`, built from the catalog itself: each side has one valid
 * value per field name (a field name means the same thing on one side wherever it appears, but for the few that
 * `BY_TYPE` names: a `fault`'s `value` is a number, an `answer`'s a string), so a message type added to the
 * catalog is covered by the fuzz test at once, and a new field name fails it until its valid value is written
 * here. Every call returns fresh objects, so a test may mutate them.
 */

import { MESSAGE_FIELDS } from '../messages';

export type Side = keyof typeof MESSAGE_FIELDS;

/** What every packet has, whichever its transport. */
function packetBase(): Record<string, unknown> {
  return {
    id: 7,
    time: 1_700_000_000.5,
    length: 66,
    capturedLength: 66,
    ipVersion: 4,
    src: '127.0.0.1',
    dst: '127.0.0.1',
    srcPort: 54122,
    dstPort: 20417,
    payload: { hex: '48656c6c6f2c776f726c6421', length: 12, truncated: false },
    info: '54122 → 20417 [PSH, ACK] Seq=1 Ack=1 Win=65536 Len=12',
    expert: [],
  };
}

function tcpPacket(): Record<string, unknown> {
  const tcp = {
    connection: 1,
    seq: 1,
    ack: 1,
    seqRaw: 123,
    ackRaw: 456,
    nextSeq: 13,
    flags: 0x18,
    flagNames: 'PSH,ACK',
    windowValue: 64,
    window: 65536,
    len: 12,
    options: { sackPermitted: false, tsval: 1, tsecr: 2 },
    headerLength: 32,
    checksum: { value: 0xfe30, status: 'unverified' },
    urgentPointer: 0,
  };
  const ip = {
    headerLength: 20,
    dscp: 0,
    ecn: 0,
    totalLength: 64,
    identification: 0x1051,
    dontFragment: true,
    moreFragments: false,
    fragmentOffset: 0,
    ttl: 64,
    protocol: 6,
    checksum: { value: 0x2c69, status: 'bad', expected: 0x2c6a },
  };
  return { ...packetBase(), protocol: 'tcp', ip, tcp };
}

/** Over IPv6, with its payload cut and an expert flag: the other branches of the packet check. */
function udpPacket(): Record<string, unknown> {
  return {
    ...packetBase(),
    ipVersion: 6,
    src: '::1',
    dst: '::1',
    protocol: 'udp',
    ip: { headerLength: 40, dscp: 46, ecn: 1, payloadLength: 20, ttl: 1, protocol: 17, flowLabel: 0xabcde },
    udp: { length: 20 },
    payload: { hex: '', length: 12, truncated: true },
    info: '54122 → 20417 Len=12',
    expert: ['rst'],
  };
}

const check = () => ({ id: 'connected', title: 'Connect', state: 'passed', detail: 'A client connected.' });
const event = () => ({
  seq: 1,
  time: 3,
  server: 'echo',
  connection: 1,
  kind: 'receive',
  peer: '127.0.0.1:51514',
  bytes: 2,
  preview: '4869',
  note: 'ECONNRESET',
});
const question = () => ({
  id: 'server-isn',
  prompt: 'P',
  format: 'a number',
  state: 'pending',
  detail: '',
  answer: '42',
});

/** A certificate of the class PKI as the viewer reads it; `ca` makes it the intermediate. */
function certificate(ca: boolean): Record<string, unknown> {
  return {
    subject: ca ? 'CN=socketlab Intermediate CA, O=socketlab class' : 'CN=localhost, O=socketlab class',
    issuer: ca ? 'CN=socketlab Class Root CA, O=socketlab class' : 'CN=socketlab Intermediate CA, O=socketlab class',
    serial: ca ? '02' : '3f2a9c01d4',
    notBefore: '2026-11-30T00:00:00.000Z',
    notAfter: '2027-02-28T00:00:00.000Z',
    subjectAltNames: ca ? [] : ['DNS:localhost', 'IP Address:127.0.0.1'],
    keyUsage: ca ? ['keyCertSign', 'cRLSign'] : ['digitalSignature'],
    extendedKeyUsage: ca ? [] : ['serverAuth'],
    basicConstraints: ca ? { ca: true, pathLength: 0 } : { ca: false },
    publicKey: { algorithm: 'EC', bits: 256, curve: 'P-256' },
    signatureAlgorithm: 'ecdsa-with-SHA256',
    sha256Fingerprint: Array.from({ length: 32 }, (_, i) => (i + 16).toString(16).toUpperCase()).join(':'),
    sha1Fingerprint: Array.from({ length: 20 }, (_, i) => (i + 32).toString(16).toUpperCase()).join(':'),
    crlDistributionPoints: ['http://127.0.0.1:8080/api/pki/intermediate.crl'],
    ocspResponders: ca ? [] : ['http://127.0.0.1:8080/api/pki/ocsp'],
    selfIssued: false,
    pem: '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIFPyqcAdQwCgYIKoZIzj0EAwIw\n-----END CERTIFICATE-----\n',
  };
}

/** The expired endpoint's report: the leaf's dates fail, a step after them was not judged. */
function chainReport(): Record<string, unknown> {
  return {
    certificates: [certificate(false), certificate(true)],
    sent: 1,
    steps: [
      { kind: 'signature', certificate: 0, state: 'passed', detail: 'Signed by CN=socketlab Intermediate CA: ✓' },
      { kind: 'validity', certificate: 0, state: 'failed', detail: 'Expired on 2027-02-28: ✗' },
      { kind: 'revocation', certificate: 0, state: 'pending', detail: 'Not checked.' },
    ],
    trusted: false,
    code: 'CERT_HAS_EXPIRED',
    advice: 'Renew the certificate on the server.',
  };
}

/** TLS 1.2 with ECDHE, cut short by the server's alert: every optional field of a message appears somewhere. */
function handshake(): Record<string, unknown> {
  const at = (packet: number) => ({ packet, time: 1_700_000_000.25 + packet / 1000 });
  const suite = { code: 0xc02b, name: 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256' };
  const group = { code: 29, name: 'x25519' };
  const scheme = { code: 0x0403, name: 'ecdsa_secp256r1_sha256' };
  const alert = { level: 'fatal', description: { code: 42, name: 'bad_certificate' } };
  return {
    server: 'echo',
    connection: 1,
    client: '127.0.0.1:51234',
    version: 'TLS 1.2',
    cipherSuite: suite,
    serverName: 'localhost',
    complete: false,
    alert: { ...alert, from: 'to-server' },
    clientCertificateRequested: true,
    messages: [
      {
        type: 'client_hello',
        direction: 'to-server',
        ...at(4),
        length: 204,
        encrypted: false,
        recordVersion: 'TLS 1.0',
        legacyVersion: 'TLS 1.2',
        random: 'ab'.repeat(32),
        sessionId: '',
        cipherSuites: [suite, { code: 0x00ff, name: 'TLS_EMPTY_RENEGOTIATION_INFO_SCSV' }],
        extensions: [{ code: 0, name: 'server_name' }],
        serverName: 'localhost',
        alpn: ['echo'],
        supportedVersions: ['TLS 1.3', 'TLS 1.2'],
        keyShareGroups: [group],
        signatureAlgorithms: [scheme],
      },
      {
        type: 'server_hello',
        direction: 'from-server',
        ...at(6),
        length: 65,
        encrypted: false,
        random: 'cd'.repeat(32),
        sessionId: 'ef'.repeat(32),
        cipherSuite: suite,
        selectedVersion: 'TLS 1.2',
      },
      {
        type: 'certificate',
        direction: 'from-server',
        ...at(6),
        length: 1004,
        encrypted: false,
        certificates: ['3082'],
      },
      {
        type: 'server_key_exchange',
        direction: 'from-server',
        ...at(6),
        length: 112,
        encrypted: false,
        namedGroup: group,
        signatureAlgorithm: scheme,
      },
      {
        type: 'certificate_request',
        direction: 'from-server',
        ...at(6),
        length: 52,
        encrypted: false,
        certificateAuthorities: ['CN=socketlab Class Root CA, O=socketlab class'],
      },
      {
        type: 'client_key_exchange',
        direction: 'to-server',
        ...at(8),
        length: 33,
        encrypted: false,
        keyExchange: 'ecdhe',
      },
      {
        type: 'new_session_ticket',
        direction: 'from-server',
        ...at(10),
        length: 202,
        encrypted: false,
        ticketLifetime: 7200,
      },
      { type: 'alert', direction: 'to-server', ...at(12), length: 2, encrypted: true, alert },
    ],
    serverChain: chainReport(),
    clientChain: { certificates: [], sent: 0, steps: [], trusted: false },
    undecrypted: 'No keys were logged for this connection.',
  };
}

function fault(): Record<string, unknown> {
  return { kind: 'loss', server: 'echo', available: false, value: 0, reason: 'nft is not installed' };
}

const VALID_FIELDS: Record<Side, Readonly<Record<string, () => unknown>>> = {
  client: {
    protocol: () => 1,
    lab: () => 'tcp-echo',
    resume: () => ({ session: 'abc', token: 't_-1' }),
    cols: () => 80,
    rows: () => 24,
    locale: () => 'zh-Hans',
    data: () => 'ls\r',
    id: () => 7,
    question: () => 'server-isn',
    value: () => ' 42 ',
    kind: () => 'loss',
    server: () => 'echo',
    pem: () => '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIFPyqcAdQwCgYIKoZIzj0EAwIw\n-----END CERTIFICATE-----\n',
    key: () =>
      '-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----\n',
    host: () => 'localhost',
  },
  server: {
    protocol: () => 1,
    session: () => 's1',
    token: () => 't1',
    resumed: () => false,
    lab: () => ({ id: 'tcp-echo', title: 'Your first TCP connection', views: ['packets', 'events'] }),
    servers: () => [{ id: 'echo', kind: 'tcp-echo', title: 'E', transport: 'tcp', host: '127.0.0.1', port: 20417 }],
    checks: () => [check()],
    events: () => [event()],
    questions: () => [question()],
    faults: () => [fault()],
    fault,
    capture: () => ({ state: 'running', reason: 'capturing on lo' }),
    packets: () => [tcpPacket(), udpPacket()],
    clock: () => ({ startedAt: 1_699_999_999.875, origin: 1_700_000_000.25, originKind: 'packet' }),
    pcapng: () => '/api/sessions/s1/capture.pcapng?token=d1',
    data: () => '\u001b[1mhello\u001b[0m\r\n',
    check,
    event,
    packet: tcpPacket,
    gap: () => ({ after: 3, time: 1_700_000_000.25, reason: 'tshark restarted' }),
    question,
    code: () => 'LAB_ERR_MESSAGE_INVALID',
    message: () => 'A sentence.',
    fatal: () => false,
    id: () => 7,
    handshakes: () => [handshake()],
    pki: () => ({
      ca: '/api/pki/ca.pem',
      clientCertificate: '/api/sessions/s1/client.pem?token=d1',
      clientKey: '/api/sessions/s1/client.key?token=d1',
      clientPkcs12: '/api/sessions/s1/client.p12?token=d1',
      pkcs12Password: 'socketlab-s1',
    }),
    handshake,
    report: chainReport,
  },
};

/** Valid values of a field whose name means something else in this message type than elsewhere on its side. */
const BY_TYPE: Record<Side, Readonly<Record<string, Readonly<Record<string, () => unknown>>>>> = {
  client: { fault: { value: () => 20 } },
  server: {},
};

/** The message types of one side, as the catalog lists them. */
export function messageTypes(side: Side): string[] {
  return Object.keys(MESSAGE_FIELDS[side]);
}

/** A valid message of `type` with every field the catalog names for it. */
export function validMessage(side: Side, type: string): Record<string, unknown> {
  const fields: Readonly<Record<string, readonly string[]>> = MESSAGE_FIELDS[side];
  const names = Object.hasOwn(fields, type) ? fields[type] : undefined;
  if (names === undefined) throw new Error(`MESSAGE_FIELDS.${side} has no type "${type}"`);
  const message: Record<string, unknown> = { type };
  const special = Object.hasOwn(BY_TYPE[side], type) ? BY_TYPE[side][type] : undefined;
  for (const name of names) {
    const value =
      special !== undefined && Object.hasOwn(special, name)
        ? special[name]
        : Object.hasOwn(VALID_FIELDS[side], name)
          ? VALID_FIELDS[side][name]
          : undefined;
    if (value === undefined) {
      throw new Error(`no valid value for field "${name}" (${side} ${type}): add one to VALID_FIELDS`);
    }
    message[name] = value();
  }
  return message;
}

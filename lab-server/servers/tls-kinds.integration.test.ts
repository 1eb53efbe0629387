/**
 * Every TLS server kind against the three clients a student runs — Node's `tls`, Python's `ssl`, `openssl
 * s_client` — with the real class PKI in a temporary directory. One case per kind and client (and variant):
 * the good endpoints echo `Hello,world!` with the version and suite each is for; each failure endpoint gives
 * a verifying client exactly its error, in that client's words, and echoes for a client that does not verify;
 * and the server's own observations say the same from its side (accept → secure → receive → send, or the
 * failure's stable code). Each kind is started once for all its cases; every key it used reaches the key log.
 */

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import tls from 'node:tls';
import { promisify } from 'node:util';
import type { Observation } from '../../src/lab-kit';
import { loadOrCreateAuthorities } from '../pki/authority-store';
import { loadOrCreateClassPki } from '../pki/class-pki';
import { signCrl } from '../pki/crl';
import type { ClassPki, ClientCredentials } from '../pki/pki';
import { SERVER_KINDS } from '.';
import type { RunningServer } from './observation';
import { type ClientOptions, type ClientResult, nodeClient, opensslClient, pythonClient } from './testing/tls-clients';

const run = promisify(execFile);
const NAMES = ['localhost', '127.0.0.1', '::1'];
/** How long a case waits for the server to observe its connection's close. */
const SETTLE_MS = 10_000;

type Client = 'node' | 'python' | 'openssl';
type Kind = keyof typeof SERVER_KINDS;

/** The files a student downloads (and a stranger's certificate), written once for the whole file. */
const FILES = {
  root: 'socketlab-ca.pem',
  crl: 'intermediate.crl.pem',
  /** The intermediate's CRL and the root's (which lists nothing): Node checks every certificate of the chain. */
  crls: 'all.crl.pem',
  cert: 'client.pem',
  key: 'client.key',
  classmateCert: 'classmate.pem',
  classmateKey: 'classmate.key',
  strangerCert: 'stranger.pem',
  strangerKey: 'stranger.key',
} as const;

interface Expected {
  readonly echoed?: boolean;
  readonly version?: string;
  readonly cipher?: string | RegExp;
  readonly code?: string;
  /** Part of the client's own error text, as the lessons quote it. */
  readonly text?: string | RegExp;
  /** What the stapled OCSP response says (`revoked`). */
  readonly ocsp?: string;
  /** The server's view: `secure`, or the `tls.failure` code of its `error`. */
  readonly server: 'secure' | { readonly failure: string };
  /** Part of the note on the server's `secure` or `error` observation. */
  readonly note?: string | RegExp;
}

interface Case {
  readonly kind: Kind;
  readonly client: Client;
  /** What sets the case apart from the plain verifying client, in its name. */
  readonly variant: string;
  readonly options: Omit<ClientOptions, 'port'>;
  readonly expect: Expected;
}

/** A verifying client, as the lessons run it first. */
const VERIFY = { caFile: FILES.root, servername: 'localhost' } as const;
/** A client that does not verify at all. */
const NO_VERIFY = { servername: 'localhost' } as const;

const TLS13 = { version: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384' } as const;

function each(
  kind: Kind,
  variant: string,
  options: Omit<ClientOptions, 'port'>,
  expect: { readonly [C in Client]?: Expected },
): Case[] {
  return (Object.entries(expect) as [Client, Expected][]).map(([client, expected]) => ({
    kind,
    client,
    variant,
    options,
    expect: expected,
  }));
}

const echo = (extra: Partial<Expected> = {}): Expected => ({ echoed: true, server: 'secure', ...extra });
/** What the server sees of Node refusing a certificate: Node checks after its side of the handshake, and hangs up without an alert. */
const NODE_HANGS_UP = { failure: 'closed-during-handshake' } as const;

/** A failure endpoint: a verifying client's error in each client's words, and an echo for Node when it does not verify. */
function failureEndpoint(
  kind: Kind,
  expect: { readonly node: Partial<Expected>; readonly python: Partial<Expected>; readonly openssl: Partial<Expected> },
  alert: string,
): Case[] {
  return [
    ...each(kind, 'verifying', VERIFY, {
      node: { echoed: false, server: NODE_HANGS_UP, ...expect.node },
      python: { echoed: false, code: 'CERTIFICATE_VERIFY_FAILED', server: { failure: alert }, ...expect.python },
      openssl: { echoed: false, server: { failure: alert }, ...expect.openssl },
    }),
    ...each(kind, 'not verifying', NO_VERIFY, { node: echo(TLS13) }),
  ];
}

const CASES: readonly Case[] = [
  ...each('tls-echo', 'verifying', VERIFY, {
    node: echo({ ...TLS13, note: 'TLS 1.3, TLS_AES_256_GCM_SHA384, SNI localhost' }),
    python: echo(TLS13),
    openssl: echo(TLS13),
  }),
  // By address: a client sends no SNI for an IP address (RFC 6066 §3), and checks the certificate's IP entry.
  ...each(
    'tls-echo',
    'by address',
    { caFile: FILES.root },
    { node: echo({ ...TLS13, note: 'TLS 1.3, TLS_AES_256_GCM_SHA384, no SNI' }) },
  ),
  ...each(
    'tls-echo',
    'at most TLS 1.2',
    { ...VERIFY, maxVersion: 'TLSv1.2' },
    {
      node: echo({ version: 'TLSv1.2', cipher: /^TLS_ECDHE_ECDSA_WITH_/ }),
      python: echo({ version: 'TLSv1.2', cipher: /^ECDHE-ECDSA-/ }),
      openssl: echo({ version: 'TLSv1.2', cipher: /^ECDHE-ECDSA-/ }),
    },
  ),
  ...each('tls12-echo', 'verifying', VERIFY, {
    node: echo({ version: 'TLSv1.2', cipher: 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256' }),
    python: echo({ version: 'TLSv1.2', cipher: 'ECDHE-RSA-AES128-GCM-SHA256' }),
    openssl: echo({ version: 'TLSv1.2', cipher: 'ECDHE-RSA-AES128-GCM-SHA256' }),
  }),
  ...each(
    'tls12-echo',
    'TLS 1.3 only',
    { ...VERIFY, minVersion: 'TLSv1.3' },
    {
      node: {
        echoed: false,
        code: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION',
        text: 'tlsv1 alert protocol version',
        server: { failure: 'wrong-version' },
      },
      python: {
        echoed: false,
        code: 'TLSV1_ALERT_PROTOCOL_VERSION',
        text: '[SSL: TLSV1_ALERT_PROTOCOL_VERSION] tlsv1 alert protocol version',
        server: { failure: 'wrong-version' },
      },
      openssl: { echoed: false, code: 'tlsv1 alert protocol version', server: { failure: 'wrong-version' } },
    },
  ),
  ...each('tls12-rsa-echo', 'verifying', VERIFY, {
    node: echo({ version: 'TLSv1.2', cipher: 'TLS_RSA_WITH_AES_128_CBC_SHA' }),
    // Python's default context leaves out every suite without forward secrecy (and SHA-1 MACs).
    python: {
      echoed: false,
      code: 'SSLV3_ALERT_HANDSHAKE_FAILURE',
      text: '[SSL: SSLV3_ALERT_HANDSHAKE_FAILURE] sslv3 alert handshake failure',
      server: { failure: 'no-shared-cipher' },
    },
    openssl: echo({ version: 'TLSv1.2', cipher: 'AES128-SHA' }),
  }),
  ...each(
    'tls12-rsa-echo',
    'asking for AES128-SHA',
    { ...VERIFY, ciphers: 'AES128-SHA' },
    { python: echo({ version: 'TLSv1.2', cipher: 'AES128-SHA' }) },
  ),
  ...each('mtls-echo', 'without a certificate', VERIFY, {
    node: {
      echoed: false,
      code: 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED',
      text: 'tlsv13 alert certificate required',
      server: { failure: 'no-client-certificate' },
    },
    python: {
      echoed: false,
      code: 'TLSV13_ALERT_CERTIFICATE_REQUIRED',
      text: '[SSL: TLSV13_ALERT_CERTIFICATE_REQUIRED] tlsv13 alert certificate required',
      server: { failure: 'no-client-certificate' },
    },
    openssl: {
      echoed: false,
      code: 'tlsv13 alert certificate required',
      text: 'SSL alert number 116',
      server: { failure: 'no-client-certificate' },
    },
  }),
  ...each(
    'mtls-echo',
    'with the session certificate',
    { ...VERIFY, certFile: FILES.cert, keyFile: FILES.key },
    {
      node: echo({ ...TLS13, note: /; client certificate "session-student" \(yours, serial [0-9a-f]+\)$/ }),
      python: echo(TLS13),
      openssl: echo(TLS13),
    },
  ),
  ...each(
    'mtls-echo',
    "with a classmate's certificate",
    { ...VERIFY, certFile: FILES.classmateCert, keyFile: FILES.classmateKey },
    { node: echo({ ...TLS13, note: `client certificate "classmate" (issued by the class, but not this session's)` }) },
  ),
  // Node's server checks a client's chain once the handshake is over, and then closes without an alert.
  ...each(
    'mtls-echo',
    'with a certificate of another CA',
    { ...VERIFY, certFile: FILES.strangerCert, keyFile: FILES.strangerKey },
    {
      node: { echoed: false, code: 'CLOSED', server: { failure: 'untrusted-client-certificate' } },
      python: { echoed: false, code: 'CLOSED', ...TLS13, server: { failure: 'untrusted-client-certificate' } },
      openssl: {
        echoed: false,
        ...TLS13,
        text: 'Verification: OK',
        server: { failure: 'untrusted-client-certificate' },
        note: 'without an alert',
      },
    },
  ),
  ...failureEndpoint(
    'tls-expired',
    {
      node: { code: 'CERT_HAS_EXPIRED', text: 'certificate has expired' },
      python: { text: 'certificate verify failed: certificate has expired' },
      openssl: { code: 'verify error:num=10:certificate has expired' },
    },
    'alert:certificate_expired',
  ),
  ...each('tls-expired', 'not verifying', NO_VERIFY, { python: echo(TLS13), openssl: echo(TLS13) }),
  ...failureEndpoint(
    'tls-not-yet-valid',
    {
      node: { code: 'CERT_NOT_YET_VALID', text: 'certificate is not yet valid' },
      python: { text: 'certificate verify failed: certificate is not yet valid' },
      openssl: { code: 'verify error:num=9:certificate is not yet valid' },
    },
    'alert:bad_certificate',
  ),
  ...failureEndpoint(
    'tls-wrong-host',
    {
      node: {
        code: 'ERR_TLS_CERT_ALTNAME_INVALID',
        text: "Hostname/IP does not match certificate's altnames: Host: localhost. is not in the cert's altnames: DNS:wrong.host.socketlab.invalid",
      },
      python: { text: "certificate verify failed: Hostname mismatch, certificate is not valid for 'localhost'." },
      // s_client checks a name only when told which (below it is not, and says OK).
      openssl: { code: 'verify error:num=62:hostname mismatch' },
    },
    'alert:bad_certificate',
  ).map((c) => (c.client === 'openssl' ? { ...c, options: { ...c.options, verifyHostname: 'localhost' } } : c)),
  ...each('tls-wrong-host', 'without -verify_hostname', VERIFY, {
    openssl: echo({ ...TLS13, text: 'Verification: OK' }),
  }),
  ...failureEndpoint(
    'tls-self-signed',
    {
      node: { code: 'DEPTH_ZERO_SELF_SIGNED_CERT', text: 'self-signed certificate' },
      python: { text: 'certificate verify failed: self-signed certificate' },
      openssl: { code: 'verify error:num=18:self-signed certificate' },
    },
    'alert:unknown_ca',
  ),
  ...failureEndpoint(
    'tls-untrusted-root',
    {
      // The server sends its certificate and the intermediate, not the untrusted root itself.
      node: { code: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', text: 'unable to get local issuer certificate' },
      python: { text: 'certificate verify failed: unable to get local issuer certificate' },
      openssl: { code: 'verify error:num=20:unable to get local issuer certificate' },
    },
    'alert:unknown_ca',
  ),
  ...failureEndpoint(
    'tls-incomplete-chain',
    {
      node: { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', text: 'unable to verify the first certificate' },
      python: { text: 'certificate verify failed: unable to get local issuer certificate' },
      openssl: { code: 'verify error:num=20:unable to get local issuer certificate' },
    },
    'alert:unknown_ca',
  ),
  // Nobody checks revocation by default: a verifying client accepts the revoked certificate.
  ...each('tls-revoked', 'verifying', VERIFY, { node: echo(TLS13), python: echo(TLS13), openssl: echo(TLS13) }),
  ...each(
    'tls-revoked',
    'with the CRL',
    { ...VERIFY, crlFile: FILES.crl },
    {
      // Node checks the whole chain against CRLs: without the root's CRL it cannot check the intermediate.
      node: { echoed: false, code: 'UNABLE_TO_GET_CRL', text: 'unable to get certificate CRL', server: NODE_HANGS_UP },
      python: {
        echoed: false,
        code: 'CERTIFICATE_VERIFY_FAILED',
        text: 'certificate verify failed: certificate revoked',
        server: { failure: 'alert:certificate_revoked' },
      },
      openssl: {
        echoed: false,
        code: 'verify error:num=23:certificate revoked',
        server: { failure: 'alert:certificate_revoked' },
      },
    },
  ),
  ...each(
    'tls-revoked',
    "with the intermediate's and the root's CRLs",
    { ...VERIFY, crlFile: FILES.crls },
    { node: { echoed: false, code: 'CERT_REVOKED', text: 'certificate revoked', server: NODE_HANGS_UP } },
  ),
  // The stapled answer is there for a client that asks; neither Node nor s_client refuses on it by itself.
  ...each(
    'tls-revoked',
    'asking for OCSP stapling',
    { ...VERIFY, requestOcsp: true },
    { node: echo({ ...TLS13, ocsp: 'revoked' }), openssl: echo({ ...TLS13, ocsp: 'revoked' }) },
  ),
  ...failureEndpoint(
    'tls-weak',
    {
      // Node has no code of its own for OpenSSL's verify errors 66 and 68: it says UNSPECIFIED.
      node: { code: 'UNSPECIFIED', text: 'CA signature digest algorithm too weak' },
      python: { text: 'certificate verify failed: EE certificate key too weak' },
      openssl: { code: 'verify error:num=66:EE certificate key too weak' },
    },
    'alert:bad_certificate',
  ),
];

/** The TLS kinds, each started once for its cases. */
const KINDS = [...new Set(CASES.map((c) => c.kind))];

let scratch = '';
let pki: ClassPki;
let session: ClientCredentials;
const servers = new Map<Kind, { server: RunningServer; observations: Observation[]; keylog: string[] }>();

const file = (name: string): string => join(scratch, name);

function crlPem(der: Uint8Array): string {
  const lines =
    Buffer.from(der)
      .toString('base64')
      .match(/.{1,64}/g) ?? [];
  return `-----BEGIN X509 CRL-----\n${lines.join('\n')}\n-----END X509 CRL-----\n`;
}

before(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'socketlab-tls-kinds-'));
  const dir = file('pki');
  pki = await loadOrCreateClassPki({ dir, names: NAMES });
  session = await pki.issueClient('session-student');
  const classmate = await pki.issueClient('classmate');
  // The root's CRL, which the class PKI does not publish: signed here with the root it keeps.
  const { root } = await loadOrCreateAuthorities({ dir, renew: false, now: new Date() });
  const rootCrl = await signCrl({ issuer: root, revoked: [], now: new Date() });
  await Promise.all([
    writeFile(file(FILES.root), pki.rootPem),
    writeFile(file(FILES.crl), crlPem(pki.crl())),
    writeFile(file(FILES.crls), crlPem(pki.crl()) + crlPem(rootCrl)),
    writeFile(file(FILES.cert), session.cert),
    writeFile(file(FILES.key), session.key),
    writeFile(file(FILES.classmateCert), classmate.cert),
    writeFile(file(FILES.classmateKey), classmate.key),
  ]);
  await run(
    'openssl',
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2'].concat([
      '-keyout',
      file(FILES.strangerKey),
      '-out',
      file(FILES.strangerCert),
      '-subj',
      '/CN=stranger',
      '-addext',
      'extendedKeyUsage=clientAuth',
    ]),
    { timeout: 30_000 },
  );
  for (const kind of [...KINDS, 'tls12-rsa-echo' as const]) {
    if (servers.has(kind)) continue;
    const observations: Observation[] = [];
    const keylog: string[] = [];
    const server = await SERVER_KINDS[kind]({
      id: kind,
      title: kind,
      bindHost: '127.0.0.1',
      publicHost: '127.0.0.1',
      port: 0,
      tls: { pki, keylog: (line) => keylog.push(line.toString('latin1')), client: session },
    });
    server.onObservation((observation) => observations.push(observation));
    servers.set(kind, { server, observations, keylog });
  }
});

after(async () => {
  for (const { server } of servers.values()) await server.dispose();
  await rm(scratch, { recursive: true, force: true });
});

/** Waits, bounded, until `condition` holds. */
async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + SETTLE_MS;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The observations of the first connection accepted from `from` on, once it closed. */
async function connectionFrom(observations: readonly Observation[], from: number, kind: Kind): Promise<Observation[]> {
  const ofIt = (): Observation[] => {
    const accept = observations.slice(from).find((o) => o.kind === 'accept');
    return observations.slice(from).filter((o) => o.connection === accept?.connection);
  };
  await until(() => ofIt().some((o) => o.kind === 'close'), `${kind} to observe the close`);
  return ofIt();
}

function connect(client: Client, options: ClientOptions): Promise<ClientResult> {
  const inScratch = (name: string | undefined): string | undefined => (name === undefined ? undefined : file(name));
  const files: ClientOptions = {
    ...options,
    ...(options.caFile === undefined ? {} : { caFile: inScratch(options.caFile) }),
    ...(options.crlFile === undefined ? {} : { crlFile: inScratch(options.crlFile) }),
    ...(options.certFile === undefined ? {} : { certFile: inScratch(options.certFile) }),
    ...(options.keyFile === undefined ? {} : { keyFile: inScratch(options.keyFile) }),
  } as ClientOptions;
  if (client === 'node') return nodeClient(files, (path) => readFileSync(path, 'utf8'));
  if (client === 'python') return pythonClient(files);
  return opensslClient(files);
}

/** `Cert Status: revoked` of a DER OCSP response, as `openssl ocsp` reads it. */
async function ocspStatus(response: Uint8Array): Promise<string | undefined> {
  const path = file('stapled.der');
  await writeFile(path, response);
  const { stdout } = await run('openssl', ['ocsp', '-respin', path, '-resp_text', '-noverify'], { timeout: 30_000 });
  return /Cert Status: (\w+)/.exec(stdout)?.[1];
}

describe('TLS kinds × clients', () => {
  for (const c of CASES) {
    it(`${c.kind}, ${c.variant}: ${c.client}`, async () => {
      const { server, observations } = servers.get(c.kind)!;
      const from = observations.length;
      const result = await connect(c.client, { port: server.endpoints[0]!.port, ...c.options });
      const said = `${c.client} said: ${JSON.stringify({ ...result, ocsp: undefined })}`;
      const { expect } = c;
      if (expect.echoed !== undefined) assert.equal(result.echoed, expect.echoed, said);
      if (expect.version !== undefined) assert.equal(result.version, expect.version, said);
      if (typeof expect.cipher === 'string') assert.equal(result.cipher, expect.cipher, said);
      if (expect.cipher instanceof RegExp) assert.match(result.cipher ?? '', expect.cipher, said);
      if (expect.code !== undefined) assert.equal(result.code, expect.code, said);
      if (typeof expect.text === 'string') assert.ok(result.text?.includes(expect.text), said);
      if (expect.text instanceof RegExp) assert.match(result.text ?? '', expect.text, said);
      if (expect.ocsp !== undefined) {
        const status = typeof result.ocsp === 'string' ? result.ocsp : result.ocsp && (await ocspStatus(result.ocsp));
        assert.equal(status, expect.ocsp, said);
      }

      // The server's side: one connection, from its TCP accept to its close.
      const seen = await connectionFrom(observations, from, c.kind);
      const kinds = seen.map((o) => o.kind);
      const timeline = `server observed: ${JSON.stringify(seen.map((o) => [o.kind, o.tls, o.note?.en]))}`;
      assert.equal(kinds[0], 'accept', timeline);
      assert.equal(kinds.at(-1), 'close', timeline);
      if (expect.server === 'secure') {
        assert.deepEqual(kinds.slice(1, 4), ['secure', 'receive', 'send'], timeline);
        const secure = seen[1]!;
        assert.equal(secure.tls?.version, result.version, timeline);
        assert.equal(secure.tls?.serverName, c.options.servername, timeline);
        assert.equal(
          Buffer.from(seen[2]!.data ?? [])
            .toString()
            .trim(),
          'Hello,world!',
          timeline,
        );
        if (c.kind === 'mtls-echo') assert.equal(secure.tls?.clientCertificateTrusted, true, timeline);
      } else {
        assert.deepEqual(kinds, ['accept', 'error', 'close'], timeline);
        assert.equal(seen[1]!.tls?.failure, expect.server.failure, timeline);
      }
      const note = seen[1]?.note;
      if (typeof expect.note === 'string') assert.ok(note?.en.includes(expect.note), timeline);
      if (expect.note instanceof RegExp) assert.match(note?.en ?? '', expect.note, timeline);
      assert.ok(note !== undefined && note['zh-Hans'] !== note.en, `the note is in Chinese too: ${timeline}`);
    });
  }
});

describe('TLS kinds, beyond the table', () => {
  it('a plain-text Hello,world! to a TLS port is observed as not TLS, and the note says what to do', async () => {
    const { server, observations } = servers.get('tls-echo')!;
    const from = observations.length;
    const answer = await new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      const socket = net.connect({ host: '127.0.0.1', port: server.endpoints[0]!.port }, () =>
        socket.write('Hello,world!\n'),
      );
      socket.on('data', (chunk) => chunks.push(chunk));
      socket.on('error', reject);
      socket.on('close', () => resolve(Buffer.concat(chunks)));
      socket.setTimeout(SETTLE_MS, () => reject(new Error('the server did not close')));
    });
    const seen = await connectionFrom(observations, from, 'tls-echo');
    assert.deepEqual(
      seen.map((o) => o.kind),
      ['accept', 'error', 'close'],
    );
    assert.equal(seen[1]!.tls?.failure, 'not-tls');
    assert.match(seen[1]!.note?.en ?? '', /^not TLS: the client sent "Hello,world!\\n" in plain text to a TLS port/);
    assert.match(seen[1]!.note?.['zh-Hans'] ?? '', /这不是 TLS：客户端向 TLS 端口发送了明文 "Hello,world!\\n"/);
    // What the plain client gets back: nothing — Node's server drops the connection without flushing an alert.
    assert.equal(answer.toString('hex'), '');
  });

  it('logs every key: TLS 1.3 traffic secrets and TLS 1.2 master secrets, one NSS key log line each', () => {
    const tls13 = servers.get('tls-echo')!.keylog;
    for (const label of [
      'CLIENT_HANDSHAKE_TRAFFIC_SECRET',
      'SERVER_HANDSHAKE_TRAFFIC_SECRET',
      'CLIENT_TRAFFIC_SECRET_0',
      'SERVER_TRAFFIC_SECRET_0',
    ])
      assert.ok(
        tls13.some((line) => new RegExp(`^${label} [0-9a-f]{64} [0-9a-f]{64,96}\\n$`).test(line)),
        label,
      );
    for (const kind of ['tls12-echo', 'tls12-rsa-echo'] as const)
      assert.ok(
        servers.get(kind)!.keylog.some((line) => /^CLIENT_RANDOM [0-9a-f]{64} [0-9a-f]{96}\n$/.test(line)),
        kind,
      );
  });

  it('closes its TLS connections on a restart, comes back on the same port, and serves TLS again', async () => {
    const { server } = servers.get('tls-echo')!;
    const port = server.endpoints[0]!.port;
    const open = tls.connect({ host: '127.0.0.1', port, ca: pki.rootPem, servername: 'localhost' });
    open.on('error', () => {});
    await new Promise<void>((resolve) => {
      open.once('data', () => resolve());
      open.once('secureConnect', () => open.write('Hello,world!'));
    });
    const closed = new Promise<void>((resolve) => open.once('close', () => resolve()));
    open.resume();
    await server.restart?.(0);
    await closed;
    const result = await connect('node', { port, ...VERIFY });
    assert.equal(result.echoed, true, JSON.stringify(result));
  });

  it('refuses to start without the class PKI', async () => {
    await assert.rejects(
      SERVER_KINDS['tls-echo']({ id: 'x', title: 'x', bindHost: '127.0.0.1', publicHost: '127.0.0.1', port: 0 }),
      /the tls-echo server kind needs the class PKI/,
    );
  });
});

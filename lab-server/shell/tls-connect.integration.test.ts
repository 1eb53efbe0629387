/**
 * `connect --tls` against real TLS servers on loopback, made with the class PKI (in a temporary directory): the
 * handshake narrated from the shell's own records, each verification step, and for every failure endpoint the
 * code Node's `tls` gives with what it means and how to fix it; `--ca system` and `--ca none`, mutual TLS with and
 * without `--cert mine`, a revoked certificate with a stapled OCSP response, a hostile common name that must not
 * reach the terminal raw, and a plain `connect` to a TLS server told to use `--tls`. Ports: 0.
 */

import assert from 'node:assert/strict';
import { webcrypto } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import tls from 'node:tls';
import type { ServerInfo } from '../../src/protocol';
import { loadOrCreateClassPki } from '../pki/class-pki';
import type { ClassPki, ClientCredentials } from '../pki/pki';
import { x509 } from '../pki/x509';
import { ShellHarness } from '../testing/shell-harness';
import type { ShellTls } from './tls-options';

/** The servers the whole file shares, closed after it. */
const closeAtEnd: (() => void)[] = [];

/** A TLS echo server of the test's own on loopback, as the lab's TLS kinds are, closed after the test. */
async function tlsServer(
  t: TestContext | undefined,
  kind: string,
  options: tls.TlsOptions,
  onOcsp?: () => Promise<Uint8Array>,
): Promise<ServerInfo> {
  const server = tls.createServer(options, (socket) => {
    socket.on('error', () => {});
    socket.on('data', (data) => socket.write(data));
    socket.on('end', () => socket.end());
  });
  server.on('tlsClientError', () => {});
  if (onOcsp !== undefined) {
    server.on('OCSPRequest', (_certificate, _issuer, done) => {
      onOcsp().then(
        (response) => done(null, Buffer.from(response)),
        (error: Error) => done(error, Buffer.alloc(0)),
      );
    });
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const close = () => {
    server.close();
    server.unref();
  };
  if (t === undefined) closeAtEnd.push(close);
  else t.after(close);
  const { port } = server.address() as net.AddressInfo;
  return { id: kind, kind, title: kind, transport: 'tcp', host: 'localhost', port };
}

/** A shell that reaches `servers`, with the class root and the session's client certificate. */
function shellFor(
  t: TestContext,
  servers: readonly ServerInfo[],
  shellTls?: ShellTls,
  locale: 'en' | 'zh-Hans' = 'en',
) {
  const h = new ShellHarness(servers, undefined, {
    connectTimeoutMs: 20_000,
    locale,
    ...(shellTls === undefined ? {} : { tls: shellTls }),
  });
  t.after(() => h.shell.dispose());
  return h;
}

/** Runs a line and returns its output as the student reads it: no colours, lines ending in \n. */
async function run(h: ShellHarness, line: string): Promise<string> {
  return (await h.run(line)).replaceAll('\r', '');
}

/** Waits, bounded, until the shell has printed `pattern` (news that arrives after the prompt came back). */
async function printed(h: ShellHarness, pattern: RegExp): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!pattern.test(h.text) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.match(h.text, pattern);
}

/** A self-signed certificate whose common name carries terminal controls: a clear screen and a window title. */
async function hostileCredentials(): Promise<{ readonly cert: string; readonly key: string }> {
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const certificate = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: '01',
      name: [{ CN: ['\x1b[2J\x1b]0;pwned\x07evil'] }],
      notBefore: new Date(Date.now() - 60_000),
      notAfter: new Date(Date.now() + 86_400_000),
      keys,
      signingAlgorithm: algorithm,
      extensions: [new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: 'localhost' }])],
    },
    webcrypto,
  );
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)).toString('base64');
  return {
    cert: certificate.toString('pem'),
    key: `-----BEGIN PRIVATE KEY-----\n${pkcs8}\n-----END PRIVATE KEY-----\n`,
  };
}

describe('connect --tls', { timeout: 120_000 }, () => {
  let dir: string;
  let pki: ClassPki;
  let client: ClientCredentials;
  let shellTls: ShellTls;
  const servers: Record<string, ServerInfo> = {};
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'socketlab-tls-shell-'));
    pki = await loadOrCreateClassPki({ dir, names: ['localhost', '127.0.0.1', '::1'] });
    client = await pki.issueClient('student-7');
    shellTls = { caPem: pki.rootPem, client, crl: () => pki.crl() };
    servers.echo = await tlsServer(undefined, 'tls-echo', pki.server('ecdsa'));
    servers.tls12 = await tlsServer(undefined, 'tls12-echo', { ...pki.server('ecdsa'), maxVersion: 'TLSv1.2' });
    for (const which of ['expired', 'wrong-host', 'self-signed', 'incomplete-chain'] as const) {
      servers[which] = await tlsServer(undefined, `tls-${which}`, pki.failure(which));
    }
    servers.revoked = await tlsServer(undefined, 'tls-revoked', pki.failure('revoked'), () =>
      pki.stapledResponse('revoked'),
    );
    servers.mtls = await tlsServer(undefined, 'mtls-echo', {
      ...pki.server('ecdsa'),
      ca: pki.rootPem,
      requestCert: true,
      rejectUnauthorized: true,
      minVersion: 'TLSv1.3',
    });
  });
  after(async () => {
    for (const close of closeAtEnd) close();
    await rm(dir, { recursive: true, force: true });
  });

  it('narrates a good TLS 1.3 handshake, then echoes through it, shows it in status and closes it', async (t) => {
    const h = shellFor(t, [servers.echo!], shellTls);
    const out = await run(h, 'connect --tls tls-echo');
    assert.match(out, /socket\(AF_INET, SOCK_STREAM\) = fd 3/);
    assert.match(out, /connect\(fd 3, 127\.0\.0\.1:\d+\) = 0 /);
    assert.match(
      out,
      /→ ClientHello {2}TLS 1\.3 \(supported_versions 1\.3, 1\.2\) · \d+ cipher suites · SNI localhost · key_share x25519\n/,
    );
    assert.match(out, /← ServerHello {2}TLS 1\.3 · TLS_AES_256_GCM_SHA384 · key_share x25519\n/);
    assert.match(
      out,
      /← Certificate {2}2 certificates: CN=socketlab lab server ← CN=socketlab class intermediate CA {2}it came encrypted: TLS 1\.3 encrypts/,
    );
    assert.match(out, /✓ Signed by CN=socketlab class intermediate CA/);
    assert.match(out, /✓ Valid from /);
    assert.match(out, /✓ Names localhost/);
    assert.match(out, /✓ .*(not revoked|good)/i);
    assert.doesNotMatch(out, /✗/);
    assert.match(out, /← Finished\n→ Finished\n/);
    assert.match(
      out,
      /SSL_connect\(fd 3\) = 1 {2}handshake done in \d+\.\d ms: TLS 1\.3, TLS_AES_256_GCM_SHA384; send and recv now go through TLS/,
    );
    // In order: hello, answer, certificates, verification, Finished, done.
    const order = ['→ ClientHello', '← ServerHello', '← Certificate', '✓ Signed', '← Finished', 'SSL_connect'];
    const positions = order.map((text) => out.indexOf(text));
    assert.deepEqual(
      [...positions].sort((a, b) => a - b),
      positions,
      'the lines come in handshake order',
    );
    assert.match(await run(h, 'send Hello,world!'), /send\(fd 3, 12 bytes\) = 12 +"Hello,world!"/);
    assert.match(await run(h, 'recv'), /recv\(fd 3, 1024\) = 12 bytes +"Hello,world!"/);
    const status = await run(h, 'status');
    assert.match(status, /3 +tcp +established/);
    assert.match(status, /fd 3: TLS 1\.3 · TLS_AES_256_GCM_SHA384 · verified against the class root/);
    assert.match(await run(h, 'close'), /close\(fd 3\) = 0 +FIN sent/);
    assert.equal(h.shell.openSockets, 0);
  });

  it('with --tls1.2 against a TLS 1.2-only server narrates the ten-step handshake in the clear', async (t) => {
    const h = shellFor(t, [servers.tls12!], shellTls);
    const out = await run(h, 'connect --tls --tls1.2 tls12-echo');
    assert.match(out, /→ ClientHello {2}TLS 1\.2 · \d+ cipher suites · SNI localhost\n/);
    assert.match(out, /← ServerHello {2}TLS 1\.2 · TLS_ECDHE_ECDSA_WITH_AES_\d+_GCM_SHA\d+\n/);
    assert.match(
      out,
      /← Certificate {2}2 certificates: CN=socketlab lab server ← CN=socketlab class intermediate CA\n/,
    );
    assert.match(out, /← ServerKeyExchange {2}ECDHE x25519, the parameters signed with ecdsa_secp256r1_sha256/);
    assert.match(
      out,
      /← ServerHelloDone\n→ ClientKeyExchange {2}the client's ECDHE public key\n→ ChangeCipherSpec\n→ Finished/,
    );
    assert.match(out, /← ChangeCipherSpec\n← Finished/);
    assert.match(out, /SSL_connect\(fd 3\) = 1 {2}handshake done in \d+\.\d ms: TLS 1\.2, TLS_ECDHE_ECDSA/);
    assert.match(await run(h, 'send Hi'), /= 2 +"Hi"/);
    assert.match(await run(h, 'recv'), /= 2 bytes +"Hi"/);

    const refused = await run(h, 'connect --tls --tls1.3 tls12-echo');
    assert.match(refused, /→ ClientHello {2}TLS 1\.3 \(supported_versions 1\.3\)/);
    assert.match(refused, /← Alert {2}fatal protocol_version/);
    assert.match(refused, /SSL_connect\(fd 4\) = -1 ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION/);
    assert.match(refused, /no TLS version in common/);
    assert.match(refused, /close\(fd 4\) = 0 +the handshake failed; the fd is released/);
    assert.equal(h.shell.openSockets, 1);
  });

  /** Each failure endpoint: the step that fails, Node's code, what it means and how to fix it, the fd released. */
  const failures = [
    { server: 'expired', step: /✗ Expired on /, code: 'CERT_HAS_EXPIRED', meaning: /has expired/ },
    { server: 'wrong-host', step: /✗ .*localhost/, code: 'ERR_TLS_CERT_ALTNAME_INVALID', meaning: /for other names/ },
    { server: 'self-signed', step: /✗ /, code: 'DEPTH_ZERO_SELF_SIGNED_CERT', meaning: /self-signed/ },
    {
      server: 'incomplete-chain',
      step: /✗ /,
      code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      meaning: /without the intermediate CA certificate/,
    },
    { server: 'revoked', step: /✗ .*revoked/i, code: 'CERT_REVOKED', meaning: /has been revoked/ },
  ] as const;
  for (const failure of failures) {
    it(`refuses the ${failure.server} endpoint with ${failure.code}, its meaning and its fix`, async (t) => {
      const h = shellFor(t, [servers[failure.server]!], shellTls);
      const out = await run(h, `connect --tls tls-${failure.server}`);
      assert.match(out, /← ServerHello/);
      assert.match(out, /← Certificate {2}\d certificates?: /);
      assert.match(out, failure.step);
      assert.match(out, new RegExp(`SSL_connect\\(fd 3\\) = -1 ${failure.code}\\n`));
      assert.match(out, failure.meaning);
      assert.match(out, /\n {2}fix: \S/);
      assert.match(out, /close\(fd 3\) = 0 +the lab shell dropped the connection/);
      assert.equal(h.shell.openSockets, 0);
    });
  }

  it('says once that it verifies after the handshake, as Node does, where C and Python stop with an alert', async (t) => {
    const h = shellFor(t, [servers.expired!], shellTls);
    assert.match(await run(h, 'connect --tls tls-expired'), /like Node's tls, verifies once the handshake is done/);
    assert.doesNotMatch(await run(h, 'connect --tls tls-expired'), /verifies once the handshake is done/);
  });

  it('with --ca system fails a class server with UNABLE_TO_GET_ISSUER_CERT_LOCALLY', async (t) => {
    const h = shellFor(t, [servers.echo!], shellTls);
    const out = await run(h, 'connect --tls --ca system tls-echo');
    assert.match(out, /✗ .*class root CA/);
    assert.match(out, /SSL_connect\(fd 3\) = -1 UNABLE_TO_GET_ISSUER_CERT_LOCALLY/);
    assert.match(out, /download the class root/);
    assert.equal(h.shell.openSockets, 0);
  });

  it('with --ca none warns in red what verify=False does, and stays connected to the expired endpoint', async (t) => {
    const h = shellFor(t, [servers.expired!], shellTls);
    h.raw = '';
    const out = await run(h, 'connect --tls --ca none tls-expired');
    assert.ok(h.raw.includes('\x1b[31m--ca none: nothing was verified'), 'the warning is red');
    assert.match(
      out,
      /verify=False \(Python\), CERT_NONE, rejectUnauthorized: false \(Node\) and MBEDTLS_SSL_VERIFY_NONE/,
    );
    assert.match(out, /a device must never ship it/);
    assert.doesNotMatch(out, /[✓✗]/);
    assert.match(out, /SSL_connect\(fd 3\) = 1 {2}handshake done/);
    assert.match(await run(h, 'send Hi'), /= 2 +"Hi"/);
    assert.match(await run(h, 'recv'), /= 2 bytes +"Hi"/);
    assert.match(await run(h, 'status'), /fd 3: TLS 1\.3 · TLS_AES_256_GCM_SHA384 · NOT verified \(--ca none\)/);
  });

  it('is refused by a mutual-TLS server without --cert mine (certificate_required), served with it', async (t) => {
    const h = shellFor(t, [servers.mtls!], shellTls);
    await run(h, 'connect --tls mtls-echo');
    // TLS 1.3: the client's Finished goes before the server has judged its (empty) Certificate; the alert follows.
    await printed(
      h,
      /\[fd 3: ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED — the server ended the connection with the alert certificate_required\]/,
    );
    await printed(h, /requires a client certificate \(mutual TLS\)/);
    await run(h, 'close');
    const out = await run(h, 'connect --tls --cert mine mtls-echo');
    assert.match(out, /→ Certificate {2}yours: student-7/);
    assert.match(out, /SSL_connect\(fd 3\) = 1 .*your certificate student-7 went with it/);
    assert.match(await run(h, 'send Hi'), /= 2 +"Hi"/);
    assert.match(await run(h, 'recv'), /= 2 bytes +"Hi"/);
  });

  it('escapes a hostile common name: its controls never reach the terminal raw', async (t) => {
    const info = await tlsServer(t, 'tls-hostile', await hostileCredentials());
    const h = shellFor(t, [info], shellTls);
    h.raw = '';
    const out = await run(h, 'connect --tls tls-hostile');
    // OpenSSL already writes a name's controls as RFC 4514 escapes; the shell would escape any it left.
    assert.match(out, /← Certificate {2}1 certificate: CN=\\1B\[2J\\1B\]0\\;pwned\\07evil/);
    assert.match(out, /SSL_connect\(fd 3\) = -1 DEPTH_ZERO_SELF_SIGNED_CERT/);
    assert.ok(!h.raw.includes('\x1b[2J'), 'no clear-screen from the certificate');
    assert.ok(!h.raw.includes('\x1b]0;'), 'no window title from the certificate');
    assert.ok(!h.raw.includes('\x07'), 'no BEL from the certificate');
  });

  it('tells a plain connect to a TLS server to use --tls once the server closes on plain bytes', async (t) => {
    const h = shellFor(t, [servers.echo!], shellTls);
    assert.match(
      await run(h, 'connect tls-echo'),
      /\[tls-echo speaks TLS: .*connect --tls tls-echo does the handshake\]/,
    );
    await run(h, 'send Hello,world!');
    await printed(
      h,
      /\[fd 3: tls-echo speaks TLS: it read your bytes as a TLS record, found none, and closed the connection — connect --tls tls-echo speaks TLS to it\]/,
    );
  });

  it('sends no SNI to an address and says why; --servername sets it and the name verified', async (t) => {
    const h = shellFor(t, [servers.echo!], shellTls);
    const byAddress = await run(h, `connect --tls 127.0.0.1:${servers.echo!.port}`);
    assert.match(
      byAddress,
      /· no SNI · key_share x25519\n {2}\(127\.0\.0\.1 is an address, and RFC 6066 allows only host names in SNI/,
    );
    assert.match(byAddress, /✓ Names 127\.0\.0\.1/);
    assert.match(byAddress, /SSL_connect\(fd 3\) = 1/);
    const named = await run(h, 'connect --tls --servername wrong.example tls-echo');
    assert.match(named, /· SNI wrong\.example ·/);
    assert.match(named, /SSL_connect\(fd 4\) = -1 ERR_TLS_CERT_ALTNAME_INVALID/);
  });

  it('refuses what it cannot do before opening a socket: no TLS in the lab, bad options', async (t) => {
    const none = shellFor(t, [servers.echo!]);
    assert.match(await run(none, 'connect --tls tls-echo'), /connect: this lab has no TLS/);
    const h = shellFor(t, [servers.echo!], { caPem: pki.rootPem });
    assert.match(await run(h, 'connect --tls --cert mine tls-echo'), /--cert mine needs a client certificate/);
    assert.match(await run(h, 'connect --tls --ca mine tls-echo'), /--ca takes class, system or none, not "mine"/);
    assert.match(await run(h, 'connect --tls --tls1.2 --tls1.3 tls-echo'), /each allow one version only/);
    assert.match(await run(h, 'connect --ca none tls-echo'), /--ca is an option of connect --tls/);
    assert.match(await run(h, 'connect --tls --udp tls-echo'), /TLS runs over TCP/);
    assert.match(await run(h, 'connect --tls --servername "a b" tls-echo'), /--servername takes a host name/);
    assert.equal(h.shell.openSockets + none.shell.openSockets, 0);
    assert.match(await run(h, 'help connect'), /--ca class \(the default\) trusts the class root/);
  });

  it('speaks Chinese with the same calls and codes', async (t) => {
    const h = shellFor(t, [servers.expired!], shellTls, 'zh-Hans');
    const out = await run(h, 'connect --tls tls-expired');
    assert.match(out, /→ ClientHello {2}TLS 1\.3（supported_versions 1\.3, 1\.2） · \d+ 个密码套件 · SNI localhost/);
    assert.match(out, /← Certificate {2}2 张证书：/);
    assert.match(out, /SSL_connect\(fd 3\) = -1 CERT_HAS_EXPIRED/);
    assert.match(out, /解决办法：/);
    assert.match(out, /实验 shell 断开了连接/);
  });
});

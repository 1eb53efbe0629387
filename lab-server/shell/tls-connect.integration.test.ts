/**
 * `connect --tls` against the lab's real TLS server kinds on loopback, with the class PKI (in a temporary
 * directory): the handshake narrated from the shell's own records, each verification step, and for every failure
 * endpoint the very code Node's own `tls.connect` gives it (asked beside the shell, with the same trust), with
 * what it means and how to fix it; `--ca system` and `--ca none`, mutual TLS with and without `--cert mine`, the
 * revoked endpoint's stapled OCSP response, RSA key exchange, a hostile common name that must not reach the
 * terminal raw, and a plain `connect` to a TLS server told to use `--tls`. Ports: 0.
 */

import assert from 'node:assert/strict';
import { webcrypto } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import tls from 'node:tls';
import type { ServerInfo } from '../../src/protocol';
import { loadOrCreateClassPki } from '../pki/class-pki';
import type { ClassPki, ClientCredentials } from '../pki/pki';
import { x509 } from '../pki/x509';
import { SERVER_KINDS } from '../servers';
import type { RunningServer } from '../servers/observation';
import { ShellHarness } from '../testing/shell-harness';
import { type ShellTls, speaksTls } from './tls-options';

/** A TLS echo server of the test's own on loopback (a certificate no lab kind has), closed after the test. */
async function tlsServer(t: TestContext, kind: string, options: tls.TlsOptions): Promise<ServerInfo> {
  const server = tls.createServer(options, (socket) => {
    socket.on('error', () => {});
    socket.on('data', (data) => socket.write(data));
  });
  server.on('tlsClientError', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    server.close();
    server.unref();
  });
  const { port } = server.address() as net.AddressInfo;
  return { id: kind, kind, title: kind, transport: 'tcp', host: 'localhost', port };
}

/** A plain TCP server of the test's own, which speaks no TLS, as the lab server `plain-echo`. */
async function plainServer(t: TestContext, onConnection: (socket: net.Socket) => void): Promise<ServerInfo> {
  const server = net.createServer((socket) => {
    socket.on('error', () => {});
    onConnection(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    server.close();
    server.unref();
  });
  const { port } = server.address() as net.AddressInfo;
  return { id: 'plain-echo', kind: 'tcp-echo', title: 'plain-echo', transport: 'tcp', host: 'localhost', port };
}

/** What Node's own client says of a server, trusting the class root and asking for `localhost`: its error code. */
function nodeVerdict(info: ServerInfo, ca: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = tls.connect({ host: '127.0.0.1', port: info.port, servername: 'localhost', ca }, () => {
      socket.destroy();
      resolve(undefined);
    });
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code));
  });
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

/** Every TLS kind of the lab, each started once for the file. */
const KINDS = (Object.keys(SERVER_KINDS) as (keyof typeof SERVER_KINDS)[]).filter((kind) => speaksTls({ kind }));

describe('connect --tls', { timeout: 120_000 }, () => {
  let dir: string;
  let pki: ClassPki;
  let client: ClientCredentials;
  let shellTls: ShellTls;
  const servers: Record<string, ServerInfo> = {};
  const running: RunningServer[] = [];
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'socketlab-tls-shell-'));
    pki = await loadOrCreateClassPki({ dir, names: ['localhost', '127.0.0.1', '::1'] });
    client = await pki.issueClient('student-7');
    shellTls = { caPem: pki.rootPem, client, crl: () => pki.crl() };
    for (const kind of KINDS) {
      const server = await SERVER_KINDS[kind]({
        id: kind,
        title: kind,
        bindHost: '127.0.0.1',
        publicHost: 'localhost',
        port: 0,
        tls: { pki, keylog: () => {}, client },
      });
      running.push(server);
      // The kinds name the port they were asked for; the shell needs the one the kernel gave.
      servers[kind] = { ...server.info, port: server.endpoints[0]!.port };
    }
  });
  after(async () => {
    for (const server of running) await server.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it('narrates a good TLS 1.3 handshake, then echoes through it, shows it in status and closes it', async (t) => {
    const h = shellFor(t, [servers['tls-echo']!], shellTls);
    const out = await run(h, 'connect --tls tls-echo');
    assert.match(out, /socket\(AF_INET, SOCK_STREAM\) = fd 3/);
    assert.match(out, /connect\(fd 3, 127\.0\.0\.1:\d+\) = 0 /);
    assert.match(
      out,
      /→ ClientHello {2}TLS 1\.3 \(supported_versions 1\.3, 1\.2\) · \d+ cipher suites · SNI localhost · key_share x25519\n/,
    );
    assert.match(
      out,
      /← ServerHello {2}TLS 1\.3 · TLS_AES_256_GCM_SHA384 · key_share x25519\n← EncryptedExtensions\n← Certificate /,
    );
    assert.match(out, /← CertificateVerify {2}the server's signature over the handshake so far/);
    assert.doesNotMatch(out, /CertificateRequest/);
    assert.match(
      out,
      /← Certificate {2}2 certificates: CN=socketlab lab server ← CN=socketlab class intermediate CA {2}it came encrypted: TLS 1\.3 encrypts/,
    );
    assert.match(out, /✓ Signed by CN=socketlab class intermediate CA/);
    // The steps grouped under a line per certificate, leaf first, the root the shell trusts last.
    assert.match(out, /\n {2}leaf CN=socketlab lab server:\n {4}✓ Signed by CN=socketlab class intermediate CA/);
    const headings = [...out.matchAll(/^ {2}(leaf|intermediate|root \(trust store\)) (CN=[^\n]*):$/gm)];
    assert.deepEqual(
      headings.map((heading) => heading[1]),
      ['leaf', 'intermediate', 'root (trust store)'],
    );
    assert.match(out, /^ {2}intermediate CN=socketlab class intermediate CA:$/m);
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
    const h = shellFor(t, [servers['tls12-echo']!], shellTls);
    const out = await run(h, 'connect --tls --tls1.2 tls12-echo');
    assert.match(out, /→ ClientHello {2}TLS 1\.2 · \d+ cipher suites · SNI localhost\n/);
    assert.match(out, /← ServerHello {2}TLS 1\.2 · TLS_ECDHE_(ECDSA|RSA)_WITH_AES_\d+_GCM_SHA\d+\n/);
    assert.match(
      out,
      /← Certificate {2}2 certificates: CN=socketlab lab server.* ← CN=socketlab class intermediate CA\n/,
    );
    assert.match(out, /← ServerKeyExchange {2}ECDHE x25519, the parameters signed with (ecdsa|rsa)_\w+/);
    assert.match(
      out,
      /← ServerHelloDone\n→ ClientKeyExchange {2}the client's ECDHE public key\n→ ChangeCipherSpec\n→ Finished/,
    );
    assert.match(out, /← ChangeCipherSpec\n← Finished/);
    assert.match(out, /SSL_connect\(fd 3\) = 1 {2}handshake done in \d+\.\d ms: TLS 1\.2, TLS_ECDHE_/);
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

  it('names RSA key exchange, and that it has no forward secrecy, against the TLS_RSA_* server', async (t) => {
    const h = shellFor(t, [servers['tls12-rsa-echo']!], shellTls);
    const out = await run(h, 'connect --tls tls12-rsa-echo');
    assert.match(out, /← ServerHello {2}TLS 1\.2 · TLS_RSA_WITH_AES_128_CBC_SHA\n/);
    assert.match(out, /← Certificate {2}2 certificates: CN=socketlab lab server \(RSA\) ← /);
    assert.doesNotMatch(out, /ServerKeyExchange/);
    assert.match(
      out,
      /→ ClientKeyExchange {2}the premaster secret, encrypted to the server certificate's RSA key: .*no forward secrecy/,
    );
    assert.match(
      out,
      /SSL_connect\(fd 3\) = 1 {2}handshake done in \d+\.\d ms: TLS 1\.2, TLS_RSA_WITH_AES_128_CBC_SHA/,
    );
  });

  /**
   * Each failure endpoint: the step that fails, the code Node's own client gives it (revocation, which Node does
   * not check by itself, from the stapled OCSP response), what it means and how to fix it, the fd released.
   */
  const failures = [
    { server: 'tls-expired', step: /✗ Expired on /, code: 'CERT_HAS_EXPIRED', meaning: /has expired/ },
    { server: 'tls-not-yet-valid', step: /✗ /, code: 'CERT_NOT_YET_VALID', meaning: /not valid yet/ },
    {
      server: 'tls-wrong-host',
      step: /✗ Does not name localhost/,
      code: 'ERR_TLS_CERT_ALTNAME_INVALID',
      meaning: /for other names/,
    },
    {
      server: 'tls-self-signed',
      step: /✗ Self-signed and not trusted/,
      code: 'DEPTH_ZERO_SELF_SIGNED_CERT',
      meaning: /self-signed/,
    },
    { server: 'tls-untrusted-root', step: /✗ /, code: undefined, meaning: /trust|CA bundle/ },
    {
      server: 'tls-incomplete-chain',
      step: /✗ /,
      code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      meaning: /without the intermediate CA certificate/,
    },
    { server: 'tls-revoked', step: /✗ .*revoked/i, code: 'CERT_REVOKED', meaning: /has been revoked/ },
    // Node's code for a chain signed with SHA-1 is UNSPECIFIED: the shell says the report's first, Node's beside it.
    { server: 'tls-weak', step: /✗ /, code: 'CA_MD_TOO_WEAK', meaning: /weak/ },
  ] as const;
  for (const failure of failures) {
    it(`refuses the ${failure.server} endpoint with the code Node gives, its meaning and its fix`, async (t) => {
      const info = servers[failure.server]!;
      const node = await nodeVerdict(info, pki.rootPem);
      const code = failure.code ?? node;
      assert.ok(code !== undefined, `Node refuses ${failure.server}`);
      if (failure.server === 'tls-weak') assert.equal(node, 'UNSPECIFIED', 'the code Node gives');
      else if (failure.server !== 'tls-revoked') assert.equal(node, code, 'the code Node gives');
      const h = shellFor(t, [info], shellTls);
      const out = await run(h, `connect --tls ${failure.server}`);
      assert.match(out, /← ServerHello/);
      assert.match(out, /← Certificate {2}\d certificates?: /);
      assert.match(out, failure.step);
      assert.match(out, new RegExp(`SSL_connect\\(fd 3\\) = -1 ${code}(\\n| {2})`));
      if (failure.server === 'tls-weak') {
        assert.match(
          out,
          /SSL_connect\(fd 3\) = -1 CA_MD_TOO_WEAK {2}the step that failed; Node's tls gives only UNSPECIFIED/,
        );
      }
      assert.match(out, failure.meaning);
      assert.match(out, /\n {2}fix: \S/);
      assert.match(out, /close\(fd 3\) = 0 +the lab shell dropped the connection/);
      assert.equal(h.shell.openSockets, 0);
    });
  }

  it('says once that it verifies after the handshake, as Node does, where C and Python stop with an alert', async (t) => {
    const h = shellFor(t, [servers['tls-expired']!], shellTls);
    assert.match(await run(h, 'connect --tls tls-expired'), /like Node's tls, verifies once the handshake is done/);
    assert.doesNotMatch(await run(h, 'connect --tls tls-expired'), /verifies once the handshake is done/);
  });

  it('with --ca system fails a class server with UNABLE_TO_GET_ISSUER_CERT_LOCALLY', async (t) => {
    const h = shellFor(t, [servers['tls-echo']!], shellTls);
    const out = await run(h, 'connect --tls --ca system tls-echo');
    assert.match(out, /✗ .*class root CA/);
    assert.match(out, /SSL_connect\(fd 3\) = -1 UNABLE_TO_GET_ISSUER_CERT_LOCALLY/);
    assert.match(out, /download the class root/);
    assert.equal(h.shell.openSockets, 0);
  });

  it('with --ca none warns in red what verify=False does, and stays connected to the expired endpoint', async (t) => {
    const h = shellFor(t, [servers['tls-expired']!], shellTls);
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
    const h = shellFor(t, [servers['mtls-echo']!], shellTls);
    const refused = await run(h, 'connect --tls mtls-echo');
    assert.match(
      refused,
      /← EncryptedExtensions\n← CertificateRequest {2}the server asks for a client certificate\n← Certificate /,
    );
    assert.match(refused, /→ Certificate {2}empty: you have no certificate to send/);
    // TLS 1.3: the client's Finished goes before the server has judged its (empty) Certificate; the alert follows.
    await printed(
      h,
      /\[fd 3: ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED — the server ended the connection with the alert certificate_required\]/,
    );
    await printed(h, /requires a client certificate \(mutual TLS\)/);
    // The alert is an error on the TLS socket: the end of stream after it is told as what recv then returns.
    await printed(h, /\[fd 3: the peer closed its side \(FIN\) after that error — recv will return -1 ECONNRESET\]/);
    assert.doesNotMatch(h.text, /recv will return 0/);
    assert.match(await run(h, 'recv'), /recv\(fd 3, 1024\) = -1 ECONNRESET/);
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
    const h = shellFor(t, [servers['tls-echo']!], shellTls);
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
    const h = shellFor(t, [servers['tls-echo']!], shellTls);
    const byAddress = await run(h, `connect --tls 127.0.0.1:${servers['tls-echo']!.port}`);
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

  it('says when the server is not TLS at all: a plain echo sends the ClientHello back', async (t) => {
    const echo = await plainServer(t, (socket) => socket.pipe(socket));
    const h = shellFor(t, [echo], shellTls);
    const out = await run(h, 'connect --tls plain-echo');
    assert.match(
      out,
      /← ClientHello {2}your own ClientHello came back: this server echoes bytes and does not speak TLS/,
    );
    assert.match(out, /SSL_connect\(fd 3\) = -1 ERR_SSL_\w+/);
    assert.match(out, /close\(fd 3\) = 0 +the handshake failed; the fd is released/);
    assert.equal(h.shell.openSockets, 0);
  });

  it('lets Ctrl-C interrupt a handshake the server never answers', async (t) => {
    const silent = await plainServer(t, (socket) => socket.resume());
    const h = shellFor(t, [silent], shellTls);
    h.shell.input('connect --tls plain-echo\r');
    await h.typeUntil('', /→ ClientHello/);
    const out = await h.typeUntil('\x03', /close\(fd 3\) = 0.*\n.*\$ $/);
    assert.match(out, /SSL_connect\(fd 3\) = -1 EINTR +interrupted by Ctrl-C/);
    assert.equal(h.shell.openSockets, 0);
  });

  it('refuses what it cannot do before opening a socket: no TLS in the lab, bad options', async (t) => {
    const none = shellFor(t, [servers['tls-echo']!]);
    assert.match(await run(none, 'connect --tls tls-echo'), /connect: this lab has no TLS/);
    const h = shellFor(t, [servers['tls-echo']!], { caPem: pki.rootPem });
    assert.match(await run(h, 'connect --tls --cert mine tls-echo'), /--cert mine needs a client certificate/);
    assert.match(await run(h, 'connect --tls --ca mine tls-echo'), /--ca takes class, system or none, not "mine"/);
    assert.match(await run(h, 'connect --tls --tls1.2 --tls1.3 tls-echo'), /each allow one version only/);
    assert.match(await run(h, 'connect --ca none tls-echo'), /--ca is an option of connect --tls/);
    assert.match(await run(h, 'connect --tls --udp tls-echo'), /TLS runs over TCP/);
    assert.match(await run(h, 'connect --tls --servername "a b" tls-echo'), /--servername takes a host name/);
    assert.equal(h.shell.openSockets + none.shell.openSockets, 0);
    assert.match(await run(h, 'help connect'), /--ca class \(the default\) trusts the class root/);
    assert.match(await h.type('connect --tls --ca s\t'), /ystem $/, 'Tab completes --ca system');
    assert.match(await h.type('\x15connect --tls --cert m\t'), /ine $/, 'Tab completes --cert mine');
    assert.match(await h.type('\x15connect --tls --ca none tls-e\t'), /cho $/, 'and the target after them');
  });

  it('speaks Chinese with the same calls and codes', async (t) => {
    const h = shellFor(t, [servers['tls-expired']!], shellTls, 'zh-Hans');
    const out = await run(h, 'connect --tls tls-expired');
    assert.match(out, /→ ClientHello {2}TLS 1\.3（supported_versions 1\.3, 1\.2） · \d+ 个密码套件 · SNI localhost/);
    assert.match(out, /← Certificate {2}2 张证书：/);
    assert.match(out, /SSL_connect\(fd 3\) = -1 CERT_HAS_EXPIRED/);
    assert.match(out, /解决办法：/);
    assert.match(out, /实验 shell 断开了连接/);
  });
});

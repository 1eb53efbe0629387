/**
 * The PKI's HTTP routes on a real server on 127.0.0.1: `openssl ocsp -url` asks the responder over HTTP as a
 * device would, the RFC 6960 GET form works with the slashes of base64 encoded or not, a body that is not an
 * OCSP request gets the catalog's error in the page's language, and a session's own key goes to its token only.
 */

import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createSecureContext } from 'node:tls';
import { loadOrCreateClassPki } from '../pki/class-pki';
import type { ClassPki, ClientCredentials } from '../pki/pki';
import { MAX_OCSP_REQUEST_BYTES, pkiRoutes, sessionPkiRoute } from './pki-routes';
import { createRouter } from './router';
import { sendError } from './send-json';

const SESSION = 's1';
const TOKEN = 'download-token-1';
const PASSWORD = 'p12-password';

let work: string;
let pki: ClassPki;
let client: ClientCredentials;
let server: http.Server;
let base: string;

function file(name: string, bytes: string | Uint8Array): string {
  const target = path.join(work, name);
  writeFileSync(target, bytes);
  return target;
}

function openssl(args: readonly string[]): { ok: boolean; output: string } {
  const result = spawnSync('openssl', args, { encoding: 'utf8', timeout: 30_000 });
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
}

/** openssl without blocking the event loop: the HTTP server it talks to runs in this process. */
function opensslAsync(args: readonly string[]): Promise<{ ok: boolean; output: string }> {
  return new Promise((resolve) => {
    execFile('openssl', args, { timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ ok: error === null, output: `${stdout}${stderr}` });
    });
  });
}

/** An OCSP request for the leaf of `chain`, as openssl writes it. */
function ocspRequest(name: string, chain: string): { request: Buffer; leaf: string } {
  const leaf = file(`${name}.pem`, chain.split(/(?<=-----END CERTIFICATE-----\n)/)[0] ?? '');
  const out = path.join(work, `${name}.req`);
  assert.ok(
    openssl(['ocsp', '-issuer', file('intermediate.pem', pki.intermediatePem), '-cert', leaf, '-reqout', out]).ok,
  );
  return { request: readFileSync(out), leaf };
}

function ocspStatus(response: Uint8Array, leaf: string): string {
  const args = ['-no_nonce', '-respin', file('response.der', response), '-CAfile', file('root.pem', pki.rootPem)];
  return openssl(['ocsp', ...args, '-issuer', path.join(work, 'intermediate.pem'), '-cert', leaf]).output;
}

before(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'socketlab-pki-routes-'));
  pki = await loadOrCreateClassPki({ dir: path.join(work, 'pki'), names: ['localhost', '127.0.0.1'] });
  client = await pki.issueClient('route student');
  server = http.createServer(
    createRouter({
      routes: [
        ...pkiRoutes(async () => pki),
        sessionPkiRoute(async (id, token) =>
          id === SESSION && token === TOKEN ? { credentials: client, pkcs12Password: PASSWORD } : undefined,
        ),
      ],
      fallback: (_request, response) => sendError(response, 404, 'LAB_ERR_NOT_FOUND'),
      allowsHost: () => true,
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(work, { recursive: true, force: true });
});

describe('the public PKI routes', () => {
  it('serves the class root as a PEM file with a name', async () => {
    const response = await fetch(`${base}/pki/ca.pem`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/x-pem-file');
    assert.equal(response.headers.get('content-disposition'), 'attachment; filename="socketlab-ca.pem"');
    assert.equal(await response.text(), pki.rootPem);
    const head = await fetch(`${base}/pki/ca.pem`, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(await head.text(), '');
  });

  it("serves the intermediate's CRL as DER that openssl reads and verifies, and the root's", async () => {
    const response = await fetch(`${base}/pki/crl.der`);
    assert.equal(response.headers.get('content-type'), 'application/pkix-crl');
    const der = file('crl.der', new Uint8Array(await response.arrayBuffer()));
    const result = openssl([
      'crl',
      '-inform',
      'DER',
      '-in',
      der,
      '-noout',
      '-CAfile',
      file('i.pem', pki.intermediatePem),
    ]);
    assert.match(result.output, /verify OK/);
    const rootCrl = await fetch(`${base}/pki/root-crl.der`);
    assert.deepEqual(new Uint8Array(await rootCrl.arrayBuffer()), pki.rootCrl());
  });

  it('answers openssl ocsp -url over HTTP: good for the server, revoked for the revoked one', async () => {
    const root = file('root.pem', pki.rootPem);
    const intermediate = file('intermediate.pem', pki.intermediatePem);
    for (const [name, chain, status] of [
      ['server', pki.server('ecdsa').cert, 'good'],
      ['revoked', pki.failure('revoked').cert, 'revoked'],
    ] as const) {
      const { leaf } = ocspRequest(name, chain);
      const result = await opensslAsync([
        'ocsp',
        '-url',
        `${base}/pki/ocsp`,
        '-CAfile',
        root,
        '-issuer',
        intermediate,
        '-cert',
        leaf,
      ]);
      assert.match(result.output, /Response verify OK/, result.output);
      assert.match(result.output, new RegExp(`${name}\\.pem: ${status}\\n`), result.output);
    }
  });

  it('answers the GET form of RFC 6960 appendix A, the slashes of base64 encoded or not', async () => {
    const { request, leaf } = ocspRequest('get', pki.failure('revoked').cert);
    const encoded = request.toString('base64');
    for (const form of [encodeURIComponent(encoded), encoded]) {
      const response = await fetch(`${base}/pki/ocsp/${form}`);
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('content-type'), 'application/ocsp-response');
      assert.match(ocspStatus(new Uint8Array(await response.arrayBuffer()), leaf), /get\.pem: revoked/);
    }
  });

  it('refuses a body that is not an OCSP request with the catalog error, in the language asked for', async () => {
    const post = (body: Uint8Array | string, headers: Record<string, string>) =>
      fetch(`${base}/pki/ocsp`, { method: 'POST', body, headers });
    const garbage = await post('hello', { 'content-type': 'application/ocsp-request', 'accept-language': 'zh-CN' });
    assert.equal(garbage.status, 400);
    const refusal = (await garbage.json()) as { code: string; message: string };
    assert.equal(refusal.code, 'LAB_ERR_MESSAGE_INVALID');
    assert.match(refusal.message, /不是 DER 编码的 OCSP 请求/);
    const wrongType = await post(ocspRequest('typed', pki.server('ecdsa').cert).request, {
      'content-type': 'text/plain',
    });
    assert.equal(wrongType.status, 400);
    assert.match(((await wrongType.json()) as { message: string }).message, /application\/ocsp-request/);
    const huge = await post(new Uint8Array(MAX_OCSP_REQUEST_BYTES + 1), { 'content-type': 'application/ocsp-request' });
    assert.equal(huge.status, 413);
    assert.equal(((await huge.json()) as { code: string }).code, 'LAB_ERR_MESSAGE_TOO_LARGE');
    for (const form of ['%%%', 'not*base64', 'AAAA']) {
      const response = await fetch(`${base}/pki/ocsp/${form}`);
      assert.equal(response.status, 400, form);
    }
    assert.equal((await fetch(`${base}/pki/ocsp`)).status, 405);
    // The responder still answers after all that.
    const { request, leaf } = ocspRequest('after', pki.server('rsa').cert);
    const fine = await post(request, { 'content-type': 'application/ocsp-request' });
    assert.match(ocspStatus(new Uint8Array(await fine.arrayBuffer()), leaf), /after\.pem: good/);
  });
});

describe("a session's own client credentials", () => {
  const url = (name: string, token = TOKEN, id = SESSION) => `${base}/api/sessions/${id}/pki/${name}?token=${token}`;

  it('downloads the certificate chain, the key (never cached) and a PKCS#12 Node loads', async () => {
    const pem = await fetch(url('client.pem'));
    assert.equal(pem.status, 200);
    assert.equal(await pem.text(), client.cert);
    const key = await fetch(url('client.key'));
    assert.equal(key.headers.get('cache-control'), 'no-store');
    assert.equal(key.headers.get('content-disposition'), 'attachment; filename="client.key"');
    assert.equal(await key.text(), client.key);
    const p12 = await fetch(url('client.p12'));
    assert.equal(p12.headers.get('content-type'), 'application/x-pkcs12');
    const pfx = Buffer.from(await p12.arrayBuffer());
    createSecureContext({ pfx, passphrase: PASSWORD });
    assert.throws(() => createSecureContext({ pfx, passphrase: 'wrong' }));
  });

  it('answers a wrong token exactly as an unknown session: 404, the same body', async () => {
    const wrong = await fetch(url('client.key', 'guess'));
    const unknown = await fetch(url('client.key', TOKEN, 'nobody'));
    assert.equal(wrong.status, 404);
    assert.equal(unknown.status, 404);
    assert.deepEqual(await wrong.json(), await unknown.json());
    assert.equal((await fetch(url('client.der'))).status, 404);
  });
});

/**
 * Every kind of answer of a real lab server carries the security headers: a page (its policy naming the page's
 * own inline scripts, also when it goes out brotli-compressed), an asset, the 404 page, API JSON, API errors, a
 * refused host or method, the plain GET of /ws, and HEAD. HSTS is sent on a secure request only.
 */

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { brotliCompressSync } from 'node:zlib';
import { LABS } from '../../labs';
import { type RunningLabServer, startLabServer } from '../lab-server';
import { setQuiet } from '../log';
import { createRouter } from './router';
import { API_POLICY, sitePolicy } from './security-headers';
import { sendJson } from './send-json';

setQuiet(true);

const sha256 = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

const THEME = 'document.documentElement.dataset.theme="light"';
const FOCUS = 'window.focusFirst=true';
const NOT_FOUND = 'window.notFound=1';

function page(...scripts: string[]): string {
  return `<!doctype html><html><head><script src=/assets/js/main.js defer></script>${scripts
    .map((script) => `<script>${script}</script>`)
    .join('')}<script type=application/ld+json>{"a":1}</script></head><body>${'course '.repeat(400)}</body></html>`;
}

interface Answer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
}

function request(
  port: number,
  urlPath: string,
  method = 'GET',
  headers: Readonly<Record<string, string>> = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      {
        host: '127.0.0.1',
        port,
        path: urlPath,
        method,
        agent: false,
        headers: { host: `127.0.0.1:${port}`, ...headers },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers }));
      },
    );
    outgoing.on('error', reject);
    outgoing.end();
  });
}

function assertCommonHeaders(answer: Answer, what: string): void {
  assert.equal(answer.headers['x-content-type-options'], 'nosniff', what);
  assert.equal(answer.headers['referrer-policy'], 'no-referrer', what);
  assert.equal(answer.headers['x-frame-options'], 'DENY', what);
  assert.equal(answer.headers['cross-origin-opener-policy'], 'same-origin', what);
  assert.equal(answer.headers['cross-origin-resource-policy'], 'same-origin', what);
  for (const feature of ['camera', 'microphone', 'geolocation']) {
    assert.ok(String(answer.headers['permissions-policy']).split(', ').includes(`${feature}=()`), what);
  }
  // Plain HTTP: HSTS would mean nothing here (RFC 6797 §8.1).
  assert.equal(answer.headers['strict-transport-security'], undefined, what);
}

describe('security headers on a real lab server', () => {
  let server: RunningLabServer;
  let site: string;
  before(async () => {
    site = await mkdtemp(path.join(os.tmpdir(), 'socketlab-site-'));
    await mkdir(path.join(site, 'assets', 'js'), { recursive: true });
    await mkdir(path.join(site, 'docs', 'tcp'), { recursive: true });
    await writeFile(path.join(site, 'index.html'), page(THEME, FOCUS));
    await writeFile(path.join(site, 'index.html.br'), brotliCompressSync(page(THEME, FOCUS)));
    await writeFile(path.join(site, 'docs', 'tcp', 'index.html'), page(THEME));
    await writeFile(path.join(site, '404.html'), page(THEME, NOT_FOUND));
    await writeFile(path.join(site, 'assets', 'js', 'main.js'), 'console.log(1)');
    server = await startLabServer({ port: 0, siteDir: site, labPorts: { first: 59400, last: 59499 } }, LABS);
  });
  after(async () => {
    await server.close();
    await rm(site, { recursive: true, force: true });
  });

  it('gives each page a policy naming its own inline scripts, compressed or not, GET or HEAD', async () => {
    const home = sitePolicy([sha256(THEME), sha256(FOCUS)]);
    for (const [method, encoding] of [
      ['GET', 'identity'],
      ['GET', 'br'],
      ['HEAD', 'br'],
    ] as const) {
      const answer = await request(server.port, '/', method, { 'accept-encoding': encoding });
      const what = `${method} / (${encoding})`;
      assert.equal(answer.status, 200, what);
      assert.equal(answer.headers['content-encoding'], encoding === 'br' ? 'br' : undefined, what);
      assert.equal(answer.headers['content-security-policy'], home, what);
      assertCommonHeaders(answer, what);
    }
    const lesson = await request(server.port, '/docs/tcp');
    assert.equal(lesson.headers['content-security-policy'], sitePolicy([sha256(THEME)]));
    assertCommonHeaders(lesson, 'a lesson');
  });

  it('gives the 404 page the policy of the 404 file, with status 404', async () => {
    for (const method of ['GET', 'HEAD']) {
      const answer = await request(server.port, '/docs/no-such-lesson', method);
      assert.equal(answer.status, 404);
      assert.equal(answer.headers['content-security-policy'], sitePolicy([sha256(THEME), sha256(NOT_FOUND)]));
      assertCommonHeaders(answer, `${method} 404`);
    }
  });

  it('gives an asset the site policy without page hashes', async () => {
    const answer = await request(server.port, '/assets/js/main.js');
    assert.equal(answer.status, 200);
    assert.equal(answer.headers['content-security-policy'], sitePolicy());
    assertCommonHeaders(answer, 'an asset');
  });

  it('gives API JSON, API errors and refusals the policy that allows nothing', async () => {
    const cases: [string, string, number, Readonly<Record<string, string>>?][] = [
      ['/healthz', 'GET', 200],
      ['/healthz', 'HEAD', 200],
      ['/api/nothing-here', 'GET', 404],
      ['/api/sessions/x/capture.pcapng?token=y', 'GET', 404],
      ['/healthz', 'POST', 405],
      ['/ws', 'GET', 426],
      ['/healthz', 'GET', 421, { host: `rebind.example:${server.port}` }],
    ];
    for (const [urlPath, method, status, headers] of cases) {
      const what = `${method} ${urlPath}`;
      const answer = await request(server.port, urlPath, method, headers);
      assert.equal(answer.status, status, what);
      assert.equal(answer.headers['content-security-policy'], API_POLICY, what);
      assertCommonHeaders(answer, what);
    }
  });
});

describe('security headers on a secure request', () => {
  it('add HSTS when the request arrived over HTTPS, and only then', async () => {
    let secure = false;
    const server = http.createServer(
      createRouter({
        routes: [{ path: '/x', methods: ['GET'], handle: (_request, response) => sendJson(response, 200, {}) }],
        fallback: (_request, response) => sendJson(response, 404, {}),
        allowsHost: () => true,
        isSecure: () => secure,
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      assert.equal((await request(port, '/x')).headers['strict-transport-security'], undefined);
      secure = true;
      for (const urlPath of ['/x', '/elsewhere']) {
        const answer = await request(port, urlPath);
        assert.match(String(answer.headers['strict-transport-security']), /^max-age=\d+$/, urlPath);
        assert.equal(answer.headers['content-security-policy'], API_POLICY, urlPath);
      }
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

/**
 * Serving the built site: the precompressed copy the client accepts (brotli before gzip, never a refused one),
 * `Vary: Accept-Encoding` on every compressible file, the plain file otherwise, and a locale's own 404 page.
 */

import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { acceptedEncodings, createStaticHandler } from './static-files';

interface Answer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
}

function get(port: number, urlPath: string, acceptEncoding?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.get(
      {
        host: '127.0.0.1',
        port,
        path: urlPath,
        agent: false,
        headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {},
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
        );
      },
    );
    request.on('error', reject);
  });
}

describe('static files', () => {
  const script = `console.log(${JSON.stringify('socketlab '.repeat(400))});\n`;
  let dir: string;
  let server: http.Server;
  let port: number;

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'socketlab-site-'));
    await mkdir(path.join(dir, 'assets'), { recursive: true });
    await mkdir(path.join(dir, 'zh-Hans'), { recursive: true });
    await writeFile(path.join(dir, 'assets', 'main.js'), script);
    await writeFile(path.join(dir, 'assets', 'main.js.br'), brotliCompressSync(script));
    await writeFile(path.join(dir, 'assets', 'main.js.gz'), gzipSync(script));
    await writeFile(path.join(dir, 'assets', 'small.js'), 'x;');
    await writeFile(path.join(dir, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    await writeFile(path.join(dir, '404.html'), '<p>Not here</p>');
    await writeFile(path.join(dir, 'zh-Hans', '404.html'), '<p>找不到</p>');
    const handler = createStaticHandler(dir);
    server = http.createServer((request, response) => void handler(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(async () => {
    await new Promise((resolve) => server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  it('sends brotli when accepted, gzip when only that is, and the plain file otherwise', async () => {
    const br = await get(port, '/assets/main.js', 'gzip, deflate, br');
    assert.equal(br.headers['content-encoding'], 'br');
    assert.equal(brotliDecompressSync(br.body).toString(), script);
    assert.equal(Number(br.headers['content-length']), br.body.length);
    const gz = await get(port, '/assets/main.js', 'gzip');
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.equal(gunzipSync(gz.body).toString(), script);
    const plain = await get(port, '/assets/main.js');
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(plain.body.toString(), script);
    for (const answer of [br, gz, plain]) assert.equal(answer.headers.vary, 'Accept-Encoding');
  });

  it('never sends a coding the client refused, and the plain file where no copy was written', async () => {
    const refused = await get(port, '/assets/main.js', 'br;q=0, gzip;q=0.5');
    assert.equal(refused.headers['content-encoding'], 'gzip');
    const none = await get(port, '/assets/small.js', 'br, gzip');
    assert.equal(none.headers['content-encoding'], undefined);
    assert.equal(none.body.toString(), 'x;');
    const image = await get(port, '/logo.png', 'br');
    assert.equal(image.headers['content-encoding'], undefined);
    assert.equal(image.headers.vary, undefined, 'images are never compressed, so nothing varies');
  });

  it('answers a missing page of a locale with that locale’s 404 page', async () => {
    const zh = await get(port, '/zh-Hans/docs/nothing');
    assert.equal(zh.status, 404);
    assert.match(zh.body.toString(), /找不到/);
    const en = await get(port, '/docs/nothing');
    assert.equal(en.status, 404);
    assert.match(en.body.toString(), /Not here/);
  });

  it('reads Accept-Encoding with its q-values and wildcard', () => {
    assert.deepEqual([...acceptedEncodings('gzip, br;q=0.8')].sort(), ['br', 'gzip']);
    assert.deepEqual([...acceptedEncodings('br;q=0, gzip')], ['gzip']);
    assert.deepEqual([...acceptedEncodings('*')].sort(), ['br', 'gzip']);
    assert.deepEqual([...acceptedEncodings('*;q=0.1, br;q=0')], ['gzip']);
    assert.deepEqual([...acceptedEncodings('identity')], ['identity']);
    assert.deepEqual([...acceptedEncodings('')], []);
  });
});

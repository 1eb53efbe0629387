/**
 * The web server on real sockets: plain HTTP without a certificate, HTTPS with one (TLS 1.2 and up), the
 * `upgrade` event on both, a plain-HTTP request to the HTTPS port answered with the https URL while the server
 * goes on serving, and `isSecureRequest` as the cookies and HSTS will ask it — true over TLS, true for
 * `X-Forwarded-Proto: https` from a trusted proxy, false for the same header from anyone else.
 */

import assert from 'node:assert/strict';
import http from 'node:http';
import https from 'node:https';
import net, { type AddressInfo, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import tls from 'node:tls';
import { resolveConfig } from '../config';
import { type Answer, httpGet, readAnswer } from '../testing/http-get';
import { type HttpsTestFiles, makeHttpsFiles } from '../testing/https-files';
import { isSecureRequest } from './secure-request';
import { createWebServer, webServerUrl } from './web-server';

async function listen(server: http.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

function connected(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

async function close(server: http.Server): Promise<void> {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** Answers every request with whether it was secure, for the trusted proxies given. */
const secureHandler =
  (trustedProxies: readonly string[]): http.RequestListener =>
  (request, response) => {
    response.end(JSON.stringify({ secure: isSecureRequest(request, { trustedProxies }) }));
  };

describe('web server', () => {
  let files: HttpsTestFiles;
  before(async () => {
    files = await makeHttpsFiles();
  });
  after(() => files.remove());

  const httpsConfig = () => resolveConfig({ https: { certFile: files.certFile, keyFile: files.keyFile } });

  it('serves HTTPS with the configured chain, TLS 1.2 and up, and says so in its URL', async () => {
    const config = httpsConfig();
    const server = createWebServer(config, secureHandler([]));
    const port = await listen(server);
    try {
      const url = webServerUrl(config, port);
      assert.equal(url, `https://127.0.0.1:${port}`);
      const answer = await httpGet(`${url}/`, { ca: files.caPem });
      assert.deepEqual(JSON.parse(answer.body), { secure: true });
      // The chain file's intermediate is sent: a client that trusts only the root verifies the leaf.
      const socket = tls.connect({ host: '127.0.0.1', port, ca: files.caPem, servername: 'localhost' });
      await new Promise<void>((resolve, reject) => socket.once('secureConnect', resolve).once('error', reject));
      assert.equal(socket.authorized, true);
      socket.destroy();
      const old = tls.connect({ host: '127.0.0.1', port, ca: files.caPem, maxVersion: 'TLSv1.1', minVersion: 'TLSv1' });
      const refused = await new Promise<Error>((resolve) => old.once('error', resolve));
      assert.match(refused.message, /protocol version|no protocols available|unsupported protocol/i);
    } finally {
      await close(server);
    }
  });

  it('serves plain HTTP without a certificate, where no request is secure by itself', async () => {
    const config = resolveConfig({});
    const server = createWebServer(config, secureHandler([]));
    const port = await listen(server);
    try {
      assert.equal(webServerUrl(config, port), `http://127.0.0.1:${port}`);
      assert.equal(webServerUrl({ ...config, host: '0.0.0.0' }, port), `http://127.0.0.1:${port}`);
      const answer = await httpGet(`http://127.0.0.1:${port}/`, { headers: { 'X-Forwarded-Proto': 'https' } });
      assert.deepEqual(JSON.parse(answer.body), { secure: false }, 'the header from an untrusted peer is ignored');
    } finally {
      await close(server);
    }
  });

  it('believes X-Forwarded-Proto: https only from a trusted proxy, and only when every hop was https', async () => {
    const server = createWebServer(resolveConfig({}), secureHandler(['127.0.0.1']));
    const port = await listen(server);
    const secure = async (headers: Record<string, string>): Promise<boolean> =>
      (JSON.parse((await httpGet(`http://127.0.0.1:${port}/`, { headers })).body) as { secure: boolean }).secure;
    try {
      assert.equal(await secure({ 'X-Forwarded-Proto': 'https' }), true);
      assert.equal(await secure({ 'X-Forwarded-Proto': 'HTTPS' }), true);
      assert.equal(await secure({ 'X-Forwarded-Proto': 'https, https' }), true);
      assert.equal(await secure({ 'X-Forwarded-Proto': 'http' }), false);
      // A client's own "https" in front of the plain hop an appending proxy adds.
      assert.equal(await secure({ 'X-Forwarded-Proto': 'https, http' }), false);
      assert.equal(await secure({}), false);
    } finally {
      await close(server);
    }
  });

  it('answers plain HTTP on the HTTPS port with the https URL, closes, and goes on serving', async () => {
    const server = createWebServer(httpsConfig(), secureHandler([]));
    const port = await listen(server);
    try {
      const redirect = await httpGet(`http://127.0.0.1:${port}/docs/intro?x=1`);
      assert.equal(redirect.status, 308);
      assert.equal(redirect.headers.location, `https://127.0.0.1:${port}/docs/intro?x=1`);
      assert.equal(redirect.headers.connection, 'close');
      assert.match(redirect.body, /This port speaks HTTPS/);
      const chinese = await httpGet(`http://127.0.0.1:${port}/`, { headers: { 'Accept-Language': 'zh-CN' } });
      assert.match(chinese.body, /这个端口只接受 HTTPS/);
      // A WebSocket upgrade in plain text is told to use wss://.
      const upgrade = await new Promise<Answer>((resolve, reject) => {
        const request = http.get(`http://127.0.0.1:${port}/ws`, {
          headers: {
            Connection: 'Upgrade',
            Upgrade: 'websocket',
            'Sec-WebSocket-Version': '13',
            'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
          },
        });
        request.on('response', (response) => readAnswer(response).then(resolve, reject));
        request.on('error', reject);
      });
      assert.equal(upgrade.status, 400);
      assert.match(upgrade.body, /wss:\/\//);
      // Bytes that are neither TLS nor HTTP: the connection is closed, not left hanging.
      const raw = await connected(port);
      raw.write('\x00\x01\x02 garbage\r\n\r\n');
      await new Promise<void>((resolve) => raw.once('close', () => resolve()).resume());
      const answer = await httpGet(`https://127.0.0.1:${port}/`, { ca: files.caPem });
      assert.deepEqual(JSON.parse(answer.body), { secure: true }, 'the server still serves HTTPS');
    } finally {
      await close(server);
    }
  });

  it('hands WebSocket upgrades over TLS to the upgrade event', async () => {
    const server = createWebServer(httpsConfig(), secureHandler([]));
    let secure: boolean | undefined;
    server.on('upgrade', (request: http.IncomingMessage, socket: Socket) => {
      secure = isSecureRequest(request, { trustedProxies: [] });
      socket.end('HTTP/1.1 418 I am a teapot\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
    });
    const port = await listen(server);
    try {
      const status = await new Promise<number>((resolve, reject) => {
        const request = https.get(`https://127.0.0.1:${port}/ws`, {
          ca: files.caPem,
          headers: { Connection: 'Upgrade', Upgrade: 'websocket' },
        });
        request.on('response', (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        });
        request.on('error', reject);
      });
      assert.equal(status, 418);
      assert.equal(secure, true);
    } finally {
      await close(server);
    }
  });

  it('closes a connection that never speaks when the server stops', async () => {
    const server = createWebServer(httpsConfig(), secureHandler([]));
    const port = await listen(server);
    const idle = await connected(port);
    const closed = new Promise<void>((resolve) => idle.once('close', () => resolve()));
    await close(server);
    await closed;
  });
});

/**
 * A lab server given HTTPS_CERT/HTTPS_KEY, on real sockets: `/healthz` over HTTPS for a client that trusts the
 * class root, a plain-HTTP request to the same port answered and closed while the server keeps serving, and a
 * lab session over WSS from the page's origin (`https://…`) whose first check passes when a student's client
 * connects to the echo server — the whole first lab works the same as over HTTP.
 */

import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { LABS } from '../labs';
import { type RunningLabServer, startLabServer } from './lab-server';
import { setQuiet } from './log';
import { httpGet } from './testing/http-get';
import { type HttpsTestFiles, makeHttpsFiles } from './testing/https-files';
import { TestClient } from './testing/test-client';
import { testDataDir } from './testing/test-data-dir';

setQuiet(true);

describe('lab server over HTTPS and WSS', () => {
  let files: HttpsTestFiles;
  let server: RunningLabServer;
  let url: string;
  before(async () => {
    files = await makeHttpsFiles();
    server = await startLabServer(
      {
        port: 0,
        labPorts: { first: 59600, last: 59699 },
        dataDir: testDataDir(),
        https: { certFile: files.certFile, keyFile: files.keyFile },
      },
      LABS,
    );
    // The handle's own URL, as main.ts prints it and tests use it: https, on the loopback address.
    url = server.url;
    assert.equal(url, `https://127.0.0.1:${server.port}`);
  });
  after(async () => {
    await server?.close();
    await files?.remove();
  });

  it('answers /healthz over HTTPS to a client that trusts the class root', async () => {
    assert.equal(url, `https://127.0.0.1:${server.port}`);
    const answer = await httpGet(`${url}/healthz`, { ca: files.caPem });
    assert.equal(answer.status, 200);
    assert.equal((JSON.parse(answer.body) as { status: string }).status, 'ok');
    await assert.rejects(httpGet(`${url}/healthz`), /unable to get local issuer certificate/);
  });

  it('answers a plain-HTTP request with the https URL and closes it, and goes on serving', async () => {
    const plain = await httpGet(`http://127.0.0.1:${server.port}/healthz`);
    assert.equal(plain.status, 308);
    assert.match(plain.body, new RegExp(`open https://127\\.0\\.0\\.1:${server.port}/healthz`));
    assert.equal((await httpGet(`${url}/healthz`, { ca: files.caPem })).status, 200);
  });

  it('runs the first lab over WSS from the https page, its first check passing on a real connection', async () => {
    const page = await TestClient.open(url, 'tcp-echo', {}, { ca: files.caPem });
    try {
      assert.equal(page.checks().get('connected')?.state, 'pending');
      const student = net.connect({ host: '127.0.0.1', port: page.port() });
      await new Promise<void>((resolve, reject) => student.once('connect', resolve).once('error', reject));
      const check = await page.waitForCheck('connected', 'passed');
      assert.match(check.detail, /127\.0\.0\.1/);
      student.destroy();
    } finally {
      await page.close();
    }
  });

  it('refuses the WebSocket to a page of the plain-HTTP origin', async () => {
    await assert.rejects(
      TestClient.connect(url, `http://127.0.0.1:${server.port}`, {}, { ca: files.caPem }),
      /HTTP 403/,
    );
  });
});

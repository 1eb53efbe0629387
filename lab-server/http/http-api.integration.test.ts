/**
 * The HTTP side of a real lab server: every request must name a host it answers to (DNS rebinding cannot read
 * even `/healthz`), each route answers its methods only, refusals carry catalog codes, and the pcapng download
 * takes its own token, never the resume token.
 */

import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import { LABS } from '../../labs';
import { type RunningLabServer, startLabServer } from '../lab-server';
import { setQuiet } from '../log';
import { TestClient } from '../testing/test-client';

setQuiet(true);

interface Answer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** A request with exactly these method and headers (fetch would not let a test set `Host`). */
function request(
  server: RunningLabServer,
  path: string,
  method = 'GET',
  host?: string,
  headers: Readonly<Record<string, string>> = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      {
        host: '127.0.0.1',
        port: server.port,
        path,
        method,
        agent: false,
        headers: { host: host ?? `127.0.0.1:${server.port}`, ...headers },
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
      },
    );
    outgoing.on('error', reject);
    outgoing.end();
  });
}

function code(answer: Answer): string {
  return (JSON.parse(answer.body) as { code: string }).code;
}

describe('HTTP API', () => {
  let server: RunningLabServer;
  before(async () => {
    server = await startLabServer({ port: 0, labPorts: { first: 44000, last: 44999 } }, LABS);
  });
  after(() => server.close());

  it('refuses a Host it does not answer to, on every path', async () => {
    for (const path of ['/healthz', '/', '/docs/intro', '/api/sessions/x/capture.pcapng']) {
      const answer = await request(server, path, 'GET', `rebind.example:${server.port}`);
      assert.equal(answer.status, 421, path);
      assert.equal(code(answer), 'LAB_ERR_HOST_FORBIDDEN');
    }
    assert.equal((await request(server, '/healthz', 'GET', `localhost:${server.port}`)).status, 200);
    assert.equal((await request(server, '/healthz', 'GET', `[::1]:${server.port}`)).status, 200);
  });

  it('answers /healthz to GET and HEAD only', async () => {
    assert.equal((await request(server, '/healthz', 'HEAD')).status, 200);
    for (const method of ['POST', 'PUT', 'DELETE']) {
      const answer = await request(server, '/healthz', method);
      assert.equal(answer.status, 405, method);
      assert.equal(answer.headers.allow, 'GET, HEAD');
      assert.equal(code(answer), 'LAB_ERR_METHOD_NOT_ALLOWED');
    }
  });

  it('writes its refusals in the language the request prefers', async () => {
    const message = (answer: Answer) => (JSON.parse(answer.body) as { message: string }).message;
    const chinese = await request(server, '/api/nothing-here', 'GET', undefined, {
      'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8',
    });
    assert.equal(code(chinese), 'LAB_ERR_NOT_FOUND');
    assert.equal(message(chinese), '没有这个 API 资源。');
    assert.equal(message(await request(server, '/api/nothing-here')), 'No such API resource.');
  });

  it('answers a plain GET of /ws with 426 and its own code', async () => {
    const answer = await request(server, '/ws');
    assert.equal(answer.status, 426);
    assert.equal(answer.headers.upgrade, 'websocket');
    assert.equal(code(answer), 'LAB_ERR_UPGRADE_REQUIRED');
  });

  it('downloads the pcapng with its own token only, never with the resume token', async () => {
    const page = await TestClient.open(server.url);
    const { session, token, pcapng } = page.welcome;
    const url = new URL(pcapng, server.url);
    const download = url.searchParams.get('token') ?? '';
    assert.ok(download.length >= 32, 'the welcome path carries a download token');
    assert.notEqual(download, token);
    const own = await request(server, `${url.pathname}?token=${download}`);
    assert.equal(own.status, 200);
    assert.equal(own.headers['content-type'], 'application/vnd.tcpdump.pcapng');
    // The name the lessons' `tshark -r socketlab-<lab>.pcapng` commands use.
    assert.equal(own.headers['content-disposition'], 'attachment; filename="socketlab-tcp-echo.pcapng"');
    const withResumeToken = await request(server, `/api/sessions/${session}/capture.pcapng?token=${token}`);
    assert.equal(withResumeToken.status, 404);
    assert.equal(code(withResumeToken), 'LAB_ERR_NOT_FOUND');
    assert.equal((await request(server, `${url.pathname}?token=${download}`, 'POST')).status, 405);
    assert.equal(code(await request(server, '/api/nothing-here')), 'LAB_ERR_NOT_FOUND');
    await page.close();
  });
});

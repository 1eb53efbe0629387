/**
 * The first lesson served over HTTPS by a lab server given HTTPS_CERT/HTTPS_KEY: Chromium loads the page from
 * the https URL, the lab's WebSocket opens as wss:// to the same origin, the lab goes live, and the terminal
 * answers a typed connect, send and recv with the echo.
 */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { webServerUrl } from '../lab-server/http/web-server';
import { type RunningLabServer, startLabServer } from '../lab-server/lab-server';
import { setQuiet } from '../lab-server/log';
import { type HttpsTestFiles, makeHttpsFiles } from '../lab-server/testing/https-files';
import { testDataDir } from '../lab-server/testing/test-data-dir';
import { LABS } from '../labs';
import {
  type Browser,
  e2eUnavailable,
  labPort,
  launchBrowser,
  SITE_DIR,
  typeInTerminal,
  waitForLabLive,
} from './browser';

const skip = e2eUnavailable();
const LAB = 'tcp-echo';

describe('first lesson over HTTPS and WSS in Chromium', { skip }, () => {
  let files: HttpsTestFiles;
  let server: RunningLabServer;
  let browser: Browser;
  before(async () => {
    setQuiet(true);
    files = await makeHttpsFiles();
    server = await startLabServer(
      {
        port: 0,
        siteDir: SITE_DIR,
        labPorts: { first: 59700, last: 59799 },
        version: 'e2e',
        dataDir: testDataDir(),
        https: { certFile: files.certFile, keyFile: files.keyFile },
      },
      LABS,
    );
    // The certificate chains to a class root made for this test, which Chromium's store does not hold.
    browser = await launchBrowser({ ignoreHTTPSErrors: true });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await files?.remove();
  });

  it('loads the lesson over https, opens the lab over wss and echoes in the terminal', async () => {
    const url = webServerUrl(server.config, server.port);
    assert.match(url, /^https:\/\//);
    const page = await browser.context.newPage();
    const sockets: string[] = [];
    page.on('websocket', (socket) => sockets.push(socket.url()));
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${url}/docs/tcp/first-connection?socketlab-test`);
    await waitForLabLive(page, LAB);
    assert.equal(await page.evaluate(() => location.protocol), 'https:');
    assert.ok(sockets.includes(`wss://127.0.0.1:${server.port}/ws`), `the lab socket is wss: ${sockets.join(', ')}`);
    const port = await labPort(page, LAB);
    await typeInTerminal(page, LAB, 'connect echo', new RegExp(`connect\\(fd 3, 127\\.0\\.0\\.1:${port}\\) = 0`));
    await typeInTerminal(page, LAB, 'send Hello,world!', /send\(fd 3, 12 bytes\) = 12 +"Hello,world!"/);
    await typeInTerminal(page, LAB, 'recv', /recv\(fd 3, 1024\) = 12 bytes +"Hello,world!"/);
    assert.deepEqual(problems, [], 'no script errors on the page');
    await page.close();
  });
});

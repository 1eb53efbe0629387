/**
 * The whole loop in a real browser: a student opens the first lesson, types into the lab terminal, reads the
 * narrated echo and sees the checks turn green; a program of their own passes the same checks; payloads show
 * as text; a reload resumes the session; closing the tab releases the session's ports.
 */

import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { echoOnce } from '../labs/tcp-echo/solution';
import { BrowserSuite, e2eUnavailable, labPort, pageWaitFor, terminalText, typeInTerminal } from './browser';

const skip = e2eUnavailable();
const LAB = 'tcp-echo';

async function checkStates(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() =>
    Object.fromEntries((window.__socketlab?.checks['tcp-echo'] ?? []).map((check) => [check.id, check.state])),
  );
}

async function waitAllPassed(page: Page): Promise<void> {
  await pageWaitFor(
    page,
    () => {
      const checks = window.__socketlab?.checks['tcp-echo'] ?? [];
      return checks.length === 4 && checks.every((check) => check.state === 'passed');
    },
    'all four checks to pass',
  );
  // What the student sees, not only what the hook says: every check row reads "Passed".
  for (const id of ['connected', 'sent-hello', 'read-echo', 'closed-cleanly']) {
    const text = await page.locator(`[data-check="${id}"]`).innerText();
    assert.match(text, /Passed/, `check ${id} shows as passed`);
  }
}

describe('first lesson in Chromium', { skip }, () => {
  const suite = new BrowserSuite({ sessionGraceMs: 1500 });
  before(() => suite.start());
  after(() => suite.close());
  const openLesson = (): Promise<Page> => suite.openLesson('tcp/first-connection', LAB);

  it('runs the lab from the terminal: narrated echo, checks turn green', async () => {
    const page = await openLesson();
    const port = await labPort(page, LAB);
    assert.match(await page.locator('body').innerText(), new RegExp(`127\\.0\\.0\\.1:${port}`), 'the address is shown');
    assert.deepEqual(Object.values(await checkStates(page)), ['pending', 'pending', 'pending', 'pending']);
    await typeInTerminal(page, LAB, 'connect echo', new RegExp(`connect\\(fd 3, 127\\.0\\.0\\.1:${port}\\) = 0`));
    await typeInTerminal(page, LAB, 'send Hello,world!', /send\(fd 3, 12 bytes\) = 12 +"Hello,world!"/);
    await typeInTerminal(page, LAB, 'recv', /recv\(fd 3, 1024\) = 12 bytes +"Hello,world!"/);
    await typeInTerminal(page, LAB, 'close', /close\(fd 3\) = 0 +FIN sent/);
    await waitAllPassed(page);
    await page.close();
  });

  it('passes the checks for a program of the student’s own, shows its payload as text', async () => {
    const page = await openLesson();
    const port = await labPort(page, LAB);
    assert.equal(await echoOnce('127.0.0.1', port), 'Hello,world!');
    await waitAllPassed(page);
    // A hostile payload from another program: the timeline shows the characters, nothing runs.
    const payload = '<img src=x onerror="window.__pwned=1">';
    await new Promise<void>((resolve, reject) => {
      const socket = net.connect({ host: '127.0.0.1', port }, () => socket.end(payload));
      socket.on('data', () => {});
      socket.once('close', () => resolve());
      socket.once('error', reject);
    });
    await pageWaitFor(
      page,
      () => (window.__socketlab?.events['tcp-echo'] ?? []).some((line) => line.includes('onerror')),
      'the payload in the timeline',
    );
    await page.waitForTimeout(200);
    assert.equal(await page.evaluate(() => (window as { __pwned?: number }).__pwned), undefined, 'no script ran');
    assert.equal(await page.locator('img[src="x"]').count(), 0, 'no element was created from the payload');
    assert.match(await page.locator('body').innerText(), /<img src=x onerror=/);
    await page.close();
  });

  it('resumes the same session and terminal after a reload', async () => {
    const page = await openLesson();
    const port = await labPort(page, LAB);
    await typeInTerminal(page, LAB, 'connect echo', /= 0/);
    await page.reload();
    await pageWaitFor(page, () => window.__socketlab?.status['tcp-echo'] === 'live', 'the lab to go live again');
    assert.equal(await labPort(page, LAB), port, 'same echo server');
    assert.match(await terminalText(page, LAB), new RegExp(`connect\\(fd 3, 127\\.0\\.0\\.1:${port}\\) = 0`));
    await typeInTerminal(page, LAB, 'status', /3 +tcp +established/);
    await page.close();
  });

  it('releases the session’s ports and sockets when the tab is closed', async () => {
    const page = await openLesson();
    const port = await labPort(page, LAB);
    // Sessions of earlier tests may still be ending, so this tab's session is found by its port, not counted.
    assert.equal(suite.server.ports.isLent(port), true, 'the session holds its port');
    await page.close();
    const deadline = Date.now() + 15_000;
    while (suite.server.ports.isLent(port) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.equal(suite.server.ports.isLent(port), false, 'the port went back to the pool');
    const refused = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: '127.0.0.1', port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(false);
      });
      socket.once('error', () => resolve(true));
    });
    assert.ok(refused, 'nothing listens on the port any more');
    const health = (await (await fetch(`${suite.server.url}/healthz`)).json()) as { sessions: number };
    assert.equal(health.sessions, suite.server.sessions.size);
  });

  it('completes with Tab inside the terminal, and lets the keyboard leave with Escape then Tab', async () => {
    const page = await openLesson();
    await page.locator(`section[data-lab="${LAB}"] .xterm`).first().click();
    // `he` would be `help` or `hex`: Tab completes only what one command begins with.
    await page.keyboard.type('hel');
    await page.keyboard.press('Tab');
    await pageWaitFor(
      page,
      (id: string) => /\$ help $/m.test(window.__socketlab?.terminals[id]?.lines().join('\n') ?? ''),
      'Tab to complete "help"',
      10_000,
      LAB,
    );
    const inTerminal = () => page.evaluate(() => document.activeElement?.classList.contains('xterm-helper-textarea'));
    assert.equal(await inTerminal(), true, 'Tab stayed in the terminal');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Tab');
    assert.equal(await inTerminal(), false, 'Escape then Tab moved focus out of the terminal');
    await page.close();
  });

  it('keeps xterm out of pages without a lab', async () => {
    const page = await suite.browser.context.newPage();
    const scripts: string[] = [];
    page.on('response', (response) => {
      if (response.url().endsWith('.js')) scripts.push(response.url());
    });
    await page.goto(`${suite.server.url}/`);
    await page.waitForLoadState('networkidle');
    const sources = await Promise.all(scripts.map(async (url) => (await fetch(url)).text()));
    assert.ok(sources.length > 0);
    assert.ok(!sources.some((source) => source.includes('xterm-helper-textarea')), 'no xterm code on the landing page');
    assert.match(await page.locator('main').innerText(), /socket/i);
    await page.close();
  });
});

/**
 * A refusal as a student meets it, in Chromium: on a full lab server the panel says why instead of "Starting
 * your servers…" forever, and gets its session by itself once another tab frees a slot; when the lab server
 * stops, the panel says so, and when it is back the lab goes live again without a reload.
 */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { BrowserSuite, e2eUnavailable, labPort, pageWaitFor, startSite } from './browser';

const skip = e2eUnavailable();
const LAB = 'tcp-echo';

async function openWaiting(suite: BrowserSuite): Promise<Page> {
  const page = await suite.browser.context.newPage();
  await page.goto(`${suite.server.url}/docs/tcp/first-connection?socketlab-test`);
  return page;
}

describe('refusals in Chromium', { skip }, () => {
  const suite = new BrowserSuite({ maxSessions: 1, sessionGraceMs: 200 });
  before(() => suite.start());
  after(() => suite.close());

  it('says the server is full, and goes live by itself once a slot frees', async () => {
    const first = await suite.openLesson('tcp/first-connection', LAB);
    const second = await openWaiting(suite);
    await second.getByText(/is full: it already runs 1 lab sessions/).waitFor({ timeout: 15_000 });
    assert.match(await second.locator('body').innerText(), /Next try in/, 'the panel says when it tries again');
    assert.equal(await second.evaluate(() => window.__socketlab?.status['tcp-echo']), 'reconnecting');
    await first.close();
    await pageWaitFor(
      second,
      () => window.__socketlab?.status['tcp-echo'] === 'live',
      'the waiting tab to go live',
      30_000,
    );
    assert.ok((await labPort(second, LAB)) > 0);
    await second.close();
  });
});

describe('a lab server restart in Chromium', { skip }, () => {
  const suite = new BrowserSuite({ sessionGraceMs: 200 });
  before(() => suite.start());
  after(() => suite.close());

  it('says the lab server stopped, and resumes work when it is back', async () => {
    const page = await suite.openLesson('tcp/first-connection', LAB);
    const port = suite.server.port;
    await suite.server.close();
    await page.getByText(/lab server is stopping; the page reconnects/).waitFor({ timeout: 10_000 });
    assert.equal(await page.evaluate(() => window.__socketlab?.status['tcp-echo']), 'reconnecting');
    const again = await startSite({ port, sessionGraceMs: 200 });
    try {
      await pageWaitFor(
        page,
        () => window.__socketlab?.status['tcp-echo'] === 'live',
        'the lab to go live again',
        30_000,
      );
      assert.equal(again.sessions.size, 1, 'the page started a session on the new server');
    } finally {
      await page.close();
      await again.close();
    }
  });
});

/**
 * The lab server's Content-Security-Policy in Chromium: the landing page, a lesson whose terminal comes live over
 * the WebSocket and echoes, the search page and the navbar search (its index read in a web worker), a Chinese
 * lesson and the 404 page all work without a single policy violation, reported as an event or on the console.
 * And the policy bites: a script or an inline event handler put into the page at run time does not run.
 */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ConsoleMessage, Page } from 'playwright-core';
import { BrowserSuite, e2eUnavailable, labPort, pageWaitFor, typeInTerminal, waitForLabLive } from './browser';

const skip = e2eUnavailable();
const LAB = 'tcp-echo';

interface Violation {
  readonly directive: string;
  readonly blocked: string;
  readonly sample: string;
}

declare global {
  interface Window {
    __cspViolations?: Violation[];
  }
}

/** What a page reports against the policy: its violation events and the console lines the browser writes. */
interface Watched {
  readonly page: Page;
  readonly console: string[];
  readonly errors: string[];
}

function waitLive(page: Page): Promise<unknown> {
  return waitForLabLive(page, LAB);
}

const POLICY_MESSAGE = /Content Security Policy|Content-Security-Policy|Permissions-Policy|Refused to/i;

describe('security headers in Chromium', { skip }, () => {
  const suite = new BrowserSuite();
  before(async () => {
    await suite.start();
    // Before any script of the page: a violation by the page's first inline script is counted too.
    await suite.browser.context.addInitScript(() => {
      window.__cspViolations = [];
      document.addEventListener('securitypolicyviolation', (event) => {
        window.__cspViolations?.push({
          directive: event.effectiveDirective,
          blocked: event.blockedURI,
          sample: event.sample,
        });
      });
    });
  });
  after(() => suite.close());

  async function open(path: string): Promise<Watched> {
    const page = await suite.browser.context.newPage();
    const console: string[] = [];
    const errors: string[] = [];
    page.on('console', (message: ConsoleMessage) => {
      if (POLICY_MESSAGE.test(message.text())) console.push(`${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => errors.push(error.message));
    const response = await page.goto(`${suite.server.url}${path}`);
    const policy = response?.headers()['content-security-policy'] ?? '';
    assert.match(policy, /script-src 'self' 'sha256-[A-Za-z0-9+/]+={0,2}'/, `${path} names its inline scripts`);
    assert.doesNotMatch(policy, /script-src[^;]*'unsafe-inline'/, `${path} allows no inline script`);
    await page.waitForLoadState('networkidle');
    return { page, console, errors };
  }

  /** No violation event, no policy line on the console, no script error; then the page is closed. */
  async function assertClean({ page, console, errors }: Watched, what: string): Promise<void> {
    const violations = await page.evaluate(() => window.__cspViolations ?? []);
    assert.deepEqual(violations, [], `${what}: no securitypolicyviolation event`);
    assert.deepEqual(console, [], `${what}: no policy message on the console`);
    assert.deepEqual(errors, [], `${what}: no script error`);
    await page.close();
  }

  it('shows the landing page with its color-mode script run and nothing refused', async () => {
    const watched = await open('/');
    // The inline color-mode script ran (its hash is listed): the theme was set before React started.
    assert.match((await watched.page.evaluate(() => document.documentElement.dataset.theme)) ?? '', /^(light|dark)$/);
    await assertClean(watched, 'landing page');
  });

  it('runs a lesson’s lab over the WebSocket: the terminal comes live and echoes', async () => {
    const watched = await open(`/docs/tcp/first-connection?socketlab-test`);
    const { page } = watched;
    await waitForLabLive(page, LAB);
    const port = await labPort(page, LAB);
    await typeInTerminal(page, LAB, 'connect echo', new RegExp(`connect\\(fd 3, 127\\.0\\.0\\.1:${port}\\) = 0`));
    await typeInTerminal(page, LAB, 'send csp-ok', /send\(fd 3, 6 bytes\) = 6/);
    await typeInTerminal(page, LAB, 'recv', /recv\(fd 3, 1024\) = 6 bytes +"csp-ok"/);
    await assertClean(watched, 'lesson with a lab');
  });

  it('searches on the search page and in the navbar search box, whose worker reads the index', async () => {
    const results = await open('/search?q=handshake');
    await results.page
      .locator('article h2 a', { hasText: /handshake/i })
      .first()
      .waitFor({ timeout: 15_000 });
    await assertClean(results, 'search page');

    const bar = await open('/docs/intro');
    const search = bar.page.locator('.navbar input.navbar__search-input');
    await search.click();
    await search.pressSequentially('handshake');
    await bar.page.locator('[role="listbox"] [role="option"]').first().waitFor({ timeout: 15_000 });
    await assertClean(bar, 'search box');
  });

  it('shows a Chinese lesson, its lab live', async () => {
    const watched = await open('/zh-Hans/docs/tcp/first-connection?socketlab-test');
    assert.equal(await watched.page.evaluate(() => document.documentElement.lang), 'zh-Hans');
    await waitLive(watched.page);
    await assertClean(watched, 'Chinese lesson');
  });

  it('shows the 404 page', async () => {
    const watched = await open('/docs/no-such-lesson');
    await watched.page.getByRole('heading', { name: 'No page at this address' }).waitFor();
    await assertClean(watched, '404 page');
  });

  it('refuses a script or an inline handler put into the page, and says so', async () => {
    const { page } = await open('/docs/intro');
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.injectedScriptRan = true';
      document.body.append(script);
      const holder = document.createElement('div');
      // The shape of markup a payload could carry, if student bytes ever reached the page as HTML.
      // An empty data: URL loads in some Chromium versions and fails in others; either event runs a handler, so
      // exactly one of the two attributes is compiled — and refused.
      holder.innerHTML =
        '<img src="data:," onload="window.injectedHandlerRan = true" onerror="window.injectedHandlerRan = true">';
      document.body.append(holder);
    });
    const violations = await pageWaitFor(
      page,
      () => ((window.__cspViolations?.length ?? 0) >= 2 ? window.__cspViolations : undefined),
      'both violations to be reported',
    );
    const ran = await page.evaluate(() => {
      const flags = window as unknown as Record<string, unknown>;
      return { script: flags.injectedScriptRan, handler: flags.injectedHandlerRan };
    });
    assert.deepEqual(ran, { script: undefined, handler: undefined }, 'neither injected piece ran');
    assert.deepEqual(
      violations.map((violation) => [violation.directive, violation.blocked]),
      [
        ['script-src-elem', 'inline'],
        ['script-src-attr', 'inline'],
      ],
    );
    await page.close();
  });
});

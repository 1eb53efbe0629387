/**
 * The weight of every built page, as Chromium loads it from the lab server: the JavaScript it fetches, counted
 * as gzip bytes of the built files (a byte budget, not a timing). A page without a lab stays within 205 KB; a
 * lab page within 400 KB before the terminal chunk (xterm, loaded only where a lab is); in every language, as a
 * translated page is the same page to its reader. And what goes over the wire is the precompressed copy: brotli
 * when the browser accepts it, with `Vary: Accept-Encoding`.
 */

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { BrowserSuite, e2eUnavailable, SITE_DIR } from './browser';

const skip = e2eUnavailable();
const KB = 1024;
/**
 * 205 KB since the TLS issue: the longest page without a lab, the protocol reference in Chinese, holds ~22 KB gzip
 * of its own text (the site's shared main.js is ~149 KB of the rest) and reached 201 KB when protocol 6 was
 * documented, with the TLS shapes already moved to a page of their own. A lab's code still fails this budget.
 */
const BUDGET_WITHOUT_LAB = 205 * KB;
const BUDGET_WITH_LAB = 400 * KB;
/** A class name only xterm's own code contains: how the terminal chunk is told from the others. */
const TERMINAL_MARKER = 'xterm-helper-textarea';

/** Every page of the built site, as a URL path (`/docs/tcp/handshake/`), with whether it embeds a lab. */
function builtPages(dir = SITE_DIR, prefix = '/'): Array<{ path: string; lab: boolean }> {
  const pages: Array<{ path: string; lab: boolean }> = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory() && entry.name !== 'assets') {
      pages.push(...builtPages(path.join(dir, entry.name), `${prefix}${entry.name}/`));
    } else if (entry.name === 'index.html') {
      pages.push({ path: prefix, lab: readFileSync(path.join(dir, entry.name), 'utf8').includes('data-lab=') });
    }
  }
  return pages;
}

/** What a script counts for: its gzip bytes, and whether it is the terminal chunk. A built file never changes. */
const scriptWeights = new Map<string, { readonly gzip: number; readonly terminal: boolean }>();
function scriptWeight(urlPath: string): { readonly gzip: number; readonly terminal: boolean } {
  let weight = scriptWeights.get(urlPath);
  if (weight === undefined) {
    const bytes = readFileSync(path.join(SITE_DIR, urlPath));
    weight = { gzip: gzipSync(bytes, { level: 9 }).length, terminal: bytes.toString('utf8').includes(TERMINAL_MARKER) };
    scriptWeights.set(urlPath, weight);
  }
  return weight;
}

/**
 * Pages loaded at once. Most of a page's time is the network falling quiet (half a second, two or three times),
 * so a few tabs side by side cut the suite's time without loading the machine more than a student's browser.
 */
const TABS = 3;

describe('page weight in Chromium', { skip }, () => {
  // A block of lab ports of its own, so that its lab pages' sessions never meet another suite's; a closed tab's
  // session ends soon, as this suite never reloads one, so that tabs side by side leave few sessions behind.
  const suite = new BrowserSuite({ labPorts: { first: 36000, last: 36499 }, sessionGraceMs: 1500 });
  before(() => suite.start());
  after(() => suite.close());

  /** The URL paths of the scripts Chromium loads for `urlPath`, once the page and (on a lab page) its terminal are in. */
  async function scriptsOf(urlPath: string, lab: boolean): Promise<Set<string>> {
    const page = await suite.browser.context.newPage();
    const scripts = new Set<string>();
    page.on('response', (response) => {
      if (response.request().resourceType() === 'script') scripts.add(new URL(response.url()).pathname);
    });
    await page.goto(`${suite.server.url}${urlPath}`, { waitUntil: 'networkidle' });
    // The network falls quiet while main.js runs (half a second on a busy machine), before the page asks for
    // its route's chunks: wait until React has hydrated the page, which it does once they are in.
    await page.locator('html[data-has-hydrated="true"]').waitFor({ state: 'attached', timeout: 15_000 });
    await page.waitForLoadState('networkidle');
    // The network can fall quiet before a lab page asked for its lazy chunks: wait for the terminal itself.
    if (lab) {
      await page.locator('.xterm').first().waitFor({ timeout: 15_000 });
      await page.waitForLoadState('networkidle');
    }
    await page.close();
    return scripts;
  }

  it('keeps every page within its JavaScript budget', async () => {
    const pages = builtPages();
    assert.ok(pages.some((page) => page.lab) && pages.some((page) => !page.lab), 'pages of both kinds are built');
    const loaded: Array<Set<string>> = [];
    let next = 0;
    // Each tab takes the next page until none is left; every page is loaded once.
    await Promise.all(
      Array.from({ length: TABS }, async () => {
        while (next < pages.length) {
          const index = next++;
          const { path: urlPath, lab } = pages[index] as { path: string; lab: boolean };
          loaded[index] = await scriptsOf(urlPath, lab);
        }
      }),
    );
    const report: string[] = [];
    for (const [index, { path: urlPath, lab }] of pages.entries()) {
      const scripts = loaded[index];
      assert.ok(scripts !== undefined, `${urlPath} was loaded`);
      let total = 0;
      let terminal = 0;
      for (const script of scripts) {
        const weight = scriptWeight(script);
        if (weight.terminal) terminal += weight.gzip;
        else total += weight.gzip;
      }
      const budget = lab ? BUDGET_WITH_LAB : BUDGET_WITHOUT_LAB;
      report.push(`${urlPath}: ${(total / KB).toFixed(0)} KB (+${(terminal / KB).toFixed(0)} KB terminal)`);
      assert.ok(
        total <= budget,
        `${urlPath} loads ${(total / KB).toFixed(1)} KB gzip of JavaScript; its budget is ${budget / KB} KB`,
      );
      assert.equal(terminal > 0, lab, lab ? `${urlPath} loads the terminal` : `${urlPath} loads no terminal code`);
    }
    // Shown with --test-reporter=spec: where each page stands against its budget.
    console.log(report.join('\n'));
  });

  it('sends the precompressed copy the browser accepts, says it varies, and says scripts are UTF-8', async () => {
    const page = await suite.browser.context.newPage();
    const responses = new Map<
      string,
      { type: string | undefined; encoding: string | undefined; vary: string | undefined }
    >();
    page.on('response', async (response) => {
      const headers = await response.allHeaders();
      responses.set(new URL(response.url()).pathname, {
        type: headers['content-type'],
        encoding: headers['content-encoding'],
        vary: headers.vary,
      });
    });
    await page.goto(`${suite.server.url}/docs/intro/`, { waitUntil: 'networkidle' });
    await page.close();
    const main = [...responses].find(([urlPath]) => /\/assets\/js\/main\.[0-9a-f]+\.js$/.test(urlPath));
    assert.ok(main !== undefined, 'the page loaded main.js');
    // The scripts are minified in UTF-8, not ASCII (see utf8Scripts in docusaurus.config.ts): the charset says so.
    assert.deepEqual(main[1], { type: 'text/javascript; charset=utf-8', encoding: 'br', vary: 'Accept-Encoding' });
    assert.equal(responses.get('/docs/intro/')?.encoding, 'br', 'the HTML too');
  });
});

/**
 * The course in Chinese, in a real browser: a lesson under /zh-Hans/ is in Chinese (the page's `lang`, its
 * heading), the language menu takes the reader to the same page and section in the other language and back,
 * the lesson's lab goes live on the Chinese page and survives the switch (the same session and server), an
 * unknown page under /zh-Hans/ gets the Chinese 404 page, the search box finds a lesson by a Chinese word, and
 * the first lab runs in Chinese: its panel, its shell and its checks (and the English panel has no Chinese).
 */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { BrowserSuite, e2eUnavailable, labPort, pageWaitFor, typeInTerminal, waitForLabLive } from './browser';

const skip = e2eUnavailable();
const LAB = 'tcp-echo';
const HAN = /\p{Script=Han}/u;

describe('the course in Chinese', { skip }, () => {
  const suite = new BrowserSuite({ sessionGraceMs: 10_000 });
  before(() => suite.start());
  after(() => suite.close());

  async function open(path: string): Promise<{ page: Page; problems: string[] }> {
    const page = await suite.browser.context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${suite.server.url}${path}`);
    return { page, problems };
  }

  function waitLive(page: Page): Promise<unknown> {
    return waitForLabLive(page, LAB);
  }

  /** Picks a language from the navbar's language menu, and waits for the page in that language to load. */
  async function switchLanguage(page: Page, label: string, lang: string): Promise<void> {
    await page
      .locator('.navbar .dropdown')
      .filter({ has: page.locator('a[lang]') })
      .hover();
    await Promise.all([
      page.waitForFunction((expected: string) => document.documentElement.lang === expected, lang),
      page.locator(`.navbar .dropdown__menu a[lang="${lang}"]`, { hasText: label }).click(),
    ]);
  }

  it('serves the first lesson in Chinese, with its lab live', async () => {
    const { page, problems } = await open('/zh-Hans/docs/tcp/first-connection?socketlab-test');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-Hans');
    const heading = await page.locator('article h1').innerText();
    assert.equal(heading, '你的第一条 TCP 连接');
    assert.match(await page.locator('#socket').innerText(), HAN, 'a section heading in Chinese, at its English anchor');
    await waitLive(page);
    const port = await labPort(page, LAB);
    await typeInTerminal(page, LAB, 'connect echo', new RegExp(`connect\\(fd 3, 127\\.0\\.0\\.1:${port}\\) = 0`));
    assert.deepEqual(problems, [], 'no script errors on the page');
    await page.close();
  });

  it('switches to the same page and section in English and back, keeping the lab’s session', async () => {
    const { page, problems } = await open('/zh-Hans/docs/tcp/first-connection?socketlab-test#five-tuple');
    await waitLive(page);
    const port = await labPort(page, LAB);

    await switchLanguage(page, 'English', 'en');
    const english = new URL(page.url());
    assert.equal(english.pathname, '/docs/tcp/first-connection');
    assert.equal(english.hash, '#five-tuple', 'the section the reader was in');
    assert.equal(await page.locator('article h1').innerText(), 'Your first TCP connection');
    assert.match(await page.locator('#five-tuple').innerText(), /^The 5-tuple/);
    await waitLive(page);
    assert.equal(await labPort(page, LAB), port, 'the same session, with the same echo server');

    await switchLanguage(page, '简体中文', 'zh-Hans');
    assert.equal(new URL(page.url()).pathname, '/zh-Hans/docs/tcp/first-connection');
    assert.match(await page.locator('#five-tuple').innerText(), /五元组/);
    await waitLive(page);
    assert.equal(await labPort(page, LAB), port);
    assert.deepEqual(problems, [], 'no script errors on the way');
    await page.close();
  });

  /**
   * The lab panel's own words, without what is not words of the UI: code listings, the terminal (read through
   * the test hook instead), the packet rows (Wireshark's Info column reads the same in every language).
   */
  function panelWords(page: Page): Promise<string[]> {
    return page.evaluate((id: string) => {
      const section = document.querySelector(`section[data-lab="${id}"]`);
      if (section === null) return [];
      const copy = section.cloneNode(true) as HTMLElement;
      for (const element of copy.querySelectorAll('pre, code, kbd, .xterm, tbody, svg text')) element.remove();
      const texts: string[] = [];
      const walker = document.createTreeWalker(copy, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
        const text = node.textContent?.trim() ?? '';
        if (text !== '') texts.push(text);
      }
      for (const element of copy.querySelectorAll('[title], [aria-label], [placeholder]')) {
        for (const name of ['title', 'aria-label', 'placeholder']) {
          const value = element.getAttribute(name);
          if (value) texts.push(value);
        }
      }
      return texts;
    }, LAB);
  }

  /** Three English words in a row: a sentence or a label left in English, not a name or a token. */
  const ENGLISH_WORDS = /[A-Za-z]{3,} [a-z]{3,} [a-z]{3,}/;

  it('runs the first lab in Chinese: the panel, the shell and the checks speak it', async () => {
    const { page, problems } = await open('/zh-Hans/docs/tcp/first-connection?socketlab-test');
    await waitLive(page);
    const port = await labPort(page, LAB);
    // `status` is in help's list and not in the greeting, so the list has been printed when it shows.
    const help = await typeInTerminal(page, LAB, 'help', /status/);
    assert.match(help.slice(help.lastIndexOf('help')), HAN, 'help explains in Chinese');
    await typeInTerminal(page, LAB, 'connect echo', new RegExp(`connect\\(fd 3, 127\\.0\\.0\\.1:${port}\\) = 0`));
    await typeInTerminal(page, LAB, 'send Hello,world!', /send\(fd 3, 12 bytes\) = 12/);
    await typeInTerminal(page, LAB, 'recv', /recv\(fd 3, 1024\) = 12 bytes/);
    await typeInTerminal(page, LAB, 'close', /close\(fd 3\) = 0/);
    const checks = await pageWaitFor(
      page,
      (id: string) => {
        const all = window.__socketlab?.checks[id];
        return all !== undefined && all.length > 0 && all.every((check) => check.state === 'passed') ? all : undefined;
      },
      'every check of the lab to pass',
      15_000,
      LAB,
    );
    for (const check of checks) {
      assert.match(check.title, HAN, `the check "${check.title}" is titled in Chinese`);
      assert.match(check.detail, HAN, `the check "${check.title}" explains in Chinese: ${check.detail}`);
    }
    const words = await panelWords(page);
    assert.ok(
      words.some((text) => HAN.test(text)),
      'the panel has Chinese labels',
    );
    assert.deepEqual(
      words.filter((text) => ENGLISH_WORDS.test(text) && !HAN.test(text)),
      [],
      'no label of the panel is left in English',
    );
    assert.deepEqual(problems, [], 'no script errors on the page');
    await page.close();

    const english = await open('/docs/tcp/first-connection?socketlab-test');
    await waitLive(english.page);
    assert.deepEqual(
      (await panelWords(english.page)).filter((text) => HAN.test(text)),
      [],
      'and the English panel has no Chinese in it',
    );
    await english.page.close();
  });

  it('answers an unknown page under /zh-Hans/ with the Chinese 404 page', async () => {
    const response = await fetch(`${suite.server.url}/zh-Hans/docs/no-such-lesson`);
    assert.equal(response.status, 404);
    const html = await response.text();
    assert.match(html, /<html[^>]* lang="?zh-Hans"?/);
    assert.match(html, /找不到页面/);
    assert.match(html, /这个地址没有页面/, 'socketlab’s own 404 text, in Chinese');
    const english = await (await fetch(`${suite.server.url}/docs/no-such-lesson`)).text();
    assert.match(english, /<html[^>]* lang="?en"?/);
  });

  it('finds the handshake lesson by a word inside a Chinese sentence, in the search box', async () => {
    // 半连接队列 (the SYN queue) stands in the middle of a sentence of the handshake lesson, with no space around
    // it: only an index that cuts Chinese into words finds it.
    const { page } = await open('/zh-Hans/docs/intro');
    const search = page.locator('.navbar input.navbar__search-input');
    await search.click();
    await search.pressSequentially('半连接队列');
    const hit = page.locator('[role="listbox"] [role="option"]', { hasText: '三次握手' }).first();
    await hit.waitFor({ timeout: 15_000 });
    assert.match(await hit.innerText(), /课程 › TCP › 三次握手/, 'the hit names the lesson, in Chinese');
    await page.close();
  });
});

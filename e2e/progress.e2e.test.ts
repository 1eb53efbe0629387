/**
 * The course sidebar's "lab done" marks in Chromium: a student passes the first lesson's lab from the
 * terminal (the lab undocked, so the sidebar shows beside it), and the lesson gets its ✓ in the sidebar at
 * once, still after a reload (read from /api/progress), on another page, and in Chinese; a lesson whose lab is
 * not done has none.
 */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { BrowserSuite, e2eUnavailable, labPort, pageWaitFor, typeInTerminal } from './browser';

const skip = e2eUnavailable();
const LAB = 'tcp-echo';

/** The lesson's link in the docs sidebar. */
function sidebarLink(page: Page, href: string) {
  return page.locator(`nav.menu a.menu__link[href="${href}"]`);
}

describe('lab done marks in the course sidebar', { skip }, () => {
  const suite = new BrowserSuite({ labPorts: { first: 59150, last: 59199 } });
  before(() => suite.start());
  after(() => suite.close());

  it('marks the lesson done once its lab passed, and still after a reload, on other pages and in Chinese', async () => {
    const page = await suite.openLesson('tcp/first-connection', LAB);
    // A docked lab puts the course sidebar aside; in the lesson, the sidebar shows beside it.
    await page.getByRole('button', { name: 'Undock' }).click();
    const lesson = sidebarLink(page, '/docs/tcp/first-connection');
    await lesson.waitFor();
    assert.equal(await lesson.getByRole('img', { name: 'Lab done' }).count(), 0, 'no mark before the lab passed');

    const port = await labPort(page, LAB);
    await typeInTerminal(page, LAB, 'connect echo', new RegExp(`connect\\(fd 3, 127\\.0\\.0\\.1:${port}\\) = 0`));
    await typeInTerminal(page, LAB, 'send Hello,world!', /send\(fd 3, 12 bytes\) = 12/);
    await typeInTerminal(page, LAB, 'recv', /recv\(fd 3, 1024\) = 12 bytes/);
    await typeInTerminal(page, LAB, 'close', /close\(fd 3\) = 0/);
    await pageWaitFor(
      page,
      (id: string) => {
        const checks = window.__socketlab?.checks[id] ?? [];
        return checks.length > 0 && checks.every((check) => check.state === 'passed');
      },
      'every check to pass',
      15_000,
      LAB,
    );
    const mark = lesson.getByRole('img', { name: 'Lab done' });
    await mark.waitFor({ timeout: 10_000 });
    assert.equal(await mark.innerText(), '✓');
    assert.match((await lesson.getAttribute('aria-current')) ?? '', /page/, 'the mark sits in the lesson’s own link');

    await page.reload();
    await sidebarLink(page, '/docs/tcp/first-connection')
      .getByRole('img', { name: 'Lab done' })
      .waitFor({ timeout: 10_000 });
    // Other lessons' labs are not done.
    assert.equal(
      await sidebarLink(page, '/docs/tcp/handshake').getByRole('img', { name: 'Lab done' }).count(),
      0,
      'the handshake lesson has no mark',
    );

    await page.goto(`${suite.server.url}/docs/intro`);
    await sidebarLink(page, '/docs/tcp/first-connection')
      .getByRole('img', { name: 'Lab done' })
      .waitFor({ timeout: 10_000 });

    await page.goto(`${suite.server.url}/zh-Hans/docs/intro`);
    await sidebarLink(page, '/zh-Hans/docs/tcp/first-connection')
      .getByRole('img', { name: '实验已完成' })
      .waitFor({ timeout: 10_000 });
    await page.close();
  });
});

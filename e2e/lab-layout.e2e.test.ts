/**
 * The lab beside the steps, in Chromium: at 1400×900 the lab docks on the right, and while a student does lesson
 * 1 the steps, the terminal and the checks are all inside the window, the steps tick as the checks pass, and the
 * lab stays in view while the text scrolls; undocking is remembered across a reload, and switching never
 * restarts the session. At 390×844 the lab is a sheet the student opens and closes, the session living on.
 */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { BrowserSuite, e2eUnavailable, pageWaitFor, terminalText, typeInTerminal, waitForLabLive } from './browser';

const skip = e2eUnavailable();
const LAB = 'tcp-echo';
const LESSON = 'tcp/first-connection';

/** Whether the whole element is inside the window (a few pixels of rounding allowed). */
async function inViewport(page: Page, locator: Locator): Promise<boolean> {
  const box = await locator.boundingBox();
  const size = page.viewportSize();
  if (box === null || size === null) return false;
  return box.y >= -1 && box.x >= -1 && box.y + box.height <= size.height + 1 && box.x + box.width <= size.width + 1;
}

async function stepStates(page: Page): Promise<string[]> {
  return page
    .locator('[data-lab-steps] li')
    .evaluateAll((items) => items.map((item) => item.getAttribute('data-state') ?? ''));
}

describe('the lab beside the steps in Chromium', { skip }, () => {
  const suite = new BrowserSuite({ sessionGraceMs: 3000 });
  before(() => suite.start());
  after(() => suite.close());

  it('docks at 1400×900 and keeps steps, terminal and checks in view through lesson 1', async () => {
    const page = await suite.browser.context.newPage();
    await page.setViewportSize({ width: 1400, height: 900 });
    await page.goto(`${suite.server.url}/docs/${LESSON}?socketlab-test`);
    await pageWaitFor(page, () => window.__socketlab?.status['tcp-echo'] === 'live', 'the lab to go live');
    const dock = page.locator(`[data-lab-dock="${LAB}"]`);
    assert.equal(await dock.count(), 1, 'the lab is docked');
    const steps = dock.locator('[data-lab-steps]');
    const terminal = dock.locator('.xterm');
    const checks = dock.locator('[data-check]');
    for (const command of ['connect echo', 'send Hello,world!', 'recv', 'close']) {
      await typeInTerminal(page, LAB, command, command === 'close' ? /FIN sent/ : /\$ $/m);
      for (const [what, locator] of [
        ['the steps', steps],
        ['the terminal', terminal],
        ['the last check', checks.last()],
      ] as const) {
        assert.ok(await inViewport(page, locator), `${what} in view after "${command}"`);
      }
    }
    await pageWaitFor(
      page,
      () => [...document.querySelectorAll('[data-lab-steps] li[data-state="passed"]')].length === 4,
      'the four steps to tick',
    );
    assert.deepEqual(await stepStates(page), ['passed', 'passed', 'passed', 'passed', 'pending']);
    // The text scrolls; the lab does not move.
    const before = await dock.boundingBox();
    await page.mouse.move(300, 500);
    await page.mouse.wheel(0, 4000);
    await page.waitForTimeout(200);
    assert.ok((await page.evaluate(() => window.scrollY)) > 1000, 'the lesson scrolled');
    assert.deepEqual(await dock.boundingBox(), before, 'the docked lab stayed where it was');
    assert.ok(await inViewport(page, terminal));
    await page.close();
  });

  it('docks in every lesson, in both languages, on a plain visit', async () => {
    for (const prefix of ['', '/zh-Hans']) {
      for (const [lesson, lab] of [
        ['tcp/first-connection', 'tcp-echo'],
        ['tcp/handshake', 'tcp-handshake'],
        ['tcp/closing', 'tcp-teardown'],
      ] as const) {
        const page = await suite.browser.context.newPage();
        await page.setViewportSize({ width: 1400, height: 900 });
        await page.goto(`${suite.server.url}${prefix}/docs/${lesson}`);
        await page.locator(`[data-lab-dock="${lab}"] .xterm`).waitFor({ timeout: 15_000 });
        await page.close();
      }
    }
  });

  it('remembers undocking across a reload, and never restarts the session when switching', async () => {
    const page = await suite.openLesson(LESSON, LAB);
    await page.setViewportSize({ width: 1400, height: 900 });
    await typeInTerminal(page, LAB, 'connect echo', /= 0/);
    await page.getByRole('button', { name: 'Undock' }).click();
    assert.equal(await page.locator(`[data-lab-dock="${LAB}"]`).count(), 0, 'no dock any more');
    assert.match(await terminalText(page, LAB), /connect\(fd 3/, 'the same terminal, moved into the lesson');
    await typeInTerminal(page, LAB, 'status', /3 +tcp +established/);
    await page.reload();
    await pageWaitFor(page, () => window.__socketlab?.status['tcp-echo'] === 'live', 'the lab to go live again');
    assert.equal(await page.locator(`[data-lab-dock="${LAB}"]`).count(), 0, 'still inline after the reload');
    await page.getByRole('button', { name: 'Dock beside the lesson' }).click();
    assert.equal(await page.locator(`[data-lab-dock="${LAB}"]`).count(), 1, 'docked again');
    await typeInTerminal(page, LAB, 'status', /3 +tcp +established/);
    await page.close();
  });

  it('sets the dock’s width with the divider, by pointer and by keyboard, and remembers it', async () => {
    const page = await suite.openLesson(LESSON, LAB);
    await page.setViewportSize({ width: 1400, height: 900 });
    const dock = page.locator(`[data-lab-dock="${LAB}"]`);
    const divider = dock.getByRole('separator', { name: 'Resize the lab' });
    const box = (await divider.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + 200);
    await page.mouse.down();
    await page.mouse.move(700, box.y + 200, { steps: 5 });
    await page.mouse.up();
    const dragged = (await dock.boundingBox())!.width;
    assert.ok(Math.abs(dragged - 700) <= 8, `dragged to about 700 px, got ${dragged}`);
    await divider.focus();
    await page.keyboard.press('ArrowRight');
    assert.ok((await dock.boundingBox())!.width < dragged, 'the arrow key narrows it');
    const narrowed = (await dock.boundingBox())!.width;
    await page.reload();
    await pageWaitFor(page, () => window.__socketlab?.status['tcp-echo'] === 'live', 'the lab to go live again');
    assert.equal((await page.locator(`[data-lab-dock="${LAB}"]`).boundingBox())!.width, narrowed, 'remembered');
    await page.close();
  });

  it('lands a cold deep link (#lab) on its heading, in every lesson, after the lab arrived', async () => {
    for (const [lesson, lab] of [
      ['tcp/first-connection', 'tcp-echo'],
      ['tcp/handshake', 'tcp-handshake'],
      ['tcp/closing', 'tcp-teardown'],
    ] as const) {
      const page = await suite.browser.context.newPage();
      await page.setViewportSize({ width: 1400, height: 900 });
      await page.goto(`${suite.server.url}/docs/${lesson}?socketlab-test#lab`);
      await waitForLabLive(page, lab);
      await page.waitForTimeout(300);
      const top = await page.locator('#lab').evaluate((heading) => heading.getBoundingClientRect().top);
      assert.ok(top >= 0 && top <= 120, `${lesson}#lab: the heading is at the top of the window (${top} px)`);
      await page.close();
    }
  });

  it('is a sheet at 390×844 that opens and closes, the session living on', async () => {
    const page = await suite.browser.context.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${suite.server.url}/docs/${LESSON}?socketlab-test#lab`);
    await pageWaitFor(page, () => window.__socketlab?.status['tcp-echo'] === 'live', 'the lab to go live');
    const sheet = page.locator(`[data-lab-sheet="${LAB}"]`);
    assert.equal(await sheet.isVisible(), false, 'closed at first');
    await page.getByRole('button', { name: 'Open the lab' }).click();
    // Open once it has slid all the way up.
    await pageWaitFor(
      page,
      () => document.querySelector('[data-lab-sheet]')?.getBoundingClientRect().top === 0,
      'the sheet to open',
    );
    for (const locator of [sheet.locator('[data-lab-steps]'), sheet.locator('.xterm')]) {
      assert.ok(await inViewport(page, locator), 'steps and terminal fill the sheet');
    }
    await typeInTerminal(page, LAB, 'connect echo', /= 0/);
    await sheet.getByRole('button', { name: 'Close' }).focus();
    await page.keyboard.press('Escape');
    await pageWaitFor(
      page,
      () => getComputedStyle(document.querySelector('[data-lab-sheet]')!).visibility === 'hidden',
      'the sheet to close',
    );
    await page.getByRole('button', { name: 'Open the lab' }).click();
    await typeInTerminal(page, LAB, 'status', /3 +tcp +established/);
    await sheet.getByRole('button', { name: 'Close' }).click();
    await pageWaitFor(
      page,
      () => getComputedStyle(document.querySelector('[data-lab-sheet]')!).visibility === 'hidden',
      'the sheet to close with its button',
    );
    await page.close();
  });
});

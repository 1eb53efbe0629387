/**
 * Makes the README's screenshot from the real product: starts the lab server with the built site, runs the
 * first lab in Chromium from its terminal, and captures the page. `node --import tsx e2e/screenshot.ts
 * [out.png] [light|dark]`.
 */

import { launchBrowser, pageWaitFor, startSite } from './browser';

const out = process.argv[2] ?? 'static/img/screenshot.png';
const scheme = process.argv[3] === 'dark' ? 'dark' : 'light';
const server = await startSite({ labPorts: { first: 44000, last: 44999 } });
const browser = await launchBrowser();
try {
  const page = await browser.context.newPage();
  await page.emulateMedia({ colorScheme: scheme });
  await page.setViewportSize({ width: 1280, height: 1500 });
  await page.goto(`${server.url}/docs/tcp/first-connection?socketlab-test`);
  await pageWaitFor(page, () => window.__socketlab?.status['tcp-echo'] === 'live', 'the lab');
  const terminal = page.locator('.xterm').first();
  await terminal.scrollIntoViewIfNeeded();
  await terminal.click();
  for (const line of ['connect echo', 'send Hello,world!', 'recv', 'close']) {
    await page.keyboard.type(`${line}\r`);
    await page.waitForTimeout(400);
  }
  await pageWaitFor(
    page,
    () => (window.__socketlab?.checks['tcp-echo'] ?? []).every((check) => check.state === 'passed'),
    'the checks',
  );
  await page.waitForTimeout(300);
  const panel = page.locator('section[data-lab="tcp-echo"]').first();
  if ((await panel.count()) > 0) await panel.screenshot({ path: out });
  else await page.screenshot({ path: out, fullPage: false });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  await server.close();
}

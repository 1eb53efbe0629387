/**
 * `npm run screenshots [-- out-dir]`: a picture of every lesson as students see it, in both themes and both
 * languages, at a desktop size (the lab docked beside the text) and a phone size (the lab's sheet open), with
 * the lab live and its first step done from the terminal. They are for people to look at — a review of the
 * course's look after a change — not oracles: no test compares them. Written to `screenshots/` by default.
 */

import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { launchBrowser, pageWaitFor, SITE_DIR, startSite, typeInTerminal } from './browser';

const LESSONS = [
  { path: 'tcp/first-connection', lab: 'tcp-echo' },
  { path: 'tcp/handshake', lab: 'tcp-handshake' },
  { path: 'tcp/closing', lab: 'tcp-teardown' },
] as const;
const LOCALES = [
  { id: 'en', prefix: '' },
  { id: 'zh-Hans', prefix: '/zh-Hans' },
] as const;
const THEMES = ['light', 'dark'] as const;
const SIZES = [
  { id: 'desktop', width: 1400, height: 900 },
  { id: 'phone', width: 390, height: 844 },
] as const;

/**
 * Where Docusaurus keeps the chosen colour mode: `theme` plus the site's storage namespace (a locale's build has
 * its own), read from the built page's start-up script so that it follows the configuration.
 */
function colorModeKey(prefix: string): string {
  const html = readFileSync(path.join(SITE_DIR, prefix, 'index.html'), 'utf8');
  return /localStorage\.getItem\("(theme[^"]*)"\)/.exec(html)?.[1] ?? 'theme';
}

const outDir = path.resolve(process.argv[2] ?? 'screenshots');
await mkdir(outDir, { recursive: true });
const server = await startSite({ labPorts: { first: 44000, last: 44999 }, sessionGraceMs: 500 });
const browser = await launchBrowser();
let count = 0;
try {
  for (const theme of THEMES) {
    for (const locale of LOCALES) {
      for (const lesson of LESSONS) {
        for (const size of SIZES) {
          const page = await browser.context.newPage();
          await page.addInitScript(
            (choice: { key: string; mode: string }) => window.localStorage.setItem(choice.key, choice.mode),
            { key: colorModeKey(locale.prefix), mode: theme },
          );
          await page.setViewportSize({ width: size.width, height: size.height });
          await page.goto(`${server.url}${locale.prefix}/docs/${lesson.path}?socketlab-test#lab`);
          await pageWaitFor(
            page,
            (id: string) => window.__socketlab?.status[id] === 'live',
            'the lab',
            15_000,
            lesson.lab,
          );
          if (size.id === 'phone') {
            await page.locator(`[data-lab-slot="${lesson.lab}"] button`).first().click();
            await pageWaitFor(
              page,
              () => document.querySelector('[data-lab-sheet]')?.getBoundingClientRect().top === 0,
              'the sheet to open',
            );
          }
          await typeInTerminal(page, lesson.lab, 'connect echo', /= 0/);
          await page.waitForTimeout(500);
          const file = path.join(outDir, `${lesson.path.replace('/', '-')}.${locale.id}.${theme}.${size.id}.png`);
          await page.screenshot({ path: file });
          count++;
          await page.close();
        }
      }
    }
  }
  console.log(`screenshots: wrote ${count} pictures to ${outDir}`);
} finally {
  await browser.close();
  await server.close();
}

/**
 * Starts Debian's Chromium through playwright-core for the end-to-end tests, the way this project runs it
 * everywhere: headless, with a fresh profile directory per run, and with every background service that would
 * try to reach the internet turned off. Also starts a lab server serving the built site on a free port, and
 * holds what the browser tests do again and again: a suite's server and browser, opening a lesson until its
 * lab is live, typing into a lab's terminal until it answers, reading the port of a lab's server.
 */

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { type RunningLabServer, startLabServer } from '../lab-server/lab-server';
import { setQuiet } from '../lab-server/log';
import { testDataDir } from '../lab-server/testing/test-data-dir';
import { LABS } from '../labs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SITE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'build');

export function e2eUnavailable(): string | false {
  if (!existsSync(CHROMIUM)) return `Chromium is not installed at ${CHROMIUM} (apt-get install chromium)`;
  if (!existsSync(path.join(SITE_DIR, 'index.html'))) return 'the site is not built (npm run build)';
  return false;
}

export interface Browser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/** `ignoreHTTPSErrors`: accept a lab server's certificate from a CA the browser does not know (HTTPS tests). */
export async function launchBrowser(options: { readonly ignoreHTTPSErrors?: boolean } = {}): Promise<Browser> {
  const profile = await mkdtemp(path.join(os.tmpdir(), 'socketlab-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    ...options,
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

export interface SiteOptions {
  /** The lab server's port; 0 (the default) picks a free one. A restart test starts a second server on it. */
  readonly port?: number;
  readonly maxSessions?: number;
  readonly sessionGraceMs?: number;
  readonly labPorts?: { first: number; last: number };
  readonly capture?: 'auto' | 'off';
  readonly tsharkPath?: string;
}

export async function startSite(options: SiteOptions = {}) {
  setQuiet(true);
  return startLabServer(
    {
      port: options.port ?? 0,
      ...(options.maxSessions === undefined ? {} : { maxSessions: options.maxSessions }),
      siteDir: SITE_DIR,
      sessionGraceMs: options.sessionGraceMs ?? 10_000,
      labPorts: options.labPorts ?? { first: 43000, last: 43999 },
      version: 'e2e',
      dataDir: testDataDir(),
      capture: options.capture ?? 'off',
      ...(options.tsharkPath === undefined ? {} : { tsharkPath: options.tsharkPath }),
    },
    LABS,
  );
}

/** Waits, with a deadline, until `probe` (run in the page) returns a truthy value, and returns it. */
export async function pageWaitFor<T, A = undefined>(
  page: Page,
  probe: (argument: A) => T,
  what: string,
  ms = 15_000,
  argument?: A,
): Promise<NonNullable<T>> {
  try {
    // The probe runs in the page; playwright's overloads cannot relate its argument type to ours.
    const handle = await page.waitForFunction(probe as (argument: unknown) => T, argument, {
      timeout: ms,
      polling: 50,
    });
    return (await handle.jsonValue()) as NonNullable<T>;
  } catch (error) {
    throw new Error(`timed out waiting for ${what}: ${error instanceof Error ? error.message.split('\n')[0] : error}`);
  }
}

/**
 * What one suite of browser tests runs against: a lab server serving the built site, and a Chromium to open
 * its pages in. The suite calls `start()` in its `before` and `close()` in its `after`.
 */
/** Waits until the page's lab `lab` is live (its session welcomed it), as a student would before typing. */
export function waitForLabLive(page: Page, lab: string): Promise<unknown> {
  return pageWaitFor(
    page,
    (id: string) => window.__socketlab?.status[id] === 'live',
    'the lab to go live',
    15_000,
    lab,
  );
}

export class BrowserSuite {
  readonly #options: SiteOptions;
  #server: RunningLabServer | undefined;
  #browser: Browser | undefined;
  #noCapture: string | false = false;

  constructor(options: SiteOptions = {}) {
    this.#options = options;
  }

  async start(): Promise<void> {
    this.#server = await startSite(this.#options);
    const capture = await this.#server.captureReady;
    if (capture.state !== 'running') this.#noCapture = `capture unavailable here: ${capture.reason.en}`;
    this.#browser = await launchBrowser();
  }

  async close(): Promise<void> {
    await this.#browser?.close();
    await this.#server?.close();
  }

  get server(): RunningLabServer {
    assert.ok(this.#server !== undefined, 'the suite has not started');
    return this.#server;
  }

  get browser(): Browser {
    assert.ok(this.#browser !== undefined, 'the suite has not started');
    return this.#browser;
  }

  /** Why the server captures no packets, for the tests that need them to skip with; false while it captures. */
  get noCapture(): string | false {
    return this.#noCapture;
  }

  /**
   * Opens a lesson (its path under /docs/, as `tcp/handshake`) in a new tab with the test hook on, and waits for
   * the lesson's lab to go live; fails if the page threw a script error on the way.
   */
  async openLesson(lesson: string, lab: string): Promise<Page> {
    const page = await this.browser.context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${this.server.url}/docs/${lesson}?socketlab-test`);
    await waitForLabLive(page, lab);
    assert.deepEqual(problems, [], 'no script errors on the page');
    return page;
  }
}

/** Everything the lab's terminal holds, scrollback included. */
export function terminalText(page: Page, lab: string): Promise<string> {
  return page.evaluate((id: string) => window.__socketlab?.terminals[id]?.lines().join('\n') ?? '', lab);
}

/** Types a line into the lab's terminal and waits until the terminal shows `expect`; returns what it shows. */
export async function typeInTerminal(page: Page, lab: string, line: string, expect: RegExp): Promise<string> {
  await page.locator(`section[data-lab="${lab}"] .xterm`).first().click();
  await page.keyboard.type(`${line}\r`);
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const text = await terminalText(page, lab);
    if (expect.test(text)) return text;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`terminal never showed ${expect} after "${line}":\n${await terminalText(page, lab)}`);
}

/** The port of the lab's (first) server, once the lab has said it. */
export function labPort(page: Page, lab: string): Promise<number> {
  return pageWaitFor(page, (id: string) => window.__socketlab?.servers[id]?.[0]?.port, 'the port', 10_000, lab);
}

export type { RunningLabServer };

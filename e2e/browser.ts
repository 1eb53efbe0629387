/**
 * Starts Debian's Chromium through playwright-core for the end-to-end tests, the way this project runs it
 * everywhere: headless, with a fresh profile directory per run, and with every background service that would
 * try to reach the internet turned off. Also starts a lab server serving the built site on a free port.
 */

import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { type RunningLabServer, startLabServer } from '../lab-server/lab-server';
import { setQuiet } from '../lab-server/log';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SITE_DIR = path.resolve(import.meta.dirname, '..', 'build');

export function e2eUnavailable(): string | false {
  if (!existsSync(CHROMIUM)) return `Chromium is not installed at ${CHROMIUM} (apt-get install chromium)`;
  if (!existsSync(path.join(SITE_DIR, 'index.html'))) return 'the site is not built (npm run build)';
  return false;
}

export interface Browser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<Browser> {
  const profile = await mkdtemp(path.join(os.tmpdir(), 'socketlab-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
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

export async function startSite(
  options: {
    sessionGraceMs?: number;
    labPorts?: { first: number; last: number };
    capture?: 'auto' | 'off';
    tsharkPath?: string;
  } = {},
) {
  setQuiet(true);
  return startLabServer({
    port: 0,
    siteDir: SITE_DIR,
    sessionGraceMs: options.sessionGraceMs ?? 10_000,
    labPorts: options.labPorts ?? { first: 43000, last: 43999 },
    version: 'e2e',
    capture: options.capture ?? 'off',
    ...(options.tsharkPath === undefined ? {} : { tsharkPath: options.tsharkPath }),
  });
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

export type { RunningLabServer };

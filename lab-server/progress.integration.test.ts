/**
 * Progress that survives: a real lab server process (`npm start`'s entry point) on a data directory of its
 * own, the first lab passed through its echo server, the process killed with SIGKILL the moment the page got
 * the last green check, and a new process on the same directory: its new session of the lab starts with those
 * checks passed, saying when, and `/api/progress` says the lab is done. A store that fails gives the page
 * LAB_ERR_PROGRESS_NOT_SAVED, and the check is not shown green.
 */

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { LABS } from '../labs';
import { echoOnce } from '../labs/tcp-echo/solution';
import { startLabServer } from './lab-server';
import { setQuiet } from './log';
import {
  killLabServerProcess as kill,
  type LabServerProcess,
  startLabServerProcess,
} from './testing/lab-server-process';
import { TestClient } from './testing/test-client';

setQuiet(true);

const ECHO = LABS.find((lab) => lab.id === 'tcp-echo')!;
const CHECKS = ECHO.checks.map((check) => check.id);
/** The tcp-echo lab's checks, passed by its reference solution; resolves the moment the last one is green. */
async function passEcho(page: TestClient): Promise<void> {
  assert.equal(await echoOnce('127.0.0.1', page.port()), 'Hello,world!');
  for (const id of CHECKS) await page.waitForCheck(id, 'passed', 10_000);
}

describe('progress across a killed lab server', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'socketlab-progress-'));
  const started: LabServerProcess[] = [];
  after(async () => {
    for (const server of started) await kill(server);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps every check the page showed green, and shows them passed, with their times, in a new session', async () => {
    const first = await startLabServerProcess({ DATA_DIR: dataDir, LAB_PORTS: '59000-59049' });
    started.push(first);
    const page = await TestClient.open(first.url);
    assert.deepEqual(
      page.welcome.checks.map((check) => check.state),
      CHECKS.map(() => 'pending'),
      'a new data directory has no progress',
    );
    const before = Date.now();
    await passEcho(page);
    await kill(first);
    const after = Date.now();

    const second = await startLabServerProcess({ DATA_DIR: dataDir, LAB_PORTS: '59050-59099' });
    started.push(second);
    const again = await TestClient.open(second.url);
    for (const check of again.welcome.checks) {
      assert.equal(check.state, 'passed', check.id);
      assert.match(check.detail, /^Passed on \d{1,2} [A-Z][a-z]{2} \d{2}:\d{2}, in an earlier session\.$/, check.id);
    }
    const chinese = await TestClient.open(second.url, 'tcp-echo', { locale: 'zh-Hans' });
    assert.match(chinese.welcome.checks[0]!.detail, /^已在 \d{1,2}月\d{1,2}日 \d{2}:\d{2} 的一次实验中通过。$/);

    const response = await fetch(`${second.url}/api/progress`);
    assert.equal(response.status, 200);
    const progress = (await response.json()) as {
      labs: Record<string, { checks: { id: string; firstPassedAt: number }[]; done: boolean }>;
    };
    const echo = progress.labs['tcp-echo'];
    assert.equal(echo?.done, true);
    assert.deepEqual(echo.checks.map((check) => check.id).sort(), [...CHECKS].sort());
    for (const check of echo.checks) {
      assert.ok(check.firstPassedAt >= before - 1000 && check.firstPassedAt <= after, `${check.id} passed then`);
    }
    // The page's own detail names the same minute the store holds.
    const firstTime = new Date(echo.checks.find((check) => check.id === CHECKS[0])!.firstPassedAt);
    const minute = `${String(firstTime.getHours()).padStart(2, '0')}:${String(firstTime.getMinutes()).padStart(2, '0')}`;
    assert.ok(again.welcome.checks[0]!.detail.includes(minute), again.welcome.checks[0]!.detail);
    await again.close();
    await chinese.close();
    await kill(second);
  });
});

describe('progress for pages of another origin', () => {
  it('lets a page of EXTRA_ORIGINS read /api/progress, and no other', async () => {
    const dev = 'http://localhost:3000';
    const server = await startLabServer(
      { port: 0, labPorts: { first: 59100, last: 59149 }, extraOrigins: [dev] },
      LABS,
    );
    try {
      const allowed = await fetch(`${server.url}/api/progress`, { headers: { origin: dev } });
      assert.equal(allowed.headers.get('access-control-allow-origin'), dev);
      assert.deepEqual(await allowed.json(), { labs: {} }, 'nothing passed yet');
      const other = await fetch(`${server.url}/api/progress`, { headers: { origin: 'http://elsewhere.example' } });
      assert.equal(other.headers.get('access-control-allow-origin'), null);
    } finally {
      await server.close();
    }
  });
});

describe('progress when the store fails', () => {
  it('gives the page LAB_ERR_PROGRESS_NOT_SAVED and never shows the check green', async () => {
    const server = await startLabServer({ port: 0, labPorts: { first: 59100, last: 59149 } }, LABS);
    try {
      const page = await TestClient.open(server.url);
      await server.progress.close();
      await echoOnce('127.0.0.1', page.port());
      const error = await page.waitFor((m) => m.type === 'error' && m.code === 'LAB_ERR_PROGRESS_NOT_SAVED', 10_000);
      assert.ok(error.type === 'error' && !error.fatal);
      const check = await page.waitForCheck('connected', 'failed', 10_000);
      assert.match(check.detail, /could not save it/);
      // Every check the echo passed came back failed, none green.
      for (const id of CHECKS) await page.waitForCheck(id, 'failed', 10_000);
      const shownGreen = page.messages.filter((m) => m.type === 'check' && m.check.state === 'passed');
      assert.deepEqual(shownGreen, []);
      await page.close();
    } finally {
      await server.close().catch(() => undefined);
    }
  });
});

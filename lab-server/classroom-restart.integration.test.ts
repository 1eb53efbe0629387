/**
 * A classroom through a SIGKILL: the real lab server process in classroom mode, a student joined and passing
 * the first lab, the process killed the moment the page showed the last check green, and a new process on the
 * same data directory. The student's cookie still names them, their new session starts with every check passed,
 * the instructor's roster and grades say so, and the join code on the board is the same.
 */

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { LABS } from '../labs';
import { echoOnce } from '../labs/tcp-echo/solution';
import { PROTOCOL_VERSION, type RosterStudent } from '../src/protocol';
import { ClassroomClient } from './classroom/testing/classroom-server';
import { killLabServerProcess, type LabServerProcess, startLabServerProcess } from './testing/lab-server-process';
import { TestClient } from './testing/test-client';

const CHECKS = LABS.find((lab) => lab.id === 'tcp-echo')!.checks.map((check) => check.id);
const PASSWORD = 'restart-proof password';

/** The join code from the line the lab server prints at start, for the instructor to project. */
async function joinCodeOf(server: LabServerProcess): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const found = /students join at \S+\/join\/\?code=([A-Z0-9]+)/.exec(server.output());
    if (found?.[1] !== undefined) return found[1];
    assert.ok(Date.now() < deadline, `no join line: ${server.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function openLab(url: string, cookie: string): Promise<TestClient> {
  const page = await TestClient.connect(url, url, { cookie });
  page.send({ type: 'hello', protocol: PROTOCOL_VERSION, lab: 'tcp-echo', cols: 120, rows: 30 });
  await page.waitFor((m) => m.type === 'welcome');
  return page;
}

describe('a classroom across a killed lab server', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'socketlab-classroom-restart-'));
  const started: LabServerProcess[] = [];
  after(async () => {
    for (const server of started) await killLabServerProcess(server);
    rmSync(dataDir, { recursive: true, force: true });
  });
  const env = (ports: string) => ({
    LAB_MODE: 'classroom',
    DATA_DIR: dataDir,
    LAB_PORTS: ports,
    INSTRUCTOR_PASSWORD: PASSWORD,
  });

  it('keeps who joined, what they passed, and the join code', async () => {
    const first = await startLabServerProcess(env('62400-62449'));
    started.push(first);
    const code = await joinCodeOf(first);
    const student = new ClassroomClient(first);
    const joined = await student.post('/api/classroom/join', { code, name: '张伟' });
    assert.equal(joined.status, 200, JSON.stringify(joined.body));
    const id = (joined.body.student as { id: string }).id;
    const page = await openLab(first.url, student.cookieHeader);
    assert.equal(await echoOnce('127.0.0.1', page.port()), 'Hello,world!');
    for (const check of CHECKS) await page.waitForCheck(check, 'passed', 10_000);
    await killLabServerProcess(first);

    const second = await startLabServerProcess(env('62450-62499'));
    started.push(second);
    assert.equal(await joinCodeOf(second), code, 'the code on the board still works');
    const again = await openLab(second.url, student.cookieHeader);
    assert.deepEqual(
      again.welcome.checks.map((check) => check.state),
      CHECKS.map(() => 'passed'),
      'the same student, with everything they saw green',
    );
    await again.close();

    const instructor = new ClassroomClient(second);
    assert.equal((await instructor.post('/api/instructor/login', { password: PASSWORD })).status, 200);
    const roster = await instructor.get('/api/instructor/roster');
    const row = (roster.body.students as RosterStudent[]).find((student) => student.id === id);
    assert.equal(row?.name, '张伟');
    assert.deepEqual(Object.keys(row?.checks['tcp-echo'] ?? {}).sort(), [...CHECKS].sort());
    await killLabServerProcess(second);
  });
});

/**
 * The classroom section of `npm run bench`: a class of N students (CLASSROOM_STUDENTS, 500 by default) against a
 * real lab server process in classroom mode, with a fresh DATA_DIR (its SQLite progress store) and `CAPTURE=off`.
 * The first half joins and passes the first lab while the instructor's dashboard watches (classroom-cohort.ts);
 * then the lab server is killed with SIGKILL, started again on the same DATA_DIR and port, and the roster it
 * serves is compared with every check the students' pages saw green before the kill; then the second half joins
 * and passes. Beside it, the same run's floors (classroom-baselines.ts): `GET /healthz` of the same server at the
 * same concurrency, and durable SQLite writes with synchronous=FULL. Only the lab servers started here are
 * signalled, by the pid spawn returned; the temporary directory is removed at the end.
 */

import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { LABS } from '../labs';
import { type Child, stopChild } from './children';
import { measureHealthz, measureSqliteFull, type RateResult } from './classroom-baselines';
import { type CohortResult, FIRST_LAB, type JoinedStudent, runCohort } from './classroom-cohort';
import { DashboardFeed } from './classroom-dashboard';
import { requestJson } from './classroom-http';
import { describeEnvironment, getHealth, type LabServerFiles, spawnLabServer } from './lab-server-child';
import { readRssKb } from './proc';

export interface ClassroomSettings extends LabServerFiles {
  readonly students: number;
  readonly concurrency: number;
  readonly openPages: number;
  /** The lab server's HTTP port and its LAB_PORTS, kept apart: a block of the run's own. */
  readonly httpPort: number;
  readonly labPorts: string;
  readonly timeoutMs: number;
  readonly stopTimeoutMs: number;
  readonly say: (text: string) => void;
}

export interface RosterCheck {
  readonly students: number;
  readonly expectedStudents: number;
  readonly checks: number;
  readonly expectedChecks: number;
}

export interface ClassroomOutcome {
  readonly env: string;
  readonly checksPerStudent: number;
  readonly first: CohortResult;
  readonly second: CohortResult;
  readonly healthz: RateResult;
  readonly sqlite: RateResult;
  readonly rss: {
    readonly idleKb: number;
    readonly restartedKb: number;
    readonly endKb: number;
  };
  readonly restart: {
    readonly killedBy: string;
    /** Spawn → `/healthz` answering, polled every RESTART_POLL_MS. */
    readonly readyMs: number;
    readonly roster: RosterCheck;
  };
  readonly final: RosterCheck;
  /** Messages of the dashboard feed by type, before the kill and after the restart. */
  readonly feed: { readonly first: FeedCounts; readonly second: FeedCounts };
  readonly databaseBytes: { readonly beforeKill: number; readonly end: number };
  /** Rows of the store's tables at the end, read from the file once the lab server stopped. */
  readonly rows: { readonly students: number; readonly passes: number; readonly events: number };
  readonly stopped: string;
  readonly seconds: number;
}

export type FeedCounts = Readonly<Record<string, number>>;

const PASSWORD = 'a benchmark instructor password';
const RESTART_POLL_MS = 10;
const ROSTER_TIMEOUT_MS = 15_000;
/** Durable writes of the floor at most, and its time budget. */
const SQLITE_MAX_MS = 10_000;
const CHECKS = LABS.find((lab) => lab.id === FIRST_LAB)?.checks.map((check) => check.id) ?? [];

export async function runClassroomSection(settings: ClassroomSettings): Promise<ClassroomOutcome> {
  const started = performance.now();
  const temp = await mkdtemp(path.join(os.tmpdir(), 'socketlab-bench-classroom-'));
  const dataDir = path.join(temp, 'data');
  const url = `http://127.0.0.1:${settings.httpPort}`;
  const environment: Record<string, string> = {
    HOST: '127.0.0.1',
    PORT: String(settings.httpPort),
    LAB_PORTS: settings.labPorts,
    LAB_MODE: 'classroom',
    CAPTURE: 'off',
    MAX_STUDENTS: String(settings.students * 2),
    MAX_SESSIONS: '1000',
    SESSION_GRACE_MS: '1000',
    INSTRUCTOR_PASSWORD: PASSWORD,
    DATA_DIR: dataDir,
  };
  const shown = Object.fromEntries(
    Object.entries(environment).filter(([name]) => name !== 'DATA_DIR' && name !== 'INSTRUCTOR_PASSWORD'),
  );
  const env = `${describeEnvironment(shown)}, \`INSTRUCTOR_PASSWORD\` set, \`DATA_DIR\` a new temporary directory`;
  const half = Math.floor(settings.students / 2);
  const names = Array.from(
    { length: settings.students },
    (_, index) => `Student ${String(index + 1).padStart(4, '0')}`,
  );
  const cohort = {
    concurrency: settings.concurrency,
    timeoutMs: settings.timeoutMs,
    rosterTimeoutMs: ROSTER_TIMEOUT_MS,
  };
  let child: Child | undefined;
  let dashboard: DashboardFeed | undefined;
  try {
    await assertFree(settings.httpPort);
    child = spawnLabServer('classroom lab server', settings, environment);
    await waitListening(url, child, settings.timeoutMs);
    const idleKb = readRssKb(child.pid);
    settings.say(`classroom: lab server pid ${child.pid} on ${url}, ${settings.students} students`);

    // The floor first, on the idle server: what answering any request costs it at this concurrency.
    await measureHealthz(url, 50, settings.concurrency, settings.timeoutMs);
    const healthz = await measureHealthz(url, settings.students, settings.concurrency, settings.timeoutMs);

    let instructor = await signIn(url, settings.timeoutMs);
    const code = await joinCode(url, instructor, settings.timeoutMs);
    dashboard = await DashboardFeed.open(url, instructor, FIRST_LAB, CHECKS, settings.timeoutMs);
    const first = await runCohort({ url, pid: child.pid, code }, dashboard, names.slice(0, half), {
      ...cohort,
      openPages: settings.openPages,
    });
    settings.say(
      `classroom: ${half} joined in ${Math.round(first.join.wallMs)} ms, passed in ${Math.round(first.pass.wallMs)} ms`,
    );
    const beforeKill = await databaseBytes(dataDir);

    const firstFeed = Object.fromEntries(dashboard.counts);
    // Killed at once after the last page saw its last check green: nothing is given time to flush.
    child.process.kill('SIGKILL');
    const exit = await child.exited;
    const killedBy = `exit ${exit.code ?? exit.signal}`;
    dashboard.close();
    dashboard = undefined;
    const spawned = performance.now();
    child = spawnLabServer('classroom lab server (restarted)', settings, environment);
    await waitListening(url, child, settings.timeoutMs);
    const readyMs = performance.now() - spawned;
    const restartedKb = readRssKb(child.pid);
    instructor = await signIn(url, settings.timeoutMs);
    const restartRoster = await checkRoster(url, instructor, first.students, settings.timeoutMs);
    settings.say(
      `classroom: restarted in ${Math.round(readyMs)} ms; roster has ${restartRoster.students} of ${half} students, ` +
        `${restartRoster.checks} of ${restartRoster.expectedChecks} checks`,
    );

    const sameCode = await joinCode(url, instructor, settings.timeoutMs);
    dashboard = await DashboardFeed.open(url, instructor, FIRST_LAB, CHECKS, settings.timeoutMs);
    const second = await runCohort({ url, pid: child.pid, code: sameCode }, dashboard, names.slice(half), {
      ...cohort,
      openPages: 0,
    });
    const endKb = readRssKb(child.pid);
    const final = await checkRoster(url, instructor, [...first.students, ...second.students], settings.timeoutMs);
    const end = await databaseBytes(dataDir);
    const feedErrors = dashboard.errors;
    const secondFeed = Object.fromEntries(dashboard.counts);
    dashboard.close();
    dashboard = undefined;
    if (feedErrors.length > 0) throw new Error(`the dashboard feed was told: ${feedErrors.join('; ')}`);
    const stopped = await stopChild(child, settings.stopTimeoutMs);
    child = undefined;
    const rows = countRows(path.join(dataDir, 'progress.sqlite'));

    const sqlite = await measureSqliteFull(first.pass.checksGreen + second.pass.checksGreen, SQLITE_MAX_MS);
    return {
      env,
      checksPerStudent: CHECKS.length,
      first,
      second,
      healthz,
      sqlite,
      rss: { idleKb, restartedKb, endKb },
      restart: { killedBy, readyMs, roster: restartRoster },
      final,
      feed: { first: firstFeed, second: secondFeed },
      databaseBytes: { beforeKill, end },
      rows,
      stopped,
      seconds: (performance.now() - started) / 1000,
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const tail = child?.stderrTail().trim() ?? '';
    throw new Error(tail === '' ? message : `${message}\n\n${child?.name} stderr:\n\n${tail}`);
  } finally {
    dashboard?.close();
    if (child !== undefined) await stopChild(child, settings.stopTimeoutMs);
    await rm(temp, { recursive: true, force: true });
  }
}

/** Signs in as the instructor; the cookies the answer set. */
async function signIn(url: string, timeoutMs: number): Promise<string> {
  const answer = await requestJson(url, 'POST', '/api/instructor/login', { body: { password: PASSWORD }, timeoutMs });
  if (answer.status !== 200 || answer.cookies.length === 0) {
    throw new Error(`the instructor's sign-in answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  }
  return answer.cookies.join('; ');
}

async function joinCode(url: string, instructor: string, timeoutMs: number): Promise<string> {
  const answer = await requestJson(url, 'GET', '/api/instructor/join', { cookie: instructor, timeoutMs });
  if (answer.status !== 200 || typeof answer.body.code !== 'string') {
    throw new Error(`GET /api/instructor/join answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  }
  return answer.body.code;
}

/** `GET /api/instructor/roster`: how many of `students` it has, and how many of their checks it shows passed. */
async function checkRoster(
  url: string,
  instructor: string,
  students: readonly JoinedStudent[],
  timeoutMs: number,
): Promise<RosterCheck> {
  const answer = await requestJson(url, 'GET', '/api/instructor/roster', { cookie: instructor, timeoutMs });
  if (answer.status !== 200 || !Array.isArray(answer.body.students)) {
    throw new Error(`GET /api/instructor/roster answered ${answer.status}`);
  }
  const rows = new Map(
    (answer.body.students as { id: string; checks: Record<string, Record<string, number>> }[]).map((row) => [
      row.id,
      row,
    ]),
  );
  let found = 0;
  let checks = 0;
  for (const student of students) {
    const row = rows.get(student.id);
    if (row === undefined) continue;
    found++;
    checks += CHECKS.filter((check) => row.checks[FIRST_LAB]?.[check] !== undefined).length;
  }
  return {
    students: found,
    expectedStudents: students.length,
    checks,
    expectedChecks: students.length * CHECKS.length,
  };
}

/** Polls `/healthz` every RESTART_POLL_MS from the spawn on, so the restart time is within that of the truth. */
async function waitListening(url: string, child: Child, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  // Bounded by the deadline.
  for (;;) {
    if (child.process.exitCode !== null || child.process.signalCode !== null) {
      throw new Error(`${child.name} exited: ${child.stderrTail()}`);
    }
    try {
      await getHealth(url);
      return;
    } catch {
      if (performance.now() > deadline) throw new Error(`${child.name}: /healthz did not answer in ${timeoutMs} ms`);
      await sleep(RESTART_POLL_MS);
    }
  }
}

/** The store's files (the database, its WAL and shared memory), in bytes. */
async function databaseBytes(dataDir: string): Promise<number> {
  let bytes = 0;
  for (const name of await readdir(dataDir)) {
    if (name.startsWith('progress.sqlite')) bytes += (await stat(path.join(dataDir, name))).size;
  }
  return bytes;
}

function countRows(file: string): ClassroomOutcome['rows'] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const count = (table: 'students' | 'passes' | 'events'): number =>
      (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    return { students: count('students'), passes: count('passes'), events: count('events') };
  } finally {
    db.close();
  }
}

/** Fails when something already listens on the port: /healthz would be answered by it, not by our server. */
async function assertFree(port: number): Promise<void> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => reject(new Error(`port ${port} is taken: ${error.message}`)));
    server.listen({ host: '127.0.0.1', port }, resolve);
  });
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/**
 * One wave of a classroom against a running lab server, as the classroom section measures it: the students
 * join (`POST /api/classroom/join` with the code, a few dozen at a time), their rows reach the instructor's
 * dashboard, then each opens the first lab (`tcp-echo`) over `/ws`, runs the reference solution against their
 * echo server, waits for every check green on their page and closes it, and the dashboard's row shows the
 * passes. Optionally, between the joins and the passes, many of them hold a page open at once, for the lab
 * server's memory per open session.
 */

import type { DashboardFeed } from './classroom-dashboard';
import { cookieNamed, requestJson } from './classroom-http';
import { StudentPage } from './classroom-page';
import { runPool } from './classroom-pool';
import { type Spread, spread } from './classroom-spread';
import { getHealth } from './lab-server-child';
import { readCpuMs, readRssKb, readSystemCpu } from './proc';
import { waitUntil } from './wait-until';

export const STUDENT_COOKIE = 'socketlab_student';
export const FIRST_LAB = 'tcp-echo';

export interface CohortServer {
  readonly url: string;
  readonly pid: number;
  readonly code: string;
}

export interface CohortSettings {
  readonly concurrency: number;
  /** Pages held open at once between the joins and the passes; 0: none. */
  readonly openPages: number;
  readonly timeoutMs: number;
  /** How long the dashboard may take to show what the students did, before the rest count as missing. */
  readonly rosterTimeoutMs: number;
}

export interface JoinedStudent {
  readonly id: string;
  readonly name: string;
  readonly cookie: string;
}

export interface CohortResult {
  readonly students: readonly JoinedStudent[];
  readonly join: {
    /** First join sent → last answer. */
    readonly wallMs: number;
    readonly latency: Spread;
    readonly serverCpuMs: number;
    /** All CPUs' busy time over their time meanwhile (1 = every core busy): what else ran shares the machine. */
    readonly machineBusy: number;
  };
  /** Join answer → the student's row on the dashboard. */
  readonly toRoster: Spread;
  readonly rowsMissing: number;
  readonly rssJoinedKb: number;
  /** RSS with `openPages` pages open at once, and /healthz's session count then; undefined when none. */
  readonly open: { readonly pages: number; readonly rssKb: number; readonly sessions: number } | undefined;
  readonly pass: {
    readonly wallMs: number;
    /** Checks seen turning green on the pages (each one durable write of the lab server's). */
    readonly checksGreen: number;
    readonly checksPerStudent: number;
    /** Page open → hello → solution → every check green, per student. */
    readonly latency: Spread;
    readonly serverCpuMs: number;
    readonly machineBusy: number;
  };
  /** The last check green on the page → the dashboard row showing every check passed. */
  readonly passToRoster: Spread;
  readonly passesMissing: number;
}

export async function runCohort(
  server: CohortServer,
  dashboard: DashboardFeed,
  names: readonly string[],
  settings: CohortSettings,
): Promise<CohortResult> {
  const answeredAt = new Map<string, number>();
  let cpu = readCpuMs(server.pid);
  let machine = readSystemCpu();
  const joinStarted = performance.now();
  const joined = await runPool(names.length, settings.concurrency, async (index) => {
    const name = names[index]!;
    const answer = await requestJson(server.url, 'POST', '/api/classroom/join', {
      body: { code: server.code, name },
      timeoutMs: settings.timeoutMs,
    });
    const cookie = cookieNamed(answer, STUDENT_COOKIE, `the join of ${name}`);
    const id = (answer.body.student as { id?: unknown } | undefined)?.id;
    if (typeof id !== 'string') throw new Error(`the join of ${name} named no student id`);
    answeredAt.set(id, performance.now());
    return { student: { id, name, cookie }, ms: answer.ms };
  });
  const joinWallMs = performance.now() - joinStarted;
  const joinCpuMs = readCpuMs(server.pid) - cpu;
  const joinBusy = busySince(machine);
  const students = joined.map((join) => join.student);

  await waitUntil(() => students.every((s) => dashboard.rowSeenAt.has(s.id)), settings.rosterTimeoutMs);
  const toRoster = students.flatMap((s) => {
    const seen = dashboard.rowSeenAt.get(s.id);
    return seen === undefined ? [] : [seen - answeredAt.get(s.id)!];
  });
  const rssJoinedKb = readRssKb(server.pid);

  const open = settings.openPages > 0 ? await holdPagesOpen(server, students, settings) : undefined;

  cpu = readCpuMs(server.pid);
  machine = readSystemCpu();
  const lastGreen = new Map<string, number>();
  const passStarted = performance.now();
  const passes = await runPool(students.length, settings.concurrency, async (index) => {
    const student = students[index]!;
    const opened = performance.now();
    const page = await StudentPage.open(server.url, student.cookie, FIRST_LAB, settings.timeoutMs);
    try {
      const passed = await page.pass(settings.timeoutMs);
      lastGreen.set(student.id, passed.lastGreenAt);
      return { checks: passed.checks, ms: passed.lastGreenAt - opened };
    } finally {
      page.close();
    }
  });
  const passWallMs = performance.now() - passStarted;
  const passCpuMs = readCpuMs(server.pid) - cpu;
  const passBusy = busySince(machine);

  await waitUntil(() => students.every((s) => dashboard.passedSeenAt.has(s.id)), settings.rosterTimeoutMs);
  const passToRoster = students.flatMap((s) => {
    const seen = dashboard.passedSeenAt.get(s.id);
    return seen === undefined ? [] : [seen - lastGreen.get(s.id)!];
  });
  const checksGreen = passes.reduce((sum, pass) => sum + pass.checks, 0);
  return {
    students,
    join: {
      wallMs: joinWallMs,
      latency: spread(joined.map((join) => join.ms)),
      serverCpuMs: joinCpuMs,
      machineBusy: joinBusy,
    },
    toRoster: spread(toRoster),
    rowsMissing: students.length - toRoster.length,
    rssJoinedKb,
    open,
    pass: {
      wallMs: passWallMs,
      checksGreen,
      checksPerStudent: passes[0]?.checks ?? 0,
      latency: spread(passes.map((pass) => pass.ms)),
      serverCpuMs: passCpuMs,
      machineBusy: passBusy,
    },
    passToRoster: spread(passToRoster),
    passesMissing: students.length - passToRoster.length,
  };
}

/** The first `openPages` students each open a lab page at once; RSS is read with all open, then they close. */
async function holdPagesOpen(
  server: CohortServer,
  students: readonly JoinedStudent[],
  settings: CohortSettings,
): Promise<{ readonly pages: number; readonly rssKb: number; readonly sessions: number }> {
  const holders = students.slice(0, settings.openPages);
  const pages: StudentPage[] = [];
  try {
    await runPool(holders.length, holders.length, async (index) => {
      pages.push(await StudentPage.open(server.url, holders[index]!.cookie, FIRST_LAB, settings.timeoutMs));
    });
    const health = await getHealth(server.url);
    return { pages: pages.length, rssKb: readRssKb(server.pid), sessions: health.sessions };
  } finally {
    for (const page of pages) page.close();
    // The sessions end after their grace period; the passes start from none, as a class's second lab would.
    const deadline = performance.now() + settings.timeoutMs;
    // Bounded by the deadline.
    while (performance.now() < deadline && (await getHealth(server.url)).sessions > 0) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

function busySince(before: { readonly busy: number; readonly total: number }): number {
  const now = readSystemCpu();
  return (now.busy - before.busy) / Math.max(1, now.total - before.total);
}

/**
 * The classroom section of bench/RESULTS.md: a class joining and passing the first lab through a real lab server
 * in classroom mode, before and after a SIGKILL, beside the same run's floors (`GET /healthz`, durable SQLite
 * writes). It says what each number spans; nothing passes or fails. `withClassroom` puts it into the report
 * report.ts wrote, before its closing "Run" section.
 */

import type { CohortResult } from './classroom-cohort';
import type { ClassroomOutcome, FeedCounts, RosterCheck } from './classroom-section';
import type { Spread } from './classroom-spread';
import { ms, percent, ratio } from './format';

export function renderClassroom(outcome: ClassroomOutcome | undefined, error: string | undefined): string[] {
  const lines = ['## Classroom', ''];
  if (error !== undefined) return [...lines, `**This section failed:** ${error}`, ''];
  if (outcome === undefined) return [...lines, 'Not run (an earlier section failed).', ''];
  const { first: a, second: b, healthz, sqlite, rss, restart, final } = outcome;
  const all = a.students.length + b.students.length;
  const perSecond = (count: number, wallMs: number): string => String(Math.round((count * 1000) / wallMs));
  const joinsPerSecond = (c: CohortResult): number => (c.students.length * 1000) / c.join.wallMs;
  const writesPerSecond = (c: CohortResult): number => (c.pass.checksGreen * 1000) / c.pass.wallMs;
  const openPages = a.open;
  return [
    ...lines,
    `${all} students (\`CLASSROOM_STUDENTS\`), ${outcome.seconds.toFixed(1)} s in all, against the bundled lab ` +
      `server in its own process with ${outcome.env}. The instructor signs in (\`POST /api/instructor/login\`) and ` +
      'opens the dashboard feed (`/ws/instructor`, decoded with `decodeInstructorMessage`) before anyone joins. ' +
      `The first ${a.students.length} students then join (\`POST /api/classroom/join\` with the code from ` +
      '`GET /api/instructor/join`, 50 at a time); each opens `/ws` with the cookie it got, says `hello` to ' +
      '`tcp-echo`, runs the reference solution (`echoOnce` of labs/tcp-echo/solution.ts) against its echo server, ' +
      `waits until the page shows all ${outcome.checksPerStudent} checks \`passed\` and closes the page (50 students ` +
      'at a time). Then the lab server is killed with SIGKILL right after the last page saw its last check green, ' +
      'started again on the same `DATA_DIR` and port, the instructor signs in again, and the roster it serves is ' +
      `compared with what the pages saw; then the other ${b.students.length} join and pass the same way. Every ` +
      'client, the dashboard included, runs in the benchmark process, so the latencies include its own event loop ' +
      '(2 cores shared with the server).',
    '',
    `| | first ${a.students.length} (fresh server) | other ${b.students.length} (after the restart, ${all} in the class) | floor, same run | first / floor |`,
    '|---|--:|--:|--:|--:|',
    `| joins/s | ${perSecond(a.students.length, a.join.wallMs)} | ${perSecond(b.students.length, b.join.wallMs)} | ` +
      `${Math.round(healthz.perSecond)} \`GET /healthz\`/s | ${ratio(joinsPerSecond(a), healthz.perSecond)} |`,
    `| join latency p50 / p95 / max | ${three(a.join.latency)} | ${three(b.join.latency)} | ${three(healthz.latency)} | ` +
      `${ratio(a.join.latency.median, healthz.latency.median)} (p50) |`,
    `| join answered → row on the dashboard, p50 / p95 / max | ${three(a.toRoster)}${missing(a.rowsMissing)} | ` +
      `${three(b.toRoster)}${missing(b.rowsMissing)} | | |`,
    `| students passing the lab per second | ${perSecond(a.students.length, a.pass.wallMs)} | ` +
      `${perSecond(b.students.length, b.pass.wallMs)} | | |`,
    `| page opened → every check green, p50 / p95 / max | ${three(a.pass.latency)} | ${three(b.pass.latency)} | | |`,
    `| last check green on the page → the dashboard row showing it, p50 / p95 / max | ${three(a.passToRoster)}` +
      `${missing(a.passesMissing)} | ${three(b.passToRoster)}${missing(b.passesMissing)} | | |`,
    `| check passes recorded per second (each a durable write before the page hears of it) | ${Math.round(writesPerSecond(a))} | ` +
      `${Math.round(writesPerSecond(b))} | ${Math.round(sqlite.perSecond)} \`recordPass\`/s, synchronous=FULL | ` +
      `${ratio(writesPerSecond(a), sqlite.perSecond)} |`,
    `| lab server busy while joining / passing (100 % = one core) | ${busy(a)} | ${busy(b)} | | |`,
    `| whole machine busy while joining / passing (all cores) | ${percent(a.join.machineBusy)} / ` +
      `${percent(a.pass.machineBusy)} | ${percent(b.join.machineBusy)} / ${percent(b.pass.machineBusy)} | | |`,
    `| lab server CPU per join | ${ms(a.join.serverCpuMs / a.students.length)} | ` +
      `${ms(b.join.serverCpuMs / b.students.length)} | | |`,
    `| lab server CPU per student passing | ${ms(a.pass.serverCpuMs / a.students.length)} | ` +
      `${ms(b.pass.serverCpuMs / b.students.length)} | | |`,
    '',
    `- **Floors.** \`GET /healthz\`: ${healthz.count} requests of the same lab server at the same concurrency ` +
      'before anyone joined (after 50 untimed), through the same HTTP stack and JSON without the join’s origin ' +
      'check, cookie signing, store transaction and roster update. `recordPass`: ' +
      `${sqlite.count} passes, one after another, on a \`SqliteStore\` of its own with synchronous=FULL in a new ` +
      `temporary directory on the same file system (p50 ${ms(sqlite.latency.median)}, p95 ` +
      `${ms(sqlite.latency.p95)}, max ${ms(sqlite.latency.max)} a write), after the lab server stopped.`,
    `- **Restart.** The lab server ${restart.killedBy.replace('exit ', 'died of ')}; spawn → \`/healthz\` answering ` +
      `on the same port: ${ms(restart.readyMs)} (polled every 10 ms). \`GET /api/instructor/roster\` then had ` +
      `${rosterLine(restart.roster)}. After the other ${b.students.length}: ${rosterLine(final)}.`,
    `- **Memory** (\`VmRSS\`). Fresh server, before anyone joined: ${mib(rss.idleKb)}; after ${a.students.length} ` +
      `joined: ${mib(a.rssJoinedKb)} (${kibEach(a.rssJoinedKb - rss.idleKb, a.students.length)} per student)` +
      (openPages === undefined
        ? ''
        : `; with ${openPages.pages} of them holding a \`tcp-echo\` page open at once (/healthz: ` +
          `${openPages.sessions} sessions): ${mib(openPages.rssKb)} ` +
          `(${kibEach(openPages.rssKb - a.rssJoinedKb, openPages.pages)} per open session)`) +
      `. Restarted server, ${a.students.length} students in its store: ${mib(rss.restartedKb)}; after the other ` +
      `${b.students.length} joined (${all} in the class): ${mib(b.rssJoinedKb)} ` +
      `(${kibEach(b.rssJoinedKb - rss.restartedKb, b.students.length)} per student); at the end ` +
      `${mib(rss.endKb)}. The deltas are of the whole process: they include garbage the collector had not yet ` +
      'freed and code compiled on first use, not only what the server keeps per student.',
    `- **Dashboard feed**: before the kill ${feedLine(outcome.feed.first)}; after the restart ` +
      `${feedLine(outcome.feed.second)} (the roster sends the rows that changed together, 250 ms after the first ` +
      'change of a batch — lab-server/classroom/roster.ts — so 0–250 ms of each time to the dashboard is that ' +
      'wait, on purpose).',
    `- **Database** (\`progress.sqlite\` with its WAL and shared memory): ${mb(outcome.databaseBytes.beforeKill)} ` +
      `after the first ${a.students.length}, ${mb(outcome.databaseBytes.end)} at the end, holding ` +
      `${outcome.rows.students} students, ${outcome.rows.passes} passes and ${outcome.rows.events} events. Besides its ` +
      'pass, every change of a check’s state is written as an event (history for the drill-down; not awaited ' +
      `by the page): ${((outcome.rows.passes + outcome.rows.events) / all).toFixed(1)} durable writes per student ` +
      'for this lab, not counting the joins and `lastSeenAt` updates.',
    `- ${outcome.stopped}.`,
    '',
  ];
}

/** The report with the classroom section put before its closing "Run" section (at the end if it has none). */
export function withClassroom(report: string, section: readonly string[]): string {
  const at = report.lastIndexOf('\n## Run\n');
  const text = section.join('\n');
  return at === -1 ? `${report}\n${text}\n` : `${report.slice(0, at + 1)}${text}\n${report.slice(at + 1)}`;
}

function busy(c: CohortResult): string {
  return `${percent(c.join.serverCpuMs / c.join.wallMs)} / ${percent(c.pass.serverCpuMs / c.pass.wallMs)}`;
}

function feedLine(counts: FeedCounts): string {
  return Object.entries(counts)
    .map(([type, count]) => `${count} \`${type}\``)
    .join(', ');
}

function three(s: Spread): string {
  return `${ms(s.median)} / ${ms(s.p95)} / ${ms(s.max)}`;
}

function missing(count: number): string {
  return count === 0 ? '' : ` (${count} never seen)`;
}

function rosterLine(check: RosterCheck): string {
  const lost = check.expectedChecks - check.checks;
  return (
    `${check.students} of ${check.expectedStudents} students and ${check.checks} of ${check.expectedChecks} checks ` +
    `the pages had seen green: **lost: ${lost}**${check.students < check.expectedStudents ? ` (${check.expectedStudents - check.students} students missing)` : ''}`
  );
}

function mib(kb: number): string {
  return `${(kb / 1024).toFixed(1)} MiB`;
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

function kibEach(kb: number, count: number): string {
  const each = kb / count;
  return `${each >= 0 ? '+' : ''}${each.toFixed(0)} KiB`;
}

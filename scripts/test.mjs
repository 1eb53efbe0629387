// Runs every test of the repository with Node's own test runner: `*.test.ts` files beside the code (unit and
// `*.integration.test.ts` ones that bind real loopback ports) and the browser tests in `e2e/`. TypeScript is
// loaded through tsx. `--no-e2e` skips the browser tests (they need Chromium and a built site); `--only-e2e`
// runs only them.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';

const ROOTS = ['src', 'lab-server', 'labs', 'e2e'];
const withoutE2e = process.argv.includes('--no-e2e');
const onlyE2e = process.argv.includes('--only-e2e');

function find(dir) {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...find(full));
    else if (entry.name.endsWith('.test.ts')) found.push(full);
  }
  return found;
}

// Seconds the slow browser test files took last measured on a 2-core machine, to share them out between the two
// lanes below so that the lanes end together. A file not listed counts as quick.
const DURATIONS = JSON.parse(readFileSync(new URL('./test-durations.json', import.meta.url), 'utf8'));
const secondsOf = (file) => DURATIONS.e2e[file.split(path.sep).join('/')] ?? 0;

const files = ROOTS.flatMap(find).sort();
const isE2e = (file) => file.startsWith(`e2e${path.sep}`);
const e2e = withoutE2e ? [] : files.filter(isE2e);
const rest = onlyE2e ? [] : files.filter((file) => !isE2e(file));
if (rest.length === 0 && e2e.length === 0) {
  console.error('no test files found');
  process.exit(1);
}

/**
 * Runs `testFiles` in one test runner, `concurrency` files at a time; resolves with its exit code. With a
 * `label`, its output lines are prefixed with it, so that two runners side by side can be told apart.
 */
function runTests(testFiles, concurrency, label) {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--test',
        '--test-reporter=spec',
        `--test-concurrency=${concurrency}`,
        // A file gets 5 minutes: the course-wide lab test runs every lab's solution and terminal walkthrough.
        '--test-timeout=300000',
        // A file's process ends once its tests and hooks are done, so that a handle left behind (a peer's
        // half-closed socket, a child's pipe) shows as nothing rather than as that file timing out 5 minutes
        // later with every one of its tests passed. A hook that hangs still fails: it never finishes.
        '--test-force-exit',
        ...testFiles,
      ],
      { stdio: label === undefined ? 'inherit' : ['ignore', 'pipe', 'pipe'] },
    );
    if (label !== undefined) {
      for (const [from, to] of [
        [child.stdout, process.stdout],
        [child.stderr, process.stderr],
      ]) {
        createInterface({ input: from }).on('line', (line) => to.write(`${label} ${line}\n`));
      }
    }
    child.on('exit', (code, signal) => resolve(signal ? 1 : (code ?? 1)));
  });
}

/** Runs `part` and says how long it took, so that a CI log shows where the time goes. */
async function timed(what, part) {
  const start = Date.now();
  const result = await part();
  console.log(`test.mjs: ${what} took ${Math.round((Date.now() - start) / 1000)} s`);
  return result;
}

// Unit and integration tests two files at a time: most wait on sockets, timers and child processes rather than
// on a core, so two share a 2-core machine well, and every file binds its own block of ports. (The runner sorts
// the files by name whatever order it is given them; with two at a time the lanes end within a second of each
// other anyway, as the longest file takes well under half of the whole.)
const failed = rest.length > 0 && (await timed('unit and integration tests', () => runTests(rest, 2))) !== 0;

// The browser tests then run in two lanes side by side, each one file at a time (so a lane takes the sum of its
// files, in whatever order). Files that leave the lab
// ports to the default block of e2e/browser.ts share that block, so they stay in one lane, one after another:
// a test that closes a tab asserts that nothing listens on its port any more, which another server of the same
// block could break. Files that capture stay in the other lane, so that at most one capture (~150 MB of tshark
// and its share of a core) and two Chromiums run at a time. The rest, each with its own block or no lab
// server of e2e/browser.ts, go longest first to the lane with less to do, so that the two end together.
const longestFirst = (a, b) => secondsOf(b) - secondsOf(a) || (a < b ? -1 : 1);
const sourceOf = (file) => readFileSync(file, 'utf8');
const usesDefaultBlock = (source) => /\bnew BrowserSuite\(|\bstartSite\(/.test(source) && !/\blabPorts\b/.test(source);
const captures = (source) => /\bcapture: 'auto'/.test(source);
const lanes = [
  { files: [], seconds: 0 },
  { files: [], seconds: 0 },
];
const free = [];
for (const file of [...e2e].sort(longestFirst)) {
  const source = sourceOf(file);
  const lane = usesDefaultBlock(source) ? lanes[0] : captures(source) ? lanes[1] : undefined;
  if (lane === undefined) free.push(file);
  else {
    lane.files.push(file);
    lane.seconds += secondsOf(file);
  }
}
for (const file of free) {
  const lane = lanes[0].seconds <= lanes[1].seconds ? lanes[0] : lanes[1];
  lane.files.push(file);
  lane.seconds += secondsOf(file);
}
const busy = lanes.map((lane) => lane.files).filter((files) => files.length > 0);
const e2eCodes =
  busy.length === 0
    ? []
    : await timed('browser tests', () =>
        Promise.all(busy.map((files, index) => runTests(files, 1, busy.length > 1 ? `[e2e ${index + 1}]` : undefined))),
      );
const e2eFailed = e2eCodes.some((code) => code !== 0);
process.exit(failed || e2eFailed ? 1 : 0);

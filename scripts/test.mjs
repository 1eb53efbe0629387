// Runs every test of the repository with Node's own test runner: `*.test.ts` files beside the code (unit and
// `*.integration.test.ts` ones that bind real loopback ports) and the browser tests in `e2e/`. TypeScript is
// loaded through tsx. `--no-e2e` skips the browser tests (they need Chromium and a built site).
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

const ROOTS = ['src', 'lab-server', 'labs', 'e2e'];
const withoutE2e = process.argv.includes('--no-e2e');

function find(dir) {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...find(full));
    else if (entry.name.endsWith('.test.ts')) found.push(full);
  }
  return found;
}

const files = ROOTS.flatMap(find).sort();
const isE2e = (file) => file.startsWith(`e2e${path.sep}`);
const e2e = withoutE2e ? [] : files.filter(isE2e);
const rest = files.filter((file) => !isE2e(file));
if (rest.length === 0) {
  console.error('no test files found');
  process.exit(1);
}

/** Runs `testFiles` in one test runner, `concurrency` files at a time; resolves with its exit code. */
function runTests(testFiles, concurrency) {
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
      { stdio: 'inherit' },
    );
    child.on('exit', (code, signal) => resolve(signal ? 1 : (code ?? 1)));
  });
}

// Unit and integration tests two files at a time: most wait on sockets, timers and child processes rather than
// on a core, so two share a 2-core machine well, and every file binds its own block of ports. The browser tests
// then run one at a time: several of them share the default block of lab ports, and two Chromiums and two
// captures on two cores would make each slower than the time a student would wait.
const failed = (await runTests(rest, 2)) !== 0;
const e2eFailed = e2e.length > 0 && (await runTests(e2e, 1)) !== 0;
process.exit(failed || e2eFailed ? 1 : 0);

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

const files = ROOTS.flatMap(find)
  .filter((file) => !(withoutE2e && file.startsWith(`e2e${path.sep}`)))
  .sort();
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}

const child = spawn(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-timeout=120000', ...files],
  { stdio: 'inherit' },
);
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 1)));

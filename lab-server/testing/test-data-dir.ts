/**
 * A data directory for the lab servers a test process starts: its own, so that a test never writes the class
 * PKI into the checkout and two test files running at once never make one in the same directory. Made on first
 * use, shared by the process's lab servers (the PKI is made once and reused, as on a real server), and removed
 * when the process exits.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

let made: string | undefined;

export function testDataDir(): string {
  if (made === undefined) {
    const dir = mkdtempSync(path.join(tmpdir(), 'socketlab-data-'));
    made = dir;
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return made;
}

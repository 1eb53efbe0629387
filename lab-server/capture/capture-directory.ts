/**
 * The capture's private temp directory (its FIFOs, tshark's `--temp-dir`), named after the process that owns
 * it: `socketlab-capture-<pid>-<start>-XXXXXX`, where `start` is when that process started (proc(5): field 22
 * of `/proc/<pid>/stat`, in clock ticks since boot). A lab server that dies without stopping its capture
 * (SIGKILL, the OOM killer) cannot remove its directory, so each capture, before making its own, removes those
 * whose owner is provably gone. The pid alone would not prove it: pids are reused, and a lab server restarted
 * in a container often gets the very pid it had before; a pid and a start time name one process.
 *
 * Several lab servers may share the parent directory (two on one machine, test files run in parallel), and
 * several pipelines one process (tests), so nothing is removed on a doubt: only a directory of this exact shape,
 * owned by our user, whose owner is not running — no such process, a zombie, or a process that started at
 * another time. Directories of any other shape (older lab servers' `socketlab-capture-XXXXXX`, a test's scratch
 * directory) are never touched, and without a readable `/proc` nothing is removed at all.
 */

import { lstat, mkdtemp, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { isProcessGone, ownStartTime } from '../system/process-identity';

const PREFIX = 'socketlab-capture-';
/** mkdtemp(3) appends six characters from [A-Za-z0-9]. */
const OWNED_NAME = /^socketlab-capture-(\d+)-(\d+)-[A-Za-z0-9]{6}$/;

/** Removes the directories of dead lab servers in `parent`, then makes one for this process there. */
export async function makeCaptureDirectory(parent: string): Promise<string> {
  await removeStaleCaptureDirectories(parent);
  const own = await ownStartTime();
  return mkdtemp(join(parent, own === undefined ? PREFIX : `${PREFIX}${process.pid}-${own}-`));
}

/**
 * Removes every capture directory in `parent` whose owner is gone, and says which. Never throws: a directory
 * that cannot be checked or removed (another lab server may be removing it at the same moment) is skipped.
 */
export async function removeStaleCaptureDirectories(parent: string): Promise<string[]> {
  // Without our own start time, /proc cannot be read, and no owner could be proven gone.
  if ((await ownStartTime()) === undefined) return [];
  let names: string[];
  try {
    names = await readdir(parent);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const match = OWNED_NAME.exec(name);
    if (match === null) continue;
    const path = join(parent, name);
    try {
      const stats = await lstat(path);
      if (!stats.isDirectory() || stats.uid !== process.getuid?.()) continue;
      if (!(await isProcessGone(Number(match[1]), match[2] ?? ''))) continue;
      await rm(path, { recursive: true, force: true });
      removed.push(name);
    } catch {
      // Gone meanwhile, or not ours to remove: either way, not this capture's business.
    }
  }
  return removed;
}

import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { makeCaptureDirectory, removeStaleCaptureDirectories } from './capture-directory';

/** Above PID_MAX_LIMIT (2^22, proc(5)): no process ever has this pid. */
const NEVER_A_PID = 2 ** 22 + 1;

async function scratch(t: TestContext): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'socketlab-capture-directory-test-'));
  t.after(() => rm(directory, { recursive: true, force: true }));
  return directory;
}

describe('capture directories', () => {
  it('are named for the process that owns them', async (t) => {
    const parent = await scratch(t);
    const name = basename(await makeCaptureDirectory(parent));
    assert.match(name, new RegExp(`^socketlab-capture-${process.pid}-\\d+-[A-Za-z0-9]{6}$`));
  });

  it('of dead owners are removed; live ones, and anything else, are left alone', async (t) => {
    const parent = await scratch(t);
    const live = basename(await makeCaptureDirectory(parent));
    const sibling = basename(await makeCaptureDirectory(parent));
    const noSuchProcess = `socketlab-capture-${NEVER_A_PID}-12345-abcDEF`;
    // Our pid, another start time: a process that had our pid before us (a restarted container).
    const pidReused = `socketlab-capture-${process.pid}-0-abc123`;
    const others = ['socketlab-capture-Ab12Cd', `socketlab-capture-${NEVER_A_PID}-1-toolong`, 'unrelated'];
    for (const name of [noSuchProcess, pidReused, ...others]) {
      await mkdir(join(parent, name));
      await writeFile(join(parent, name, 'frames-1.pcap'), '');
    }
    const notADirectory = `socketlab-capture-${NEVER_A_PID}-1-file00`;
    await writeFile(join(parent, notADirectory), '');

    assert.deepEqual((await removeStaleCaptureDirectories(parent)).sort(), [noSuchProcess, pidReused].sort());
    assert.deepEqual((await readdir(parent)).sort(), [live, sibling, ...others, notADirectory].sort());
  });

  it('are not looked for in a parent that does not exist', async (t) => {
    const parent = await scratch(t);
    assert.deepEqual(await removeStaleCaptureDirectories(join(parent, 'missing')), []);
  });
});

/**
 * Finds a program on PATH (and in the sbin directories, where Debian used to put tcpdump and where a
 * non-root user's PATH often does not reach), so the capture can tell "tcpdump is not installed" apart from
 * "tcpdump cannot capture" and pick dumpcap when tcpdump is missing.
 */

import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { delimiter, isAbsolute, join } from 'node:path';

const EXTRA_DIRECTORIES = ['/usr/sbin', '/sbin', '/usr/local/sbin'];

export async function findExecutable(nameOrPath: string): Promise<string | undefined> {
  if (isAbsolute(nameOrPath) || nameOrPath.includes('/')) {
    return (await isExecutable(nameOrPath)) ? nameOrPath : undefined;
  }
  const directories = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), ...EXTRA_DIRECTORIES];
  for (const directory of directories) {
    const candidate = join(directory, nameOrPath);
    if (await isExecutable(candidate)) return candidate;
  }
  return undefined;
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

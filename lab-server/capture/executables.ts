/**
 * Finds the programs the capture runs: on PATH, and in the sbin directories, where Debian used to put tcpdump
 * and where a non-root user's PATH often does not reach. Looking first lets the capture tell "tcpdump is not
 * installed" apart from "tcpdump cannot capture", and pick dumpcap when tcpdump is missing.
 */

import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { delimiter, isAbsolute, join } from 'node:path';
import type { Localized } from '../../src/common/localized';
import { describeCapturerFailure } from './capturer';
import { describeDissectorFailure } from './dissector';
import type { ChildExit } from './process-group';

const EXTRA_DIRECTORIES = ['/usr/sbin', '/sbin', '/usr/local/sbin'];

export interface CaptureTools {
  readonly tsharkPath: string;
  readonly capturerPath: string;
}

export interface CapturePrograms {
  /** Default `tshark`. */
  readonly tsharkPath?: string;
  /** Default `tcpdump`, else `dumpcap`. */
  readonly capturerPath?: string;
}

/** The programs the capture runs, or why it cannot run, in words for the page (what to install). */
export async function findCaptureTools(
  wanted: CapturePrograms,
): Promise<CaptureTools | { readonly missing: Localized }> {
  const tsharkPath = await findExecutable(wanted.tsharkPath ?? 'tshark');
  if (tsharkPath === undefined) {
    return { missing: describeDissectorFailure(wanted.tsharkPath ?? 'tshark', NOT_FOUND) };
  }
  const capturerPath =
    wanted.capturerPath === undefined
      ? ((await findExecutable('tcpdump')) ?? (await findExecutable('dumpcap')))
      : await findExecutable(wanted.capturerPath);
  if (capturerPath === undefined) {
    return { missing: describeCapturerFailure(wanted.capturerPath ?? 'tcpdump', NOT_FOUND) };
  }
  return { tsharkPath, capturerPath };
}

/** What starting a missing program would have reported: the failure descriptions word it. */
const NOT_FOUND: ChildExit = { code: null, signal: null, spawnError: 'ENOENT', stderr: '' };

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

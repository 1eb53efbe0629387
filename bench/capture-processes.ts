/**
 * The processes of the lab server's packet capture — tcpdump, tshark and dumpcap among the lab server's
 * descendants — found from `/proc`, and whether they are gone once the lab server exited. They run in their own
 * process groups, so a lab server that did not stop them would leave them behind. Reads only; never signals.
 */

import { descendants, isAlive, type ProcessInfo } from './proc';
import { waitUntil } from './wait-until';

const CAPTURE_PROGRAMS = new Set(['tcpdump', 'tshark', 'dumpcap']);
const GONE_TIMEOUT_MS = 3000;

export function captureProcesses(labPid: number): ProcessInfo[] {
  return descendants(labPid).filter((child) => CAPTURE_PROGRAMS.has(child.name));
}

/** After the lab server exited: polls for up to 3 s until `pids` are gone, and says which are not. */
export async function captureChildrenLeft(pids: readonly number[]): Promise<string> {
  await waitUntil(() => pids.every((pid) => !isAlive(pid)), GONE_TIMEOUT_MS);
  const alive = pids.filter(isAlive);
  return alive.length === 0
    ? `all ${pids.length} gone`
    : `STILL RUNNING after the lab server exited: pids ${alive.join(', ')}`;
}

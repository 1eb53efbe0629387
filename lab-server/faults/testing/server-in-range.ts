/**
 * A lab server of some kind for the faults' tests, on the first free port of the test's own range (a restart
 * comes back on the very port, so it is not left to the kernel's ephemeral ones), with what it observes.
 */

import type { Observation } from '../../../src/lab-kit';
import type { RunningServer, ServerStartOptions } from '../../servers/observation';

export async function serverInRange(
  start: (options: ServerStartOptions) => Promise<RunningServer>,
  range: { readonly first: number; readonly last: number },
): Promise<{ server: RunningServer; port: number; observations: Observation[] }> {
  for (let port = range.first; port <= range.last; port++) {
    try {
      const server = await start({ id: 'echo', title: 'echo', bindHost: '127.0.0.1', publicHost: '127.0.0.1', port });
      const observations: Observation[] = [];
      server.onObservation((observation) => observations.push(observation));
      return { server, port, observations };
    } catch {
      // Taken: the next one.
    }
  }
  throw new Error(`no free port from ${range.first} to ${range.last}`);
}

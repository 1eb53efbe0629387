/**
 * A lab server of some kind for the faults' tests, on a free port of the test's own range (a restart comes back
 * on the very port, so it is not left to the kernel's ephemeral ones), with what it observes.
 */

import type { Observation } from '../../../src/lab-kit';
import type { RunningServer, ServerStartOptions } from '../../servers/observation';
import { inRange, type PortRange } from '../../testing/ports-in-range';

export async function serverInRange(
  start: (options: ServerStartOptions) => Promise<RunningServer>,
  range: PortRange,
): Promise<{ server: RunningServer; port: number; observations: Observation[] }> {
  const server = await inRange(range, (port) =>
    start({ id: 'echo', title: 'echo', bindHost: '127.0.0.1', publicHost: '127.0.0.1', port }),
  );
  const observations: Observation[] = [];
  server.onObservation((observation) => observations.push(observation));
  return { server, port: server.info.port, observations };
}

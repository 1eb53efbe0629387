/**
 * A lab shell whose session offers `fault silence <server> on` for one real server, as a session of the
 * keepalive or reconnect lab does: a real fault service (nftables) and the session's faults, released after the
 * test. `skipSilence` is the reason to skip where the kernel's packet filter is out of reach.
 */

import type { TestContext } from 'node:test';
import { FaultService } from '../../faults/fault-service';
import { nftAvailability } from '../../faults/nft';
import type { RunningServer } from '../../servers/observation';
import { SessionFaults } from '../../sessions/session-faults';
import { ShellHarness, shellFaults } from '../../testing/shell-harness';

const availability = await nftAvailability();

/** False where silence can be set here, otherwise why not (for `it`'s `skip`). */
export const skipSilence: false | string = availability.available ? false : availability.reason.en;

export async function silenceableShell(t: TestContext, server: RunningServer): Promise<ShellHarness> {
  const service = await FaultService.start();
  const faults = await SessionFaults.start([{ kind: 'silence', server: server.info.id }], [server], service);
  const h = new ShellHarness([server.info], undefined, { faults: shellFaults(faults) });
  t.after(async () => {
    h.shell.dispose();
    await faults.dispose();
    await service.stop();
  });
  return h;
}

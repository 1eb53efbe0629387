/**
 * A lab server stand-in, for tests of what a lab server leaves behind when it is killed: a Node process of its
 * own that starts the shared capture, says on stdout in one JSON line how that went and which children it runs
 * (`CaptureParentReport`), and then only waits — to be killed with SIGKILL, as a crashed or OOM-killed lab
 * server would be, or stopped with SIGTERM, as a lab server is on shutdown. A test cannot be that process
 * itself: the children must outlive it for the test to see whether they die.
 *
 *   node --import tsx lab-server/testing/capture-parent.ts <temp-dir-parent> <first-port> <last-port> <canary-port>
 */

import { CapturePipeline, type CaptureState, captureStatusIn } from '../capture';

export interface CaptureParentReport {
  readonly state: CaptureState;
  /** In English, as the tests read it. */
  readonly reason: string;
  readonly capturer: number | undefined;
  readonly dissectors: readonly number[];
}

const [tempDirParent, from, to, canaryPort] = process.argv.slice(2);
if (tempDirParent === undefined || canaryPort === undefined) {
  process.stderr.write('usage: capture-parent.ts <temp-dir-parent> <first-port> <last-port> <canary-port>\n');
  process.exit(2);
}
const pipeline = new CapturePipeline({
  portRange: { from: Number(from), to: Number(to) },
  canaryPort: Number(canaryPort),
  tempDirParent,
});
process.once('SIGTERM', () => {
  void pipeline.stop().then(() => process.exit(0));
});
const status = await pipeline.start();
const report: CaptureParentReport = { ...captureStatusIn(status, 'en'), ...pipeline.processIds };
process.stdout.write(`${JSON.stringify(report)}\n`);
// Running, the capture's children keep this process alive until it is signalled; otherwise there is nothing
// to wait for.
if (status.state !== 'running') await pipeline.stop();

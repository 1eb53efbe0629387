/**
 * Stopping the capture's children: SIGTERM first, so tcpdump and dumpcap flush and tshark's temp files go away,
 * then SIGKILL to whatever is still there after a grace period, so a child that hangs cannot hold the lab
 * server's shutdown hostage. Resolves once they are all gone, or after a second grace period in any case.
 */

export interface StoppableChild {
  stop(signal: NodeJS.Signals): void;
  /** Resolves once the child's exit has been reported, at once if it has been already. */
  waitForExit(): Promise<unknown>;
}

export async function stopGracefully(children: readonly StoppableChild[], graceMs: number): Promise<void> {
  const exits = Promise.all(
    children.map((child) => {
      const exited = child.waitForExit();
      child.stop('SIGTERM');
      return exited;
    }),
  );
  if (await settlesWithin(exits, graceMs)) return;
  for (const child of children) child.stop('SIGKILL');
  await settlesWithin(exits, graceMs);
}

function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    void promise.then(() => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

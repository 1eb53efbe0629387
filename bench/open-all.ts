/**
 * Many clients at once, all or none: opening N of them together and waiting for all of their answers, without
 * leaving any behind when one fails. A failure names how many failed and the first reason.
 */

/** Opens `count` clients at once; if any fails, closes those that opened and throws. */
export async function openAll<T extends { close(): void }>(
  count: number,
  what: string,
  open: (index: number) => Promise<T>,
): Promise<T[]> {
  const settled = await Promise.allSettled(Array.from({ length: count }, (_, index) => open(index)));
  const opened = settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  if (opened.length < count) {
    for (const client of opened) client.close();
    throw new Error(`${count - opened.length} of ${count} ${what} failed to open: ${firstReason(settled)}`);
  }
  return opened;
}

/** Like Promise.all, but waits for every promise to settle first, so no client is left mid-exchange. */
export async function settleAll<T>(promises: readonly Promise<T>[]): Promise<T[]> {
  const settled = await Promise.allSettled(promises);
  const failed = settled.filter((result) => result.status === 'rejected').length;
  if (failed > 0) throw new Error(`${failed} of ${settled.length} clients failed: ${firstReason(settled)}`);
  return settled.map((result) => (result as PromiseFulfilledResult<T>).value);
}

function firstReason(settled: readonly PromiseSettledResult<unknown>[]): string {
  const rejected = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  const reason: unknown = rejected?.reason;
  return reason instanceof Error ? reason.message : String(reason);
}

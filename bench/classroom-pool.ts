/**
 * A fixed number of tasks run with at most `concurrency` in flight, as a classroom's students arrive: not all at
 * once (no class does that, and it would measure the listen backlog), not one by one. Every task settles before
 * it returns, so no student is left mid-exchange; a failure names how many failed and the first reason.
 */

export async function runPool<T>(
  count: number,
  concurrency: number,
  task: (index: number) => Promise<T>,
): Promise<T[]> {
  const results: PromiseSettledResult<T>[] = new Array(count);
  let next = 0;
  const worker = async (): Promise<void> => {
    // Bounded: each pass takes the next of `count` indices.
    while (next < count) {
      const index = next++;
      try {
        results[index] = { status: 'fulfilled', value: await task(index) };
      } catch (reason) {
        results[index] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  const failed = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed.length > 0) {
    const reason: unknown = failed[0]?.reason;
    throw new Error(
      `${failed.length} of ${count} failed: ${reason instanceof Error ? reason.message : String(reason)}`,
    );
  }
  return results.map((result) => (result as PromiseFulfilledResult<T>).value);
}

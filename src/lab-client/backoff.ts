/**
 * When to try the lab server again after the WebSocket dropped: bounded exponential backoff with jitter. The
 * first retries are quick (a lab server restarting in `npm run dev` is back within a second or two); later ones
 * are spaced out to at most `maxMs`, and the jitter keeps a classroom of pages from reconnecting in lockstep
 * after the server restarts. After `giveUpAfterMs` without a live connection the page stops and says so.
 */

export interface BackoffPolicy {
  /** Delay before the first retry. */
  readonly initialMs: number;
  /** Longest delay between two attempts. */
  readonly maxMs: number;
  /** Stop retrying once the connection has been down this long. */
  readonly giveUpAfterMs: number;
  /** Each delay is scaled by a random factor in [1 - jitter, 1 + jitter]. */
  readonly jitter: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = {
  initialMs: 500,
  maxMs: 8000,
  giveUpAfterMs: 120_000,
  jitter: 0.2,
};

/**
 * The delay before retry number `attempt` (1 for the first retry), or `undefined` when the connection has been
 * down for `downForMs` and the policy says to give up. `random` returns a number in [0, 1).
 */
export function retryDelay(
  attempt: number,
  downForMs: number,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number | undefined {
  if (downForMs >= policy.giveUpAfterMs) return undefined;
  const exponent = Math.max(0, Math.min(attempt - 1, 30));
  const base = Math.min(policy.maxMs, policy.initialMs * 2 ** exponent);
  const scaled = base * (1 - policy.jitter + 2 * policy.jitter * random());
  // Never wait past the give-up moment: the last attempt happens right at the deadline, not after it.
  return Math.round(Math.max(0, Math.min(scaled, policy.maxMs, policy.giveUpAfterMs - downForMs)));
}

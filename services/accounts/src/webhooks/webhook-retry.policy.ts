export interface RetryPolicy {
  retryInitialMs: number;
  retryMaxMs: number;
}

/**
 * How long to wait after a delivery's `attempts`-th failed attempt: retryInitialMs doubled per earlier
 * attempt, capped at retryMaxMs, then drawn at random from its upper half ("equal jitter"), so receivers
 * coming back up are not hit by every retry at the same instant.
 */
export function retryDelayMs(
  attempts: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  const doublings = Math.min(Math.max(attempts, 1) - 1, 40);
  const ceiling = Math.min(policy.retryMaxMs, policy.retryInitialMs * 2 ** doublings);
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

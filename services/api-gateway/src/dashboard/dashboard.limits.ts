import type { IpRateLimits } from './ip-rate.limiter';

/** Every bound of the public dashboard in one place, units last. */
export interface DashboardLimits {
  /** Page, assets and JSON reads per client IP. A dashboard tab polls about 45 times a minute. */
  readRate: IpRateLimits;
  /** journal.verify recomputes the whole journal: far fewer per IP. */
  verifyRate: IpRateLimits;
  /** Open live feeds, in all and per client IP. */
  feedClientsMax: number;
  feedClientsPerIpMax: number;
  /** A feed client whose unsent output grows past this is dropped (a stalled phone must not hold memory). */
  feedBufferedBytesMax: number;
  feedHeartbeatMs: number;
  /**
   * How long a feed's frames are held to be written together, one socket write per feed per hold instead
   * of one per event (invisible on a dashboard); a feed holding feedHoldFramesMax frames or
   * feedHoldBytesMax bytes is written at once.
   */
  feedHoldMs: number;
  feedHoldFramesMax: number;
  feedHoldBytesMax: number;
  /**
   * Feeds written in one turn of the event loop at the end of a hold; the rest wait for the next turn, so
   * the requests that came in meanwhile are answered between slices, not after 1,000 socket writes.
   */
  feedFlushSliceMax: number;
  /** Events waiting for their labels before new ones are dropped (a burst must not grow memory). */
  feedQueueMax: number;
  /**
   * How long whether a dashboard is public is trusted without asking accounts again. The settings.updated
   * event updates it at once; this bounds how long a missed event could keep a private dashboard open.
   */
  visibilityCacheMs: number;
  visibilityCacheEntriesMax: number;
  /** How long the JSON reads are reused per community (many tabs cost the backends one read). */
  readCacheMs: number;
  readCacheEntriesMax: number;
  verifyCacheMs: number;
  /** Member display names remembered. */
  labelCacheEntriesMax: number;
  labelCacheMs: number;
  /** Command timeouts: reads, the optional analytics service, and verify (which reads the whole journal). */
  commandTimeoutMs: number;
  analyticsTimeoutMs: number;
  /** After analytics failed to answer, use the ledger for this long before asking it again. */
  analyticsRetryAfterMs: number;
  verifyTimeoutMs: number;
  /** Ledger pages read at most when the figures are computed from the ledger (200 rows a page). */
  ledgerPagesMax: number;
  transactionsDefault: number;
  transactionsMax: number;
  leaderboardSize: number;
  artifactTypesMax: number;
  volumeHours: number;
  /** The economy panel: periods of the schedule projected, UTC days of flows, proposals read and shown. */
  projectionPeriods: number;
  flowDays: number;
  /** Newest proposals read (open ones and results are split from them). */
  proposalsRead: number;
  resultsShown: number;
  historyShown: number;
  /**
   * How long the page waits for its first figures before it is sent with "Loading…" in the cards not
   * read yet (its script reads those): a slow service must not hold the whole page.
   */
  firstPaintBudgetMs: number;
}

export const DASHBOARD_LIMITS_DEFAULT: DashboardLimits = {
  readRate: { windowMs: 60_000, requestsMax: 240, keysMax: 10_000 },
  verifyRate: { windowMs: 60_000, requestsMax: 10, keysMax: 10_000 },
  feedClientsMax: 500,
  feedClientsPerIpMax: 8,
  feedBufferedBytesMax: 1_000_000,
  feedHeartbeatMs: 20_000,
  feedHoldMs: 100,
  feedHoldFramesMax: 64,
  feedHoldBytesMax: 32 * 1024,
  feedFlushSliceMax: 100,
  feedQueueMax: 1_000,
  visibilityCacheMs: 5_000,
  visibilityCacheEntriesMax: 10_000,
  readCacheMs: 1_000,
  readCacheEntriesMax: 2_000,
  verifyCacheMs: 10_000,
  labelCacheEntriesMax: 5_000,
  labelCacheMs: 10 * 60_000,
  commandTimeoutMs: 3_000,
  analyticsTimeoutMs: 1_500,
  analyticsRetryAfterMs: 30_000,
  verifyTimeoutMs: 30_000,
  ledgerPagesMax: 10,
  transactionsDefault: 20,
  transactionsMax: 50,
  leaderboardSize: 10,
  artifactTypesMax: 50,
  volumeHours: 24,
  projectionPeriods: 12,
  flowDays: 14,
  proposalsRead: 50,
  resultsShown: 5,
  historyShown: 10,
  firstPaintBudgetMs: 1_500,
};

import { BaseEnvSchema, PortSchema } from '@ticketonomics/runtime';
import { z } from 'zod';

const intSetting = (min: number, max: number, fallback: number) =>
  z.coerce
    .number({ error: `must be a whole number from ${min} to ${max}` })
    .int({ error: `must be a whole number from ${min} to ${max}` })
    .min(min, { error: `must be a whole number from ${min} to ${max}` })
    .max(max, { error: `must be a whole number from ${min} to ${max}` })
    .default(fallback);

/** Steps after which the test-only fault hook kills the process. */
export const FAULT_POINTS = ['off', 'hold', 'item', 'post'] as const;
export type FaultPoint = (typeof FAULT_POINTS)[number];

export const ArtifactsConfigSchema = BaseEnvSchema.extend({
  HTTP_PORT: PortSchema.default(3003),
  /** How long a buyer's tickets stay held while a purchase settles; the ledger releases them after. */
  ARTIFACTS_HOLD_TIMEOUT_MS: intSetting(1_000, 7 * 24 * 60 * 60 * 1000, 10 * 60 * 1000),
  /** How long a call to the ledger may take before the purchase answers UNAVAILABLE. */
  ARTIFACTS_LEDGER_TIMEOUT_MS: intSetting(100, 60_000, 5_000),
  /** How often unfinished purchases are looked for and driven to an end. */
  ARTIFACTS_SAGA_INTERVAL_MS: intSetting(50, 600_000, 5_000),
  /** Unfinished purchases left alone this long since their last step, because a request may still drive them. */
  ARTIFACTS_SAGA_GRACE_MS: intSetting(0, 3_600_000, 30_000),
  /** Purchases driven per worker round. */
  ARTIFACTS_SAGA_BATCH_MAX: intSetting(1, 10_000, 100),
  /** Failed attempts after which a purchase is reported stuck (it is still retried). */
  ARTIFACTS_SAGA_ATTEMPTS_MAX: intSetting(1, 1_000, 20),
  /** First retry delay of a failing purchase; it doubles per attempt up to the maximum. */
  ARTIFACTS_SAGA_BACKOFF_MS: intSetting(10, 600_000, 1_000),
  ARTIFACTS_SAGA_BACKOFF_MAX_MS: intSetting(10, 3_600_000, 300_000),
  /** How often open trade offers past their expiry are closed. */
  ARTIFACTS_TRADE_EXPIRY_INTERVAL_MS: intSetting(50, 600_000, 5_000),
  /** Trade offers expired per transaction. */
  ARTIFACTS_TRADE_EXPIRY_BATCH_MAX: intSetting(1, 10_000, 200),
  /**
   * Partitions the communities are spread over (each its own SQLite file, served by one replica at a time).
   * Every replica must use the same number, and it cannot change once data is written.
   */
  ARTIFACTS_PARTITIONS: intSetting(1, 256, 1),
  /** How long a replica's hold on a partition lives without renewal: a dead replica's partitions move after it. */
  ARTIFACTS_LEASE_TTL_MS: intSetting(1_500, 60_000, 6_000),
  /** How long a request waits for its partition to get a replica (a move, a failover) before UNAVAILABLE. */
  ARTIFACTS_OWNER_WAIT_MS: intSetting(0, 30_000, 3_000),
  /**
   * How long the replica serving a partition has to answer a request passed on to it; under the callers'
   * own timeout. A purchase not answered in time may still complete: the caller's retry with its requestId
   * gets its outcome.
   */
  ARTIFACTS_OWNER_TIMEOUT_MS: intSetting(100, 60_000, 4_500),
  /** Requests handled at once past which requests get OVERLOADED. */
  ARTIFACTS_IN_FLIGHT_MAX: intSetting(100, 1_000_000, 20_000),
  /**
   * This replica's name in leases and logs, unique among live replicas and kept across its restarts; by
   * default the host name (compose gives each container its own).
   */
  ARTIFACTS_REPLICA_ID: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'must be 1-64 characters of A-Z, a-z, 0-9, _ or -' })
    .optional(),
  /**
   * TEST HOOK, off by default: kill the process (SIGKILL) right after a purchase step ('hold', 'item' or
   * 'post'), so the crash-recovery tests hit that point exactly. Never set it in production.
   */
  ARTIFACTS_FAULT_AFTER: z
    .enum(FAULT_POINTS, { error: `must be one of ${FAULT_POINTS.join(', ')} (a test hook; leave unset)` })
    .default('off'),
});

export type ArtifactsConfig = z.output<typeof ArtifactsConfigSchema>;

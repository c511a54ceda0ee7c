import { BaseEnvSchema, PortSchema } from '@ticketonomics/runtime';
import { hostname } from 'node:os';
import { z } from 'zod';

const wholeNumber = (min: number, max: number) =>
  z.coerce
    .number({ error: 'must be a number' })
    .int({ error: 'must be a whole number' })
    .min(min, { error: `must be at least ${min}` })
    .max(max, { error: `must be at most ${max}` });

/**
 * An operator-named replica: its store is `analytics-<id>.sqlite` and it takes no slot. Unset, a replica takes
 * the lowest free slot (`analytics-s0.sqlite`, ...) and is named `<hostname>-s0`, ...
 */
const ReplicaIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_.-]{1,64}$/, { error: 'must be 1-64 characters of A-Z, a-z, 0-9, _, . or -' });

/** The hostname with anything a replica id cannot hold replaced, so the default always validates. */
export function defaultReplicaId(): string {
  return (
    hostname()
      .replace(/[^A-Za-z0-9_.-]/g, '-')
      .slice(0, 64) || 'analytics'
  );
}

export const AnalyticsConfigSchema = BaseEnvSchema.extend({
  HTTP_PORT: PortSchema.default(3004),
  ANALYTICS_REPLICA_ID: z.preprocess(
    (value) => (value === '' ? undefined : value),
    ReplicaIdSchema.optional(),
  ),
  /** Store slots replicas take, lowest free first: at most this many replicas run on one volume. */
  ANALYTICS_SLOTS_MAX: wholeNumber(1, 256).default(16),
  /**
   * How long a replica's slot lease lives without renewal (renewed every third of it): a replica that died
   * frees its slot, and its file, after this.
   */
  ANALYTICS_SLOT_TTL_MS: wholeNumber(1_000, 600_000).default(6_000),
  /**
   * Events applied per SQLite transaction at most (with the stream position they reach). A batch fills only
   * while catching up (at the stream's end an event is applied at once), where bigger transactions pay:
   * each commit writes every page its rows touched, and a row changed many times is written once.
   */
  ANALYTICS_BATCH_MAX: wholeNumber(1, 10_000).default(5_000),
  /**
   * Days of hourly buckets and of the per-member activity rows kept; daily buckets are kept for good. At
   * least 31, so the monthly active count and the 7-day velocity always have their whole window.
   */
  ANALYTICS_HOURLY_KEPT_DAYS: wholeNumber(31, 3_660).default(35),
  /** Wait before consuming again after a batch failed to apply (a bug or a full disk, say). */
  ANALYTICS_RETRY_MS: wholeNumber(10, 600_000).default(1_000),
});

export type AnalyticsConfig = z.output<typeof AnalyticsConfigSchema>;

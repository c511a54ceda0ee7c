import { ACCOUNTS_PARTITIONS_MAX } from '@ticketonomics/contracts';
import { BaseEnvSchema, PortSchema } from '@ticketonomics/runtime';
import { z } from 'zod';

const DAY_MS = 86_400_000;

/** A whole number from the environment within [min, max], named by its unit in the error. */
const bounded = (min: number, max: number, unit: string) =>
  z.coerce
    .number({ error: `must be a number of ${unit}` })
    .int({ error: `must be a whole number of ${unit}` })
    .min(min, { error: `must be at least ${min} ${unit}` })
    .max(max, { error: `must be at most ${max} ${unit}` });

/**
 * Webhook delivery settings. The defaults suit production; tests shrink the back-off and the limits so a
 * receiver's failure plays out in seconds.
 */
export const WebhookEnvShape = {
  /** One delivery's HTTP request, connection and response headers included. */
  WEBHOOK_TIMEOUT_MS: bounded(100, 60_000, 'milliseconds').default(5_000),
  /** Wait before the 2nd attempt; doubled for each further one (with jitter), up to WEBHOOK_RETRY_MAX_MS. */
  WEBHOOK_RETRY_INITIAL_MS: bounded(10, 3_600_000, 'milliseconds').default(1_000),
  WEBHOOK_RETRY_MAX_MS: bounded(10, DAY_MS, 'milliseconds').default(3_600_000),
  /** Attempts per delivery before it is failed (15: about 3 hours of retries with the defaults above). */
  WEBHOOK_ATTEMPTS_MAX: bounded(1, 50, 'attempts').default(15),
  /** Failed deliveries in a row (each after every attempt) that disable a webhook. */
  WEBHOOK_DISABLE_AFTER_FAILURES: bounded(1, 1_000, 'deliveries').default(5),
  /** Requests in flight at once, over all webhooks. */
  WEBHOOK_CONCURRENCY: bounded(1, 64, 'requests').default(8),
  /**
   * Requests in flight at once for one community's webhooks. Free slots go round the communities in turn,
   * so one community's backlog or slow receiver never holds up the others' deliveries.
   */
  WEBHOOK_COMMUNITY_CONCURRENCY: bounded(1, 64, 'requests').default(4),
  /** Due deliveries read per round. */
  WEBHOOK_BATCH_SIZE: bounded(1, 1_000, 'deliveries').default(100),
  /** How often the worker looks for due deliveries when nothing wakes it. */
  WEBHOOK_POLL_MS: bounded(10, 60_000, 'milliseconds').default(1_000),
  /** Pending deliveries per webhook; past it, new events are logged as failed ("not queued") instead. */
  WEBHOOK_PENDING_MAX: bounded(1, 100_000, 'deliveries').default(1_000),
  /** How long finished deliveries (and the consumer's processed-event records) are kept. */
  WEBHOOK_LOG_RETENTION_MS: bounded(60_000, 90 * DAY_MS, 'milliseconds').default(7 * DAY_MS),
  /** Finished deliveries kept per webhook, newest first, whatever their age. */
  WEBHOOK_LOG_MAX: bounded(10, 1_000_000, 'deliveries').default(10_000),
  /**
   * Whether webhooks may reach loopback, private, link-local and other non-public addresses. Off in
   * production (a registered URL must not reach the services' own network); tests and local development
   * turn it on for receivers on 127.0.0.1.
   */
  WEBHOOK_ALLOW_PRIVATE_ADDRESSES: z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .default('false')
    .transform((value) => value === 'true'),
};

/**
 * Replica settings. Accounts' communities are spread over ACCOUNTS_PARTITIONS partitions (files
 * `accounts-p003.sqlite`), and users and identities are one more, global, partition (`accounts.sqlite`):
 * each written by one replica at a time, chosen by a lease; every replica answers the public subjects and
 * passes each command to the replica writing its partition.
 */
export const AccountsReplicaEnvShape = {
  /**
   * Community partitions, one SQLite file each; fixed once data is written. At most ACCOUNTS_PARTITIONS_MAX
   * (the bus grants each partition's webhook durable that many times); the global partition is numbered
   * after them.
   */
  ACCOUNTS_PARTITIONS: bounded(1, ACCOUNTS_PARTITIONS_MAX, 'partitions').default(1),
  /** How long a replica's lease on a partition lives without renewal: a dead writer is replaced after it. */
  ACCOUNTS_LEASE_TTL_MS: bounded(1_500, 60_000, 'milliseconds').default(6_000),
  /** How long a request waits for a writing replica (a failover) before UNAVAILABLE, which callers retry. */
  ACCOUNTS_OWNER_WAIT_MS: bounded(0, 30_000, 'milliseconds').default(3_000),
  /** How long the writing replica has to answer a request passed on to it; under the callers' own timeout. */
  ACCOUNTS_OWNER_TIMEOUT_MS: bounded(100, 60_000, 'milliseconds').default(4_500),
  /** Requests handled at once (passed on, and by the writer) past which requests get OVERLOADED. */
  ACCOUNTS_IN_FLIGHT_MAX: bounded(100, 1_000_000, 'requests').default(20_000),
  /**
   * This replica's name in the lease and logs, unique among live replicas and kept across its restarts; by
   * default the host name (compose gives each container its own).
   */
  ACCOUNTS_REPLICA_ID: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'must be 1-64 characters of A-Z, a-z, 0-9, _ or -' })
    .optional(),
};

export const AccountsConfigSchema = BaseEnvSchema.extend({
  HTTP_PORT: PortSchema.default(3002),
  ...WebhookEnvShape,
  ...AccountsReplicaEnvShape,
}).superRefine((config, ctx) => {
  if (config.WEBHOOK_RETRY_MAX_MS < config.WEBHOOK_RETRY_INITIAL_MS) {
    ctx.addIssue({
      code: 'custom',
      path: ['WEBHOOK_RETRY_MAX_MS'],
      message: 'must be at least WEBHOOK_RETRY_INITIAL_MS',
    });
  }
});

export type AccountsConfig = z.output<typeof AccountsConfigSchema>;

/** The webhook settings as the delivery parts take them. */
export interface WebhookSettings {
  timeoutMs: number;
  retryInitialMs: number;
  retryMaxMs: number;
  attemptsMax: number;
  disableAfterFailures: number;
  concurrency: number;
  communityConcurrency: number;
  batchSize: number;
  pollMs: number;
  pendingMax: number;
  logRetentionMs: number;
  logMax: number;
  /** Deliver to loopback and private addresses too (tests, local development). */
  allowPrivateAddresses: boolean;
}

export function webhookSettingsOf(config: AccountsConfig): WebhookSettings {
  return {
    timeoutMs: config.WEBHOOK_TIMEOUT_MS,
    retryInitialMs: config.WEBHOOK_RETRY_INITIAL_MS,
    retryMaxMs: config.WEBHOOK_RETRY_MAX_MS,
    attemptsMax: config.WEBHOOK_ATTEMPTS_MAX,
    disableAfterFailures: config.WEBHOOK_DISABLE_AFTER_FAILURES,
    concurrency: config.WEBHOOK_CONCURRENCY,
    communityConcurrency: config.WEBHOOK_COMMUNITY_CONCURRENCY,
    batchSize: config.WEBHOOK_BATCH_SIZE,
    pollMs: config.WEBHOOK_POLL_MS,
    pendingMax: config.WEBHOOK_PENDING_MAX,
    logRetentionMs: config.WEBHOOK_LOG_RETENTION_MS,
    logMax: config.WEBHOOK_LOG_MAX,
    allowPrivateAddresses: config.WEBHOOK_ALLOW_PRIVATE_ADDRESSES,
  };
}

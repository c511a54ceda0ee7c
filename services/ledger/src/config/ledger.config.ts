import { BaseEnvSchema, PortSchema } from '@ticketonomics/runtime';
import { LEDGER_JOURNAL_MAX_BYTES_DEFAULT } from '@ticketonomics/contracts';
import { z } from 'zod';

const intSetting = (min: number, max: number, fallback: number) =>
  z.coerce
    .number({ error: `must be a whole number from ${min} to ${max}` })
    .int({ error: `must be a whole number from ${min} to ${max}` })
    .min(min)
    .max(max)
    .default(fallback);

export const LedgerConfigSchema = BaseEnvSchema.extend({
  HTTP_PORT: PortSchema.default(3001),
  /** Writes committed together in one SQLite transaction. */
  LEDGER_COMMIT_GROUP_MAX: intSetting(1, 10_000, 2_000),
  /** Writes waiting for a commit past which requests get OVERLOADED. */
  LEDGER_QUEUE_LENGTH_MAX: intSetting(100, 1_000_000, 100_000),
  /** Requests handled at once past which requests get OVERLOADED. */
  LEDGER_IN_FLIGHT_MAX: intSetting(100, 1_000_000, 20_000),
  /** How often expired holds are released. */
  LEDGER_EXPIRY_SWEEP_MS: intSetting(50, 60_000, 1_000),
  /** How often the partition owner applies due emission periods and holding fees. */
  LEDGER_EMISSION_TICK_MS: intSetting(50, 3_600_000, 60_000),
  /**
   * Most missed periods a community's schedule applies after downtime (oldest first); periods missed
   * before those are recorded as skipped and never emitted.
   */
  LEDGER_EMISSION_CATCH_UP_MAX: intSetting(1, 1_000, 48),
  /** Events published to JetStream per round (and whose acknowledgements are awaited together). */
  LEDGER_EVENTS_BATCH_MAX: intSetting(1, 10_000, 512),
  /**
   * Events of committed groups a partition keeps in memory until JetStream acknowledges them; when
   * publishing falls further behind, the rest are read back from the replicated journal.
   */
  LEDGER_EVENTS_PENDING_MAX: intSetting(100, 1_000_000, 20_000),
  /** FULL survives power loss; NORMAL only process crashes (faster on slow disks). */
  LEDGER_SYNCHRONOUS: z.enum(['FULL', 'NORMAL']).default('FULL'),
  /**
   * Partitions the communities are spread over (each its own SQLite file, served by one replica at a time).
   * Every replica must use the same number, and it cannot change once data is written.
   */
  LEDGER_PARTITIONS: intSetting(1, 256, 1),
  /** How long a replica's hold on a partition lives without renewal: a dead replica's partitions move after it. */
  LEDGER_LEASE_TTL_MS: intSetting(1_500, 60_000, 6_000),
  /** How long a request waits for its partition to get a replica (a move, a failover) before UNAVAILABLE. */
  LEDGER_OWNER_WAIT_MS: intSetting(0, 30_000, 3_000),
  /** How long the replica serving a partition has to answer a request passed on to it. */
  LEDGER_OWNER_TIMEOUT_MS: intSetting(100, 60_000, 4_500),
  /**
   * How long a commit group waits for JetStream to store it in the partition's replicated journal (writes
   * are answered only then); past it the group is not applied and its writes are answered UNAVAILABLE.
   */
  LEDGER_JOURNAL_APPEND_TIMEOUT_MS: intSetting(500, 60_000, 5_000),
  /**
   * Size of the replicated journal stream (LEDGER_JOURNAL) at most: reserved on the NATS servers when the
   * stream is made; once full, writes are refused rather than history dropped. Default 4 GiB.
   */
  LEDGER_JOURNAL_MAX_BYTES: intSetting(64 * 1024 ** 2, 1024 ** 4, LEDGER_JOURNAL_MAX_BYTES_DEFAULT),
  /**
   * Rows of changes one commit group carries at most (about 300 bytes each before compression); the writes
   * past it go in the next group, so a journal message stays under NATS's 1 MiB.
   */
  LEDGER_JOURNAL_GROUP_ROWS_MAX: intSetting(100, 50_000, 6_000),
  /** Pause between tries to catch up with the journal after an append failed (NATS away). */
  LEDGER_JOURNAL_RESYNC_RETRY_MS: intSetting(100, 60_000, 1_000),
  /**
   * This replica's name in leases and logs, unique among live replicas and kept across its restarts; by
   * default the host name (compose gives each container its own).
   */
  LEDGER_REPLICA_ID: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'must be 1-64 characters of A-Z, a-z, 0-9, _ or -' })
    .optional(),
});

export type LedgerConfig = z.output<typeof LedgerConfigSchema>;

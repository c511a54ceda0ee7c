import { GOVERNANCE_PARTITIONS_MAX } from '@ticketonomics/contracts';
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
export const GOVERNANCE_FAULT_POINTS = ['off', 'apply', 'pool-hold', 'pool-settle', 'pool-release'] as const;

export const GovernanceConfigSchema = BaseEnvSchema.extend({
  HTTP_PORT: PortSchema.default(3006),
  /** How often ended votes are decided and passed proposals past their timelock applied. */
  GOVERNANCE_TICK_INTERVAL_MS: intSetting(50, 600_000, 1_000),
  /** Proposals decided or applied per round. */
  GOVERNANCE_TICK_BATCH_MAX: intSetting(1, 10_000, 100),
  /**
   * How long after its timelock a passed proposal may still be applied. Past it (the owning service or
   * governance itself down that long) it expires instead of changing the economy late.
   */
  GOVERNANCE_APPLY_WINDOW_MS: intSetting(1_000, 30 * 86_400_000, 86_400_000),
  /** How long a call to the ledger or accounts may take. */
  GOVERNANCE_OWNER_CALL_TIMEOUT_MS: intSetting(100, 60_000, 5_000),
  /**
   * Partitions the communities are spread over; every replica must use the same number, and it cannot
   * change once data is written. At most GOVERNANCE_PARTITIONS_MAX (the bus grants that many).
   */
  /**
   * How long an accounts or ledger event may stay unacknowledged before JetStream sends it again: a
   * replica killed mid-event has its events redelivered after this.
   */
  GOVERNANCE_EVENTS_ACK_WAIT_MS: intSetting(1_000, 600_000, 30_000),
  GOVERNANCE_PARTITIONS: intSetting(1, GOVERNANCE_PARTITIONS_MAX, 1),
  GOVERNANCE_LEASE_TTL_MS: intSetting(1_500, 60_000, 6_000),
  GOVERNANCE_OWNER_WAIT_MS: intSetting(0, 30_000, 3_000),
  GOVERNANCE_OWNER_TIMEOUT_MS: intSetting(100, 60_000, 4_500),
  GOVERNANCE_IN_FLIGHT_MAX: intSetting(100, 1_000_000, 20_000),
  /** This replica's name in leases and logs; by default the host name. */
  GOVERNANCE_REPLICA_ID: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'must be 1-64 characters of A-Z, a-z, 0-9, _ or -' })
    .optional(),
  /**
   * TEST HOOK, off by default: 'apply' kills the process (SIGKILL) right after the owning service made a
   * proposal's change and before governance recorded it; 'pool-hold', 'pool-settle' and 'pool-release'
   * right after the ledger held a pledge, posted a pool's pledges, or released one hold, before governance
   * recorded it. So the restart tests hit those points. Never set it in production.
   */
  GOVERNANCE_FAULT_AFTER: z
    .enum(GOVERNANCE_FAULT_POINTS, {
      error: `must be one of ${GOVERNANCE_FAULT_POINTS.join(', ')} (a test hook; leave unset)`,
    })
    .default('off'),
});

export type GovernanceConfig = z.output<typeof GovernanceConfigSchema>;

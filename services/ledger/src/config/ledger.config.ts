import { BaseEnvSchema, PortSchema } from '@ticketonomics/runtime';
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
  /** FULL survives power loss; NORMAL only process crashes (faster on slow disks). */
  LEDGER_SYNCHRONOUS: z.enum(['FULL', 'NORMAL']).default('FULL'),
});

export type LedgerConfig = z.output<typeof LedgerConfigSchema>;

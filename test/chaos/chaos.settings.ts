import { GOVERNANCE_PARTITIONS_MAX } from '@ticketonomics/contracts';

/**
 * What a chaos run does, from the environment (`npm run chaos -- --duration 5m` sets CHAOS_DURATION_MS).
 * Every value has a bound: a typo must not start an hour-long run or a topology the machine cannot hold.
 */
export interface ChaosSettings {
  /** How long the monkey kills and restarts things while the community plays. */
  durationMs: number;
  /** Replicas per service, as `docker compose up --scale <service>=N`. */
  replicas: Record<ChaosService, number>;
  /**
   * LEDGER_PARTITIONS, ARTIFACTS_PARTITIONS, ACCOUNTS_PARTITIONS and GOVERNANCE_PARTITIONS, as compose's
   * default (governance takes at most GOVERNANCE_PARTITIONS_MAX: governancePartitionsOf).
   */
  partitions: number;
  /** Communities the simulator plays (each over NATS and the HTTP API). */
  communities: number;
  /** Telegram groups whose members pay and chat through the bot. */
  groups: number;
  /** Simulator actions per second, per community. */
  actionsPerSecond: number;
  /** Pause between two service kills, drawn from [min, max]. */
  killEveryMs: [number, number];
  /** How long a killed replica stays down before it is started again (a container restart), from [min, max]. */
  downMs: [number, number];
  /** Pause between two NATS node stops, and how long a stopped node stays down. */
  natsEveryMs: number;
  natsDownMs: number;
  /** Random seed of the simulator and the monkey, for a run to be repeated. */
  seed: number;
  /** Where every process's log is kept (test-artifacts/chaos/<time> unless given). */
  logDir: string | undefined;
}

export const CHAOS_SERVICES = [
  'ledger',
  'artifacts',
  'analytics',
  'accounts',
  'api-gateway',
  'telegram-gateway',
  'governance',
] as const;
export type ChaosService = (typeof CHAOS_SERVICES)[number];

/** Governance's partitions: the others' number, within what the bus grants governance. */
export function governancePartitionsOf(settings: Pick<ChaosSettings, 'partitions'>): number {
  return Math.min(settings.partitions, GOVERNANCE_PARTITIONS_MAX);
}

export const CHAOS_DURATION_MS_DEFAULT = 180_000;
const DURATION_MS_MIN = 10_000;
const DURATION_MS_MAX = 3_600_000;
const REPLICAS_MAX = 5;

function whole(
  env: Record<string, string | undefined>,
  name: string,
  fallback: number,
  min: number,
  max: number,
) {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be a whole number from ${min} to ${max} (got ${JSON.stringify(text)})`);
  }
  return value;
}

/** Reads CHAOS_* variables; `defaults` are the caller's (the jest spec runs shorter than `npm run chaos`). */
export function chaosSettingsFrom(
  env: Record<string, string | undefined>,
  defaults: { durationMs?: number } = {},
): ChaosSettings {
  const replica = (service: ChaosService, fallback: number) =>
    whole(env, `CHAOS_${service.toUpperCase().replace('-', '_')}_REPLICAS`, fallback, 1, REPLICAS_MAX);
  return {
    durationMs: whole(
      env,
      'CHAOS_DURATION_MS',
      defaults.durationMs ?? CHAOS_DURATION_MS_DEFAULT,
      DURATION_MS_MIN,
      DURATION_MS_MAX,
    ),
    replicas: {
      ledger: replica('ledger', 3),
      artifacts: replica('artifacts', 2),
      analytics: replica('analytics', 2),
      accounts: replica('accounts', 2),
      'api-gateway': replica('api-gateway', 2),
      'telegram-gateway': replica('telegram-gateway', 2),
      governance: replica('governance', 2),
    },
    partitions: whole(env, 'CHAOS_PARTITIONS', 6, 1, 64),
    communities: whole(env, 'CHAOS_COMMUNITIES', 3, 1, 20),
    groups: whole(env, 'CHAOS_GROUPS', 2, 1, 10),
    actionsPerSecond: whole(env, 'CHAOS_ACTIONS_PER_SECOND', 3, 1, 20),
    killEveryMs: [
      whole(env, 'CHAOS_KILL_EVERY_MIN_MS', 3_000, 500, 600_000),
      whole(env, 'CHAOS_KILL_EVERY_MAX_MS', 8_000, 500, 600_000),
    ],
    downMs: [
      whole(env, 'CHAOS_DOWN_MIN_MS', 500, 0, 120_000),
      whole(env, 'CHAOS_DOWN_MAX_MS', 4_000, 0, 120_000),
    ],
    natsEveryMs: whole(env, 'CHAOS_NATS_EVERY_MS', 30_000, 5_000, 3_600_000),
    natsDownMs: whole(env, 'CHAOS_NATS_DOWN_MS', 8_000, 1_000, 120_000),
    seed: whole(env, 'CHAOS_SEED', Date.now() % 2 ** 31, 0, 2 ** 31 - 1),
    logDir: env['CHAOS_LOG_DIR'] || undefined,
  };
}

// The bot bench's settings, from BENCH_BOT_* variables; defaults keep `npm run bench -- bot` near a minute.
const int = (name, fallback, min = 1) => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min)
    throw new Error(`${name} must be a whole number >= ${min}`);
  return value;
};

export const BOT_PHASES = ['baseline', 'new', 'known', 'replies'];

export function settings() {
  const phases = new Set(
    (process.env.BENCH_BOT_PHASES ?? BOT_PHASES.join(','))
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
  for (const phase of phases) {
    if (!BOT_PHASES.includes(phase)) throw new Error(`BENCH_BOT_PHASES: unknown phase "${phase}"`);
  }
  return {
    phases,
    /** Messages per phase (each from its own member: members are spread over the groups). */
    messages: int('BENCH_BOT_MESSAGES', 1_000),
    groups: int('BENCH_BOT_GROUPS', 10),
    /** Updates the baseline hands out (the emulator alone). */
    baselineUpdates: int('BENCH_BOT_BASELINE_UPDATES', 5_000),
    /** How long a phase may take before it is reported incomplete. */
    phaseTimeoutMs: int('BENCH_BOT_PHASE_TIMEOUT_MS', 120_000),
    /** Webhook mode instead of long polling (BENCH_BOT_WEBHOOK=1). */
    webhook: process.env.BENCH_BOT_WEBHOOK === '1',
    /** Profile one service (node --cpu-prof) into this directory. */
    cpuProfDir: process.env.BENCH_CPU_PROF || null,
    /** Which: telegram-gateway (default), accounts or ledger. */
    cpuProfService: process.env.BENCH_CPU_PROF_SERVICE || 'telegram-gateway',
  };
}

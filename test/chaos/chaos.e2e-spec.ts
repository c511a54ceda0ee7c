/**
 * The chaos run, short (CHAOS_DURATION_MS, 60 s of chaos by default; `npm run chaos` runs it longer): the
 * whole scaled topology as processes (NATS x3, ledger x3, artifacts x2, analytics x2, accounts x2, governance
 * x2, api-gateway x2, telegram-gateway x2 polling the Bot API emulator), a community paying, buying, trading,
 * earning, voting and pooling through NATS, the HTTP API and the bot, while replicas are SIGKILLed and restarted and a NATS node is
 * stopped and started. Afterwards every check of test/chaos/chaos.checks.ts must hold. Needs `npm run build`.
 */
import { runChaos, type ChaosReport } from './chaos.run';
import { chaosSettingsFrom } from './chaos.settings';

const JEST_CHAOS_MS = 60_000;
/** Start-up, set-up, the chaos, the wait for health and settlement, the checks, the shutdown. */
const SETTLE_AND_CHECK_MS = 540_000;

describe('chaos: replicas and a NATS node killed under a playing community', () => {
  const settings = chaosSettingsFrom(process.env, { durationMs: JEST_CHAOS_MS });
  let report: ChaosReport | undefined;

  it(
    'keeps the books, the stream, the purchases, the provenance and the analytics right',
    async () => {
      report = await runChaos(settings, (line) => process.stdout.write(`chaos | ${line}\n`));
      process.stdout.write(`${report.summary}\n`);
      expect(report.monkey.kills).toBeGreaterThan(0);
      expect(report.monkey.natsStops).toBeGreaterThan(0);
      expect(report.record.transfers.size).toBeGreaterThan(0);
      for (const check of report.checks)
        expect([check.name, check.ok, check.detail]).toEqual([check.name, true, check.detail]);
    },
    settings.durationMs + SETTLE_AND_CHECK_MS,
  );
});

/**
 * One chaos run: the scaled topology, a community playing through NATS (the demo's simulator), the HTTP API
 * and the Telegram bot, the monkey killing and restarting replicas and NATS nodes for settings.durationMs,
 * then everything healthy again and the checks. Returns the report; leaves no process behind, pass or fail.
 */
import { isDomainError, LedgerCommands, SERVICE_ROLES } from '@ticketonomics/contracts';
import { CommunitySimulator, seededRandom } from '@ticketonomics/demo';
import type { CommandClient } from '@ticketonomics/messaging';
import { RetryingCommands } from './chaos.commands';
import { runChecks, type CheckResult } from './chaos.checks';
import { GovernancePlayer } from './chaos.governance';
import { waitHealthy } from './chaos.health';
import { HttpPayer } from './chaos.http';
import { runMonkey, type MonkeyReport } from './chaos.monkey';
import { ChaosRecord, tally } from './chaos.record';
import type { ChaosSettings } from './chaos.settings';
import { TelegramCommunity } from './chaos.telegram';
import { startChaosTopology } from './chaos.topology';

/** HTTP payments per second over all communities. */
const HTTP_PER_SECOND = 2;

export interface ChaosReport {
  settings: ChaosSettings;
  durationMs: number;
  monkey: MonkeyReport;
  record: ChaosRecord;
  simulated: Map<string, number>;
  /** /pay messages the bot never answered (with what the ledger has of them), and those answered twice. */
  telegram: { unanswered: string[]; answeredTwice: number };
  checks: CheckResult[];
  summary: string;
  ok: boolean;
}

export async function runChaos(settings: ChaosSettings, log: (line: string) => void): Promise<ChaosReport> {
  const startedAt = Date.now();
  const random = seededRandom(settings.seed);
  log(
    `seed ${settings.seed}; chaos for ${settings.durationMs / 1000} s; replicas ${JSON.stringify(settings.replicas)}`,
  );
  const topology = await startChaosTopology(settings, log);
  let stopping = false;
  const stopped = () => stopping;
  const record = new ChaosRecord();
  const simulators: CommunitySimulator[] = [];
  let clients: Promise<unknown> = Promise.resolve();
  try {
    const commands = new RetryingCommands(topology.commands, record);
    const shopCommunities = Array.from({ length: settings.communities }, (_, i) => `chaos-town-${i + 1}`);
    for (const [i, communityId] of shopCommunities.entries()) {
      const simulator = new CommunitySimulator(
        commands,
        {
          communityId,
          title: `Chaos Town ${i + 1}`,
          actionsPerSecond: settings.actionsPerSecond,
          seed: settings.seed + i,
        },
        (line) => log(`[${communityId}] ${line}`),
      );
      await simulator.setUp();
      simulators.push(simulator);
    }
    const http = new HttpPayer(topology, record, random, stopped);
    await http.setUp(shopCommunities);
    const governance = new GovernancePlayer(commands, record, random, stopped, runIdOf(settings));
    await governance.setUp(shopCommunities);
    const telegram = new TelegramCommunity(topology.emulator, commands, record, random, stopped);
    await telegram.setUp(settings.groups);
    log(
      `set up ${shopCommunities.length} communities (governed: votes and pools), ${settings.groups} Telegram groups; the chaos starts`,
    );

    for (const simulator of simulators) simulator.start();
    clients = Promise.all([http.run(HTTP_PER_SECOND), telegram.run(), governance.run()]);
    const monkey = await runMonkey(topology, settings, random, log);
    log('the chaos stops; waiting for everything to be healthy again');
    await waitHealthy(topology, settings);
    log('healthy: every replica ready, every partition served, one poller; stopping the clients');
    stopping = true;
    await Promise.all(simulators.map((simulator) => simulator.stop()));
    await clients;
    const collected = telegram.collect();
    // Not a check (none of the books is wrong), but worth knowing: docs/bot.md promises each update once.
    const bot = {
      ...collected,
      unanswered: await Promise.all(collected.unanswered.map((id) => ledgerStateOf(topology.commands, id))),
    };
    if (!(await telegram.answers())) record.givenUp.push('the bot did not answer /help after the chaos');

    log('checking');
    const checks = await runChecks({
      topology,
      record,
      shopCommunities,
      communities: [...shopCommunities, ...telegram.communityIds],
      governed: governance.startVersions,
    });
    const refusedToServices = (await topology.cluster.permissionViolations()).filter((line) =>
      (SERVICE_ROLES as readonly string[]).includes(line.slice(0, line.indexOf(':'))),
    );
    // Replies included: a service may publish to its callers' inboxes whichever node it reconnects to.
    checks.push({
      name: 'NATS refused no subject to a service (bus roles), replies included',
      ok: refusedToServices.length === 0,
      detail: refusedToServices.slice(0, 5).join('; ') || 'none refused',
    });
    checks.push({
      name: 'every operation answered (none given up after retrying for 60 s), every restart ready',
      ok: record.givenUp.length === 0 && monkey.failedRestarts.length === 0,
      detail: [...record.givenUp, ...monkey.failedRestarts].slice(0, 5).join('; ') || 'none given up',
    });
    const simulated = new Map<string, number>();
    for (const simulator of simulators) {
      for (const [what, n] of simulator.totals())
        simulated.set(`simulator ${what}`, (simulated.get(`simulator ${what}`) ?? 0) + n);
    }
    const durationMs = Date.now() - startedAt;
    const ok = checks.every((check) => check.ok);
    const summary = [
      `chaos run: ${ok ? 'PASSED' : 'FAILED'} in ${(durationMs / 1000).toFixed(0)} s (chaos ${settings.durationMs / 1000} s, seed ${settings.seed})`,
      `topology: NATS x3, ${Object.entries(settings.replicas)
        .map(([service, n]) => `${service} x${n}`)
        .join(', ')}; ${settings.partitions} partitions`,
      `chaos: ${monkey.kills} SIGKILLs, ${monkey.restarts} restarts, ${monkey.natsStops} NATS node stops, ${monkey.natsStarts} NATS node starts`,
      `  killed: ${tally(countBy(monkey.actions.filter((a) => a.what.startsWith('SIGKILL')).map((a) => a.what.slice(8))))}`,
      `operations: ${tally(new Map([...simulated, ...record.operations]))}`,
      `acknowledged: ${record.transfers.size} transfers, ${record.purchases.length} purchases; governance ${record.governance.proposals.length} proposals, ${record.governance.votes} votes, ${record.governance.pools.length} pools, ${record.governance.pledges.length} pledges`,
      `retries: ${tally(record.retries)}; UNAVAILABLE seen ${record.unavailableSeen()} times`,
      `telegram: ${bot.unanswered.length} /pay never answered${bot.unanswered.length > 0 ? ` (${bot.unanswered.join('; ')})` : ''}, ${bot.answeredTwice} answered twice`,
      'checks:',
      ...checks.map((check) => `  ${check.ok ? 'ok  ' : 'FAIL'} ${check.name}: ${check.detail}`),
      `logs: ${topology.logDir}`,
    ].join('\n');
    return { settings, durationMs, monkey, record, simulated, telegram: bot, checks, summary, ok };
  } finally {
    stopping = true;
    await Promise.all(simulators.map((simulator) => simulator.stop().catch(() => undefined)));
    await clients.catch(() => undefined);
    await topology.close();
  }
}

/** A bot payment's id with whether the ledger has it: paid without a reply, or the message never handled. */
async function ledgerStateOf(commands: CommandClient, transferId: string): Promise<string> {
  try {
    await commands.request(LedgerCommands.transferGet, { transferId });
    return `${transferId} paid in the ledger`;
  } catch (error) {
    return `${transferId} ${isDomainError(error) && error.code === 'NOT_FOUND' ? 'not in the ledger' : `unknown (${(error as Error).message})`}`;
  }
}

/** Request ids unique to this run and short: governance takes at most 48 characters. */
function runIdOf(settings: ChaosSettings): string {
  return `${settings.seed.toString(36)}${Date.now().toString(36)}`;
}

function countBy(items: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return counts;
}

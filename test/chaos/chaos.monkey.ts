/**
 * The chaos itself: until the time is up, a service replica is killed with SIGKILL and started again after
 * a short while (same replica id, data and port: a container restarting), two at most at a time. The services take
 * turns in a shuffled order, so even a short run kills each of them; within a service the replica is
 * random, except that telegram-gateway's victim is the one polling (the leader). On its own schedule one
 * NATS node is stopped (SIGTERM) and started again, never two at once so the cluster keeps a majority; the
 * first stop hits the node leading the event stream, the hardest case. Every action is logged.
 */
import { EVENT_STREAM } from '@ticketonomics/contracts';
import type { Random } from '@ticketonomics/demo';
import { jetstreamManager } from '@nats-io/jetstream';
import { sleep } from './chaos.record';
import { CHAOS_SERVICES, type ChaosService, type ChaosSettings } from './chaos.settings';
import type { ChaosTopology, Replica } from './chaos.topology';

const LEADER_PROBE_TIMEOUT_MS = 2_000;
/** Replicas down or restarting at the same time, at most. */
const DOWN_AT_ONCE_MAX = 2;

export interface MonkeyAction {
  atMs: number;
  what: string;
}

export interface MonkeyReport {
  kills: number;
  restarts: number;
  natsStops: number;
  natsStarts: number;
  /** Restarts that failed (the replica did not come back ready): a finding. */
  failedRestarts: string[];
  actions: MonkeyAction[];
}

export async function runMonkey(
  topology: ChaosTopology,
  settings: ChaosSettings,
  random: Random,
  log: (line: string) => void,
): Promise<MonkeyReport> {
  const startedAt = Date.now();
  const endAt = startedAt + settings.durationMs;
  const report: MonkeyReport = {
    kills: 0,
    restarts: 0,
    natsStops: 0,
    natsStarts: 0,
    failedRestarts: [],
    actions: [],
  };
  const act = (what: string) => {
    const atMs = Date.now() - startedAt;
    report.actions.push({ atMs, what });
    log(`+${(atMs / 1000).toFixed(1)}s ${what}`);
  };
  const between = ([min, max]: [number, number]) => min + random() * Math.max(0, max - min);
  /** Sleeps until `ms` from now or the end of the run, whichever is first. */
  const pause = (ms: number) => sleep(Math.max(0, Math.min(ms, endAt - Date.now())));

  let turns: ChaosService[] = [];
  const crashed = new Set<Replica>();
  const nextVictim = async (): Promise<Replica | undefined> => {
    if (turns.length === 0) turns = shuffled([...CHAOS_SERVICES], random);
    const service = turns.shift()!;
    // Not one already crashed and not yet ready again: that is one crash, not two.
    const candidates = topology.of(service).filter((replica) => replica.running && !crashed.has(replica));
    if (service === 'telegram-gateway') {
      for (const replica of candidates)
        if ((await replica.metric('telegram_poller_leading')) === 1) return replica;
    }
    return candidates[Math.floor(random() * candidates.length)];
  };

  /** Kills `victim`, then starts it again after a while (as a container restarts), ready included. */
  const crash = async (victim: Replica) => {
    crashed.add(victim);
    await victim.kill();
    report.kills += 1;
    act(`SIGKILL ${victim.name}`);
    await sleep(between(settings.downMs));
    try {
      await victim.start();
      report.restarts += 1;
      act(`restarted ${victim.name} (ready)`);
    } catch (error) {
      report.failedRestarts.push(`${victim.name}: ${(error as Error).message.split('\n')[0]}`);
      act(`restart of ${victim.name} FAILED`);
    }
    crashed.delete(victim);
  };

  const services = async () => {
    // Crashes overlap (the next kill does not wait for the last restart), up to DOWN_AT_ONCE_MAX at a time.
    const crashing = new Set<Promise<void>>();
    await pause(between(settings.killEveryMs));
    while (Date.now() < endAt) {
      if (crashing.size >= DOWN_AT_ONCE_MAX) await Promise.race(crashing);
      if (Date.now() >= endAt) break;
      const victim = await nextVictim();
      if (victim !== undefined) {
        const inFlight: Promise<void> = crash(victim).finally(() => crashing.delete(inFlight));
        crashing.add(inFlight);
      }
      await pause(between(settings.killEveryMs));
    }
    await Promise.all(crashing);
  };

  const nats = async () => {
    // The first stop a third of the way in, so even a short run has one.
    await pause(Math.min(settings.natsEveryMs, settings.durationMs / 3));
    let first = true;
    while (Date.now() < endAt) {
      const leader = first ? await streamLeader(topology) : undefined;
      first = false;
      const leaderIndex = topology.cluster.nodes.findIndex((node) => node.name === leader);
      const index = leaderIndex >= 0 ? leaderIndex : Math.floor(random() * topology.cluster.nodes.length);
      const node = topology.cluster.nodes[index]!;
      await topology.cluster.stop(index);
      report.natsStops += 1;
      act(`stopped NATS node ${node.name}${leaderIndex >= 0 ? ' (the event stream leader)' : ''}`);
      await sleep(settings.natsDownMs);
      await topology.cluster.start(index);
      report.natsStarts += 1;
      act(`started NATS node ${node.name} (cluster has a meta leader)`);
      await pause(settings.natsEveryMs);
    }
  };

  await Promise.all([services(), nats()]);
  return report;
}

/** The node leading the event stream, when it answers in time. */
async function streamLeader(topology: ChaosTopology): Promise<string | undefined> {
  try {
    const jsm = await jetstreamManager(topology.operator, { timeout: LEADER_PROBE_TIMEOUT_MS });
    return (await jsm.streams.info(EVENT_STREAM)).cluster?.leader;
  } catch {
    return undefined;
  }
}

function shuffled<T>(items: T[], random: Random): T[] {
  for (let i = items.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

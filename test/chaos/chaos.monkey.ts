/**
 * The chaos itself: until the time is up, a random service replica is killed with SIGKILL and started again
 * after a short while (same replica id, data and port: a container restarting), one at a time; and, on
 * its own schedule, one NATS node is stopped and started again (never two at once: the cluster keeps a
 * majority). Every action is logged and kept for the summary.
 */
import type { Random } from '@ticketonomics/demo';
import { sleep } from './chaos.record';
import type { ChaosSettings } from './chaos.settings';
import type { ChaosTopology } from './chaos.topology';

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

  const services = async () => {
    await pause(between(settings.killEveryMs));
    while (Date.now() < endAt) {
      const candidates = topology.replicas.filter((replica) => replica.running);
      const victim = candidates[Math.floor(random() * candidates.length)];
      if (victim !== undefined) {
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
      }
      await pause(between(settings.killEveryMs));
    }
  };

  const nats = async () => {
    // The first stop a third of the way in, so even a short run has one.
    await pause(Math.min(settings.natsEveryMs, settings.durationMs / 3));
    while (Date.now() < endAt) {
      const index = Math.floor(random() * topology.cluster.nodes.length);
      const node = topology.cluster.nodes[index]!;
      await topology.cluster.stop(index);
      report.natsStops += 1;
      act(`stopped NATS node ${node.name}`);
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

/**
 * "Everything is healthy again" after the chaos, as an operator would judge it from the outside: every
 * NATS node and service replica running and ready, every ledger, artifacts and governance partition served, exactly
 * one telegram-gateway polling. Then "settled": purchases left mid-way finished or undone by the recovery
 * worker, and every analytics replica caught up with the event stream.
 */
import { streamState, waitFor } from '@ticketonomics/testing';
import { governancePartitionsOf, type ChaosSettings } from './chaos.settings';
import type { ChaosTopology, Replica } from './chaos.topology';

/** Restarted replicas, partitions re-leased (a lease lives 6 s) and the poller lease taken over. */
const HEALTHY_TIMEOUT_MS = 180_000;
/** The saga worker takes over a purchase after ARTIFACTS_SAGA_GRACE_MS (30 s), then retries with back-off. */
const SETTLED_TIMEOUT_MS = 180_000;
const POLL_MS = 500;

async function sum(replicas: Replica[], metric: string): Promise<number | undefined> {
  const values = await Promise.all(replicas.map((replica) => replica.metric(metric)));
  return values.some((value) => value === undefined) ? undefined : values.reduce((a, b) => a! + b!, 0);
}

export async function waitHealthy(topology: ChaosTopology, settings: ChaosSettings): Promise<void> {
  // Anything the monkey left down (a failed restart) is started again, as docker's restart policy would.
  for (const replica of topology.replicas) if (!replica.running) await replica.start();
  for (const [index, node] of topology.cluster.nodes.entries())
    if (!node.running) await topology.cluster.start(index);
  await waitFor(
    async () => {
      const ready = await Promise.all(topology.replicas.map((replica) => replica.ready()));
      if (ready.some((ok) => !ok)) return false;
      return (
        (await sum(topology.of('ledger'), 'ledger_partitions_served')) === settings.partitions &&
        (await sum(topology.of('artifacts'), 'artifacts_partitions_served')) === settings.partitions &&
        (await sum(topology.of('governance'), 'governance_partitions_served')) ===
          governancePartitionsOf(settings) &&
        (await sum(topology.of('telegram-gateway'), 'telegram_poller_leading')) === 1
      );
    },
    {
      timeoutMs: HEALTHY_TIMEOUT_MS,
      intervalMs: POLL_MS,
      description:
        'every replica ready, every ledger, artifacts and governance partition served once, one telegram-gateway polling',
    },
  );
}

/** Resolves true once no purchase is unfinished on any artifacts replica; false after the time limit. */
export async function purchasesSettled(topology: ChaosTopology): Promise<boolean> {
  return waitFor(async () => (await sum(topology.of('artifacts'), 'artifacts_sagas_unfinished')) === 0, {
    timeoutMs: SETTLED_TIMEOUT_MS,
    intervalMs: POLL_MS,
  }).then(
    () => true,
    () => false,
  );
}

/**
 * Resolves true once every analytics replica has applied the event stream up to its last message as it
 * was when the ledger's outbox had published everything (`streamLastSeq` at the call).
 */
export async function analyticsCaughtUp(topology: ChaosTopology): Promise<boolean> {
  const { lastSeq } = await streamState(topology.operator);
  return waitFor(
    async () => {
      const applied = await Promise.all(
        topology.of('analytics').map((replica) => replica.metric('analytics_applied_seq')),
      );
      return applied.every((seq) => seq !== undefined && seq >= lastSeq);
    },
    { timeoutMs: SETTLED_TIMEOUT_MS, intervalMs: POLL_MS },
  ).then(
    () => true,
    () => false,
  );
}

import type { OutboxStore } from '@ticketonomics/messaging';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { SagaOutcome } from '../sagas/saga.runner';
import type { SagasStore } from '../sagas/sagas.store';

/** How purchases ended since start, counted as they end. */
export class SagaOutcomes {
  private readonly counts = new Map<SagaOutcome, number>();

  record(outcome: SagaOutcome): void {
    this.counts.set(outcome, (this.counts.get(outcome) ?? 0) + 1);
  }

  get(outcome: SagaOutcome): number {
    return this.counts.get(outcome) ?? 0;
  }
}

const OUTCOMES: SagaOutcome[] = ['completed', 'refused', 'compensated', 'reverted'];

/** A partition this replica serves, as its figures are read. */
export interface PartitionFigures {
  label: string;
  outcomes: SagaOutcomes;
  sagas: SagasStore;
  outbox: OutboxStore;
  writes: number;
}

/**
 * The service's own figures on /metrics, read when Prometheus scrapes, one series per partition this
 * replica serves (label `partition`); a partition that moved away is no longer reported here, and its
 * counters start again from 0 where it is served next.
 */
export function registerArtifactsMetrics(
  registry: Registry,
  deps: { partitions: () => PartitionFigures[]; attemptsMax: number },
): void {
  const perPartition = (read: (partition: PartitionFigures) => number) =>
    function collect(this: Gauge | Counter) {
      this.reset();
      for (const partition of deps.partitions()) {
        const value = read(partition);
        if (this instanceof Gauge) this.set({ partition: partition.label }, value);
        else this.inc({ partition: partition.label }, value);
      }
    };
  new Gauge({
    name: 'artifacts_partitions_served',
    help: 'Partitions this replica serves now',
    registers: [registry],
    collect() {
      this.set(deps.partitions().length);
    },
  });
  new Counter({
    name: 'artifacts_sagas_total',
    help: 'Purchases ended since the partition was taken by this replica, by outcome (completed, refused by the ledger, compensated, reverted)',
    labelNames: ['partition', 'outcome'],
    registers: [registry],
    collect() {
      this.reset();
      for (const partition of deps.partitions()) {
        for (const outcome of OUTCOMES) {
          this.inc({ partition: partition.label, outcome }, partition.outcomes.get(outcome));
        }
      }
    },
  });
  new Gauge({
    name: 'artifacts_sagas_unfinished',
    help: 'Purchases not yet completed or failed, by state',
    labelNames: ['partition', 'state'],
    registers: [registry],
    collect() {
      this.reset();
      for (const partition of deps.partitions()) {
        const counts = partition.sagas.unfinishedByState();
        for (const state of ['holding', 'item_moved', 'posted']) {
          this.set({ partition: partition.label, state }, counts[state] ?? 0);
        }
      }
    },
  });
  new Gauge({
    name: 'artifacts_sagas_stuck',
    help: 'Purchases given up on after the maximum attempts; retried at the next start',
    labelNames: ['partition'],
    registers: [registry],
    collect: perPartition((partition) => partition.sagas.stuckCount(deps.attemptsMax)),
  });
  new Counter({
    name: 'artifacts_writes_total',
    help: 'Write transactions committed since the partition was taken by this replica',
    labelNames: ['partition'],
    registers: [registry],
    collect: perPartition((partition) => partition.writes),
  });
  new Gauge({
    name: 'artifacts_outbox_unsent',
    help: 'Events written but not yet acknowledged by JetStream',
    labelNames: ['partition'],
    registers: [registry],
    collect: perPartition((partition) => partition.outbox.unsentCount()),
  });
}

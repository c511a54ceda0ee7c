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

/** The service's own figures on /metrics, read when Prometheus scrapes. */
export function registerArtifactsMetrics(
  registry: Registry,
  deps: {
    outcomes: SagaOutcomes;
    sagas: SagasStore;
    outbox: OutboxStore;
    attemptsMax: number;
    writes: () => number;
  },
): void {
  new Counter({
    name: 'artifacts_sagas_total',
    help: 'Purchases ended since start, by outcome (completed, refused by the ledger, compensated, reverted)',
    labelNames: ['outcome'],
    registers: [registry],
    collect() {
      this.reset();
      for (const outcome of OUTCOMES) this.inc({ outcome }, deps.outcomes.get(outcome));
    },
  });
  new Gauge({
    name: 'artifacts_sagas_unfinished',
    help: 'Purchases not yet completed or failed, by state',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      this.reset();
      const counts = deps.sagas.unfinishedByState();
      for (const state of ['holding', 'item_moved', 'posted']) this.set({ state }, counts[state] ?? 0);
    },
  });
  new Gauge({
    name: 'artifacts_sagas_stuck',
    help: 'Purchases given up on after the maximum attempts; retried at the next start',
    registers: [registry],
    collect() {
      this.set(deps.sagas.stuckCount(deps.attemptsMax));
    },
  });
  new Counter({
    name: 'artifacts_writes_total',
    help: 'Write transactions committed since start',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(deps.writes());
    },
  });
  new Gauge({
    name: 'artifacts_outbox_unsent',
    help: 'Events written but not yet acknowledged by JetStream',
    registers: [registry],
    collect() {
      this.set(deps.outbox.unsentCount());
    },
  });
}

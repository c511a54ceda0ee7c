import { Counter, Gauge, type Registry } from 'prom-client';
import type { OutboxStore } from '@ticketonomics/messaging';
import type { CommitQueue } from '../commit/commit-queue';

/** The ledger's own figures on /metrics, read when Prometheus scrapes. */
export function registerLedgerMetrics(registry: Registry, queue: CommitQueue, outbox: OutboxStore): void {
  new Gauge({
    name: 'ledger_commit_queue_length',
    help: 'Writes waiting for the next group commit',
    registers: [registry],
    collect() {
      this.set(queue.length);
    },
  });
  new Gauge({
    name: 'ledger_commit_last_group_size',
    help: 'Writes in the most recent group commit',
    registers: [registry],
    collect() {
      this.set(queue.stats.lastGroupSize);
    },
  });
  new Counter({
    name: 'ledger_commit_groups_total',
    help: 'Group commits since start',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(queue.stats.groups);
    },
  });
  new Counter({
    name: 'ledger_commit_items_total',
    help: 'Writes committed since start',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(queue.stats.items);
    },
  });
  new Gauge({
    name: 'ledger_outbox_unsent',
    help: 'Events written but not yet acknowledged by JetStream',
    registers: [registry],
    collect() {
      this.set(outbox.unsentCount());
    },
  });
}

import { Counter, Gauge, type Registry } from 'prom-client';
import type { CommitQueue } from '../commit/commit-queue';
import type { JournalEventsPublisher } from '../events/journal-events.publisher';

/** A partition this replica serves, as its figures are read. */
export interface PartitionFigures {
  label: string;
  queue: CommitQueue;
  events: JournalEventsPublisher;
}

/**
 * The ledger's own figures on /metrics, read when Prometheus scrapes, one series per partition this
 * replica serves (label `partition`); a partition that moved away is no longer reported here.
 */
export function registerLedgerMetrics(
  registry: Registry,
  partitions: () => Iterable<PartitionFigures>,
): void {
  const perPartition = (read: (partition: PartitionFigures) => number) =>
    function collect(this: Gauge | Counter) {
      this.reset();
      for (const partition of partitions()) {
        const value = read(partition);
        if (this instanceof Gauge) this.set({ partition: partition.label }, value);
        else this.inc({ partition: partition.label }, value);
      }
    };
  new Gauge({
    name: 'ledger_partitions_served',
    help: 'Partitions this replica serves now',
    registers: [registry],
    collect() {
      this.set([...partitions()].length);
    },
  });
  new Gauge({
    name: 'ledger_commit_queue_length',
    help: 'Writes waiting for the next group commit',
    labelNames: ['partition'],
    registers: [registry],
    collect: perPartition((partition) => partition.queue.length),
  });
  new Gauge({
    name: 'ledger_commit_last_group_size',
    help: 'Writes in the most recent group commit',
    labelNames: ['partition'],
    registers: [registry],
    collect: perPartition((partition) => partition.queue.stats.lastGroupSize),
  });
  new Counter({
    name: 'ledger_commit_groups_total',
    help: 'Group commits since the partition was taken by this replica',
    labelNames: ['partition'],
    registers: [registry],
    collect: perPartition((partition) => partition.queue.stats.groups),
  });
  new Counter({
    name: 'ledger_commit_items_total',
    help: 'Writes committed since the partition was taken by this replica',
    labelNames: ['partition'],
    registers: [registry],
    collect: perPartition((partition) => partition.queue.stats.items),
  });
  new Gauge({
    name: 'ledger_events_unpublished_groups',
    help: 'Journal groups whose events JetStream has not acknowledged yet',
    labelNames: ['partition'],
    registers: [registry],
    collect: perPartition((partition) => partition.events.lagGroups),
  });
  new Counter({
    name: 'ledger_events_published_total',
    help: 'Events JetStream acknowledged since the partition was taken by this replica',
    labelNames: ['partition'],
    registers: [registry],
    collect: perPartition((partition) => partition.events.publishedCount),
  });
}

import { POOL_STATUSES, PROPOSAL_STATUSES } from '@ticketonomics/contracts';
import type { OutboxStore } from '@ticketonomics/messaging';
import { Gauge, type Registry } from 'prom-client';
import type { PoolsStore } from '../pools/pools.store';
import type { ProposalsStore } from '../proposals/proposals.store';

/** A partition this replica serves, as its figures are read. */
export interface PartitionFigures {
  label: string;
  proposals: ProposalsStore;
  pools: PoolsStore;
  outbox: OutboxStore;
}

/**
 * The service's own figures on /metrics, read when Prometheus scrapes, one series per partition this
 * replica serves. Proposals stuck in `applying` mean an owner that keeps refusing or not answering.
 */
export function registerGovernanceMetrics(registry: Registry, partitions: () => PartitionFigures[]): void {
  new Gauge({
    name: 'governance_partitions_served',
    help: 'Partitions this replica serves now',
    registers: [registry],
    collect() {
      this.set(partitions().length);
    },
  });
  new Gauge({
    name: 'governance_proposals',
    help: 'Proposals of the partition by status',
    labelNames: ['partition', 'status'],
    registers: [registry],
    collect() {
      this.reset();
      for (const partition of partitions()) {
        const counts = partition.proposals.countByStatus();
        for (const status of PROPOSAL_STATUSES) {
          this.set({ partition: partition.label, status }, counts[status] ?? 0);
        }
      }
    },
  });
  // Pools staying settling or releasing mean a ledger that keeps not answering.
  new Gauge({
    name: 'governance_pools',
    help: 'Cooperation pools of the partition by status',
    labelNames: ['partition', 'status'],
    registers: [registry],
    collect() {
      this.reset();
      for (const partition of partitions()) {
        const counts = partition.pools.countByStatus();
        for (const status of POOL_STATUSES) {
          this.set({ partition: partition.label, status }, counts[status] ?? 0);
        }
      }
    },
  });
  new Gauge({
    name: 'governance_outbox_unsent',
    help: 'Events written but not yet acknowledged by JetStream',
    labelNames: ['partition'],
    registers: [registry],
    collect() {
      this.reset();
      for (const partition of partitions())
        this.set({ partition: partition.label }, partition.outbox.unsentCount());
    },
  });
}

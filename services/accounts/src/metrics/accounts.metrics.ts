import type { OutboxStore } from '@ticketonomics/messaging';
import { Counter, Gauge, type Registry } from 'prom-client';

/** A partition's figures, read when Prometheus scrapes. */
export interface AccountsFigures {
  writes: number;
  groupedWrites: number;
  queuedWrites: number;
  webhookRequestsInFlight: number;
  outbox: OutboxStore;
}

/**
 * Accounts' own figures on /metrics: the sums over the partitions this replica serves now (the community
 * partitions and perhaps the global one), so they move with the leases; a replica serving none reports 0.
 * `accounts_writer` is how many partitions it writes.
 */
export function registerAccountsMetrics(registry: Registry, served: () => AccountsFigures[]): void {
  const read = (value: (figures: AccountsFigures) => number): number =>
    served().reduce((sum, figures) => sum + value(figures), 0);
  new Gauge({
    name: 'accounts_writer',
    help: 'How many accounts partitions this replica writes now (0: it passes every command to the replicas that do)',
    registers: [registry],
    collect() {
      this.set(served().length);
    },
  });
  new Counter({
    name: 'accounts_writes_total',
    help: 'Write transactions committed by the partitions this replica serves, since it took them (a group of grouped writes counts once)',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(read((figures) => figures.writes));
    },
  });
  new Counter({
    name: 'accounts_grouped_writes_total',
    help: 'Grouped writes (membership.ensure, activity.record, outbox marks) run in a committed group by the partitions this replica serves, since it took them',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(read((figures) => figures.groupedWrites));
    },
  });
  new Gauge({
    name: 'accounts_grouped_writes_queued',
    help: 'Grouped writes waiting for their group to commit',
    registers: [registry],
    collect() {
      this.set(read((figures) => figures.queuedWrites));
    },
  });
  new Gauge({
    name: 'accounts_webhook_requests_in_flight',
    help: 'Webhook deliveries being sent right now',
    registers: [registry],
    collect() {
      this.set(read((figures) => figures.webhookRequestsInFlight));
    },
  });
  new Gauge({
    name: 'accounts_outbox_unsent',
    help: 'Events written but not yet acknowledged by JetStream',
    registers: [registry],
    collect() {
      this.set(read((figures) => figures.outbox.unsentCount()));
    },
  });
}

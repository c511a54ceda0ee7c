import type { OutboxStore } from '@ticketonomics/messaging';
import { Counter, Gauge, type Registry } from 'prom-client';

/** The writing replica's figures, read when Prometheus scrapes. */
export interface AccountsFigures {
  writes: number;
  groupedWrites: number;
  queuedWrites: number;
  webhookRequestsInFlight: number;
  outbox: OutboxStore;
}

/**
 * Accounts' own figures on /metrics. `accounts_writer` says whether this replica is the one writing now;
 * the other figures are the writer's, and a standby reports them as 0 (they move with the lease).
 */
export function registerAccountsMetrics(registry: Registry, writer: () => AccountsFigures | undefined): void {
  const read = (value: (figures: AccountsFigures) => number): number => {
    const figures = writer();
    return figures === undefined ? 0 : value(figures);
  };
  new Gauge({
    name: 'accounts_writer',
    help: 'Whether this replica writes accounts now (1) or passes commands to the replica that does (0)',
    registers: [registry],
    collect() {
      this.set(writer() === undefined ? 0 : 1);
    },
  });
  new Counter({
    name: 'accounts_writes_total',
    help: 'Write transactions committed since this replica became the writer (a group of grouped writes counts once)',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(read((figures) => figures.writes));
    },
  });
  new Counter({
    name: 'accounts_grouped_writes_total',
    help: 'Grouped writes (membership.ensure, activity.record, outbox marks) run in a committed group since this replica became the writer',
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

import type { NatsConnection } from '@nats-io/transport-node';

/** Tracks whether a connection is currently up, for readiness checks. */
export class NatsHealth {
  private up = true;

  constructor(private readonly nc: NatsConnection) {
    void (async () => {
      for await (const status of nc.status()) {
        if (status.type === 'disconnect') this.up = false;
        if (status.type === 'reconnect') this.up = true;
      }
    })();
  }

  get connected(): boolean {
    return this.up && !this.nc.isClosed();
  }
}

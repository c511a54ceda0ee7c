import { startNatsServer, waitFor, type NatsServerHarness } from '@ticketonomics/testing';
import type { NatsConnection } from '@nats-io/transport-node';
import { replyEpochOf } from './reply.epoch';

describe('replyEpochOf (real nats-server)', () => {
  let nats: NatsServerHarness;
  let nc: NatsConnection;

  beforeAll(async () => {
    nats = await startNatsServer();
    nc = await nats.connect(undefined, { maxReconnectAttempts: -1, reconnectTimeWait: 100 });
  }, 30_000);

  afterAll(async () => {
    await nc?.close();
    await nats?.dispose();
  });

  it('stays put while the connection holds, and moves once it was interrupted and re-established', async () => {
    const epoch = replyEpochOf(nc);
    expect(replyEpochOf(nc)()).toBe(epoch());
    const before = epoch();
    await nc.flush();
    expect(epoch()).toBe(before);
    await nats.restart();
    await waitFor(() => epoch() >= before + 2, {
      timeoutMs: 15_000,
      description: 'disconnect and reconnect seen',
    });
    await nc.flush();
    // A request received before the restart must not be answered on the new connection.
    expect(epoch()).not.toBe(before);
  }, 30_000);
});

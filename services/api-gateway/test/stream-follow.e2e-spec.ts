import { ensureEventStream } from '@ticketonomics/messaging';
import { startNatsServer, waitFor, type NatsServerHarness } from '@ticketonomics/testing';
import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import pino from 'pino';
import { StreamReader } from '../src/shared/stream.reader';

/**
 * A gateway that starts while NATS is away follows the event stream once NATS is back. Until then it
 * knows no position, so a client resuming meanwhile waits for the position following begins at (the
 * WebSocket and the dashboard feed replay up to it): a real nats-server, stopped and started again.
 */
describe('following the event stream from a start without NATS', () => {
  const logger = pino({ level: 'silent' });
  let nats: NatsServerHarness;
  let nc: NatsConnection;
  const readers: StreamReader[] = [];

  const publish = (n: number) =>
    jetstream(nc).publish('tk.evt.ledger.transfer.posted', JSON.stringify({ n }), { msgID: `follow-${n}` });

  beforeAll(async () => {
    nats = await startNatsServer();
    nc = await nats.connect(undefined, { maxReconnectAttempts: -1, reconnectTimeWait: 100 });
    await ensureEventStream(nc);
    for (const n of [1, 2, 3]) await publish(n);
  }, 30_000);

  afterAll(async () => {
    for (const reader of readers) reader.stop();
    await nc?.close();
    await nats?.dispose();
  });

  it('waits for the position it begins at, then hears what follows it', async () => {
    await nats.stop();
    const reader = new StreamReader(nc, logger);
    readers.push(reader);
    const heard: number[] = [];
    await reader.follow((message) => heard.push(message.seq));
    expect(reader.following).toBe(false);
    expect(await reader.positionOnceFollowing(200)).toBeNull();
    const position = reader.positionOnceFollowing(30_000);

    await nats.start();
    expect(await position).toBe(3);
    expect(reader.following).toBe(true);
    await publish(4);
    await waitFor(() => heard.length === 1, { timeoutMs: 10_000, description: 'the event after the start' });
    expect(heard).toEqual([4]);
    // Once following, the position is at hand at once.
    expect(await reader.positionOnceFollowing(0)).toBe(4);
  }, 60_000);
});

import type { LookupAddress } from 'node:dns';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import type { WebhookSettings } from '../config/accounts.config';
import type { AccountsStores } from '../store/accounts.stores';
import type { AttemptOutcome, WebhookDeliveries } from './webhook-deliveries.service';
import type { DueDelivery } from './webhook-deliveries.store';
import { WebhookDeliveryWorker, type ResolveHost } from './webhook-delivery.worker';

const SETTINGS: WebhookSettings = {
  timeoutMs: 2_000,
  retryInitialMs: 10,
  retryMaxMs: 10,
  attemptsMax: 1,
  disableAfterFailures: 5,
  concurrency: 1,
  communityConcurrency: 1,
  batchSize: 1,
  pollMs: 10,
  pendingMax: 10,
  logRetentionMs: 60_000,
  logMax: 10,
  allowPrivateAddresses: false,
};

/** One attempt of one delivery to `url` through a worker with fake stores; answers what it recorded. */
async function attempt(
  url: string,
  resolveHost: ResolveHost,
  allowPrivateAddresses: boolean,
): Promise<AttemptOutcome> {
  const delivery: DueDelivery = {
    id: 1,
    webhookId: 'w1',
    communityId: 'c1',
    eventId: 'e1',
    eventType: 'tk.evt.ledger.transfer.posted',
    body: '{"id":"e1"}',
    attempts: 0,
    url,
    secret: 'whsec_test',
    secretFormat: 'legacy',
  };
  let due = [delivery];
  let recorded: (outcome: AttemptOutcome) => void = () => undefined;
  const outcome = new Promise<AttemptOutcome>((resolve) => (recorded = resolve));
  const deliveries = {
    recordAttempt: (_delivery: DueDelivery, result: AttemptOutcome) => recorded(result),
    prune: () => 0,
  } as unknown as WebhookDeliveries;
  const stores = {
    deliveries: {
      dueCommunities: () => (due.length > 0 ? ['c1'] : []),
      dueOf: () => {
        const batch = due;
        due = [];
        return batch;
      },
    },
  } as unknown as AccountsStores;
  const worker = new WebhookDeliveryWorker(
    deliveries,
    stores,
    { ...SETTINGS, allowPrivateAddresses },
    pino({ level: 'silent' }),
    resolveHost,
  );
  worker.start();
  try {
    return await outcome;
  } finally {
    await worker.stop();
  }
}

const answering =
  (...addresses: string[]): ResolveHost =>
  () =>
    Promise.resolve(
      addresses.map((address): LookupAddress => ({ address, family: address.includes(':') ? 6 : 4 })),
    );

describe('webhook delivery worker: where it connects', () => {
  let server: Server;
  let port = 0;
  const received: IncomingHttpHeaders[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      received.push(request.headers);
      request.resume();
      request.on('end', () => response.writeHead(204).end());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  beforeEach(() => {
    received.length = 0;
  });

  it('refuses a name when any of its addresses is private, without connecting', async () => {
    const outcome = await attempt(
      `http://hooks.example.test:${port}/in`,
      answering('93.184.216.34', '127.0.0.1'),
      false,
    );
    expect(outcome).toEqual({
      statusCode: null,
      error: 'refused: resolves to a private address (127.0.0.1, loopback)',
    });
    expect(received).toHaveLength(0);
  });

  it('refuses an IPv4-mapped IPv6 answer and a private IP literal', async () => {
    expect(
      (await attempt(`http://hooks.example.test:${port}/`, answering('::ffff:127.0.0.1'), false)).error,
    ).toBe('refused: resolves to a private address (::ffff:127.0.0.1, loopback)');
    expect((await attempt(`http://127.0.0.1:${port}/`, answering(), false)).error).toBe(
      'refused: resolves to a private address (127.0.0.1, loopback)',
    );
  });

  it('connects to the address it checked, with the name in the Host header', async () => {
    // The name resolves nowhere else: reaching the receiver proves the connection used the vetted address.
    let lookups = 0;
    const resolveHost: ResolveHost = async () => {
      lookups += 1;
      return [{ address: '127.0.0.1', family: 4 }];
    };
    const outcome = await attempt(`http://receiver.example.test:${port}/in`, resolveHost, true);
    expect(outcome).toEqual({ statusCode: 204, error: null });
    expect(lookups).toBe(1);
    expect(received).toHaveLength(1);
    expect(received[0]!.host).toBe(`receiver.example.test:${port}`);
    expect(received[0]!['x-ticketonomics-event-id']).toBe('e1');
  });

  it('logs a name that does not resolve as a failed request', async () => {
    const notFound: ResolveHost = () =>
      Promise.reject(
        Object.assign(new Error('getaddrinfo ENOTFOUND nowhere.example.test'), { code: 'ENOTFOUND' }),
      );
    expect(await attempt('https://nowhere.example.test/in', notFound, false)).toEqual({
      statusCode: null,
      error: 'request failed: ENOTFOUND',
    });
  });
});

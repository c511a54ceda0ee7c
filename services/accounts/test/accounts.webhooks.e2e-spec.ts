import { EVENT_STREAM, type CloudEvent } from '@ticketonomics/contracts';
import { encodeJson } from '@ticketonomics/messaging';
import { waitFor } from '@ticketonomics/testing';
import Database from 'better-sqlite3';
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { startAccountsHarness, type AccountsHarness } from './support/accounts.harness';
import { WebhookReceiver, type ReceivedRequest } from './support/webhook.receiver';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';

const S = (verb: string) => `tk.cmd.accounts.${verb}`;
const C = 'guild-hooks';
const OTHER = 'guild-elsewhere';
const TRANSFER_POSTED = 'tk.evt.ledger.transfer.posted';

/** Small back-off and limits, so a failing receiver plays out in about a second. */
const ENV = {
  WEBHOOK_RETRY_INITIAL_MS: '50',
  WEBHOOK_RETRY_MAX_MS: '200',
  WEBHOOK_ATTEMPTS_MAX: '3',
  WEBHOOK_DISABLE_AFTER_FAILURES: '2',
  WEBHOOK_POLL_MS: '20',
  WEBHOOK_TIMEOUT_MS: '1000',
};

/**
 * What a receiver written before Standard Webhooks does with a delivery (the deprecated headers): check the
 * signature over the raw body, and refuse old ones.
 */
function legacyReceiverAccepts(
  secret: string,
  request: ReceivedRequest,
  nowSec = Math.floor(Date.now() / 1000),
): boolean {
  const header = String(request.headers['x-ticketonomics-signature'] ?? '');
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  if (match === null) return false;
  const t = Number(match[1]);
  if (Math.abs(nowSec - t) > 300) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${request.body}`).digest();
  return timingSafeEqual(Buffer.from(match[2]!, 'hex'), expected);
}

/** A Standard Webhooks secret as the service now makes them (another webhook's, for instance). */
const newStandardSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

/** The official Standard Webhooks library's verdict on a delivery: its payload, or the error it throws. */
function standardVerdict(webhook: Webhook, request: { headers: IncomingHttpHeaders; body: string }): unknown {
  try {
    return webhook.verify(request.body, request.headers as Record<string, string>);
  } catch (error) {
    return error;
  }
}

/** Runs `check` with the receiver's clock `aheadMs` later, as when a captured delivery is replayed. */
function later<T>(aheadMs: number, check: () => T): T {
  const realNow = Date.now();
  const clock = jest.spyOn(Date, 'now').mockReturnValue(realNow + aheadMs);
  try {
    return check();
  } finally {
    clock.mockRestore();
  }
}

describe('webhooks: signed deliveries, retries, disabling', () => {
  let h: AccountsHarness;
  let alice: any;
  const receiver = new WebhookReceiver();

  /** Publish an event as another service would (the ledger's, here). */
  const publishLedgerEvent = async (communityId: string, type = TRANSFER_POSTED): Promise<string> => {
    const event: CloudEvent = {
      specversion: '1.0',
      id: randomUUID(),
      source: 'ticketonomics/ledger',
      type,
      time: new Date().toISOString(),
      subject: `t-${randomUUID()}`,
      datacontenttype: 'application/json',
      communityid: communityId,
      data: { communityId, amount: 5 },
    };
    await jetstream(h.nc).publish(type, encodeJson(event), { msgID: event.id });
    return event.id;
  };
  const newUser = (externalId: string) =>
    h.ok(S('user.upsert'), { identity: { provider: 'telegram', externalId }, displayName: `U${externalId}` });
  const deliveries = (webhookId: string) =>
    h.ok(S('webhook.deliveries'), { communityId: C, webhookId, limit: 200 }).then((page: any) => page.items);
  const createHook = (url: string, eventTypes: string[]) =>
    h.ok(S('webhook.create'), { communityId: C, url, eventTypes, createdBy: alice.id });

  beforeAll(async () => {
    h = await startAccountsHarness(ENV);
    await receiver.listen();
    await h.ok(S('community.upsert'), { id: C, title: 'Hooks' });
    await h.ok(S('community.upsert'), { id: OTHER, title: 'Elsewhere' });
    alice = await newUser('8001');
  });

  afterAll(async () => {
    await h?.close();
    await receiver.close();
  });

  describe('a healthy receiver', () => {
    let hook: { webhook: any; secret: string };
    const expected: string[] = [];

    beforeAll(async () => {
      hook = await createHook(receiver.url(), [
        'tk.evt.accounts.membership.joined',
        'tk.evt.ledger.transfer.*',
      ]);
    });

    it('gets a signed delivery of a subscribed event of its community', async () => {
      const bob = await newUser('8002');
      await h.ok(S('membership.join'), { communityId: C, userId: bob.id });
      const request = await waitFor(() => receiver.requests[0], {
        timeoutMs: 10_000,
        description: 'a delivery',
      });
      expect(request.method).toBe('POST');
      expect(request.path).toBe('/hooks');
      expect(request.headers['content-type']).toBe('application/json');
      const event = JSON.parse(request.body);
      expect(event).toMatchObject({
        specversion: '1.0',
        type: 'tk.evt.accounts.membership.joined',
        communityid: C,
        data: { communityId: C, userId: bob.id, status: 'active' },
      });
      expect(request.headers['webhook-id']).toBe(event.id);
      expect(request.headers['webhook-timestamp']).toMatch(/^\d+$/);
      expect(request.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
      expected.push(event.id);
    });

    it('is verified by the official Standard Webhooks library with the secret as given', () => {
      const request = receiver.requests[0]!;
      const webhook = new Webhook(hook.secret);
      expect(standardVerdict(webhook, request)).toEqual(JSON.parse(request.body));
      const tampered = request.body.replace('"status":"active"', '"status":"banned"');
      expect(tampered).not.toBe(request.body);
      expect(standardVerdict(webhook, { ...request, body: tampered })).toMatchObject({
        name: 'WebhookVerificationError',
        message: 'No matching signature found',
      });
      expect(standardVerdict(new Webhook(newStandardSecret()), request)).toMatchObject({
        name: 'WebhookVerificationError',
      });
      // A genuine delivery replayed six minutes later is refused: the spec's tolerance is five.
      expect(later(6 * 60_000, () => standardVerdict(webhook, request))).toMatchObject({
        name: 'WebhookVerificationError',
        message: 'Message timestamp too old',
      });
      // Moving the timestamp to make a replay look fresh breaks the signature, which covers it.
      const moved = { ...request.headers, 'webhook-timestamp': String(Math.floor(Date.now() / 1000) + 1) };
      expect(standardVerdict(webhook, { ...request, headers: moved })).toMatchObject({
        message: 'No matching signature found',
      });
    });

    it('also carries the deprecated X-Ticketonomics-* headers, signed as before', () => {
      const request = receiver.requests[0]!;
      expect(legacyReceiverAccepts(hook.secret, request)).toBe(true);
      expect(legacyReceiverAccepts('whsec_wrong', request)).toBe(false);
      expect(legacyReceiverAccepts(hook.secret, { ...request, body: `${request.body} ` })).toBe(false);
      expect(request.headers['x-ticketonomics-event-id']).toBe(request.headers['webhook-id']);
      expect(request.headers['x-ticketonomics-event-type']).toBe(JSON.parse(request.body).type);
      expect(request.headers['x-ticketonomics-timestamp']).toBe(request.headers['webhook-timestamp']);
      expect(request.headers['x-ticketonomics-signature']).toMatch(
        new RegExp(`^t=${request.headers['webhook-timestamp']},v1=[0-9a-f]{64}$`),
      );
    });

    it('gets nothing of another community or of a type it did not subscribe to', async () => {
      const carol = await newUser('8003');
      await h.ok(S('membership.join'), { communityId: OTHER, userId: carol.id });
      await publishLedgerEvent(OTHER);
      await h.ok(S('membership.join'), { communityId: C, userId: carol.id });
      await h.ok(S('membership.leave'), { communityId: C, userId: carol.id });
      await publishLedgerEvent(C, 'tk.evt.ledger.account.frozen');
      // The consumer reads in stream order: once this last one arrives, every event above was looked at.
      const last = await publishLedgerEvent(C);
      await waitFor(() => receiver.eventIds().includes(last), {
        timeoutMs: 10_000,
        description: 'the last event',
      });
      const log = await deliveries(hook.webhook.id);
      expect(log).toHaveLength(3);
      expect(log.every((delivery: any) => delivery.status === 'delivered' && delivery.attempts === 1)).toBe(
        true,
      );
      expect(log.map((delivery: any) => delivery.eventType)).toEqual([
        TRANSFER_POSTED,
        'tk.evt.accounts.membership.joined',
        'tk.evt.accounts.membership.joined',
      ]);
      expected.push(
        ...log
          .slice(0, 2)
          .map((delivery: any) => delivery.eventId)
          .reverse(),
      );
      expect(receiver.eventIds()).toEqual(expected);
    });

    it('delivers an event once even when the consumer reads the whole stream again', async () => {
      await h.restart();
      const jsm = await jetstreamManager(h.nc);
      // With the service stopped, dropping the durable consumer makes the next start read every event again.
      await h.service.close();
      await jsm.consumers.delete(EVENT_STREAM, h.webhooksDurableOf(C));
      await h.restart();
      const last = await publishLedgerEvent(C);
      await waitFor(() => receiver.eventIds().includes(last), {
        timeoutMs: 10_000,
        description: 'the marker event',
      });
      expect(receiver.eventIds()).toEqual([...expected, last]);
    });
  });

  describe('a failing receiver', () => {
    const failing = new WebhookReceiver();
    let hook: { webhook: any; secret: string };

    beforeAll(async () => {
      await failing.listen();
      failing.status = 500;
      hook = await createHook(failing.url(), [TRANSFER_POSTED]);
    });

    afterAll(async () => {
      await failing.close();
    });

    it('is retried with back-off, then disabled; the log shows every attempt', async () => {
      const first = await publishLedgerEvent(C);
      // Two attempts answered 500, then the receiver is gone (connection refused).
      await waitFor(() => failing.requests.length >= 2, {
        timeoutMs: 10_000,
        description: 'two failed attempts',
      });
      const port = failing.port;
      await failing.close();
      const second = await publishLedgerEvent(C);
      const disabled = await waitFor(
        async () => {
          const { items } = await h.ok(S('webhook.list'), { communityId: C });
          return items.find((item: any) => item.id === hook.webhook.id && item.status === 'disabled');
        },
        { timeoutMs: 15_000, description: 'the webhook disabled' },
      );
      expect(disabled).toMatchObject({ failureCount: 2, disabledAt: expect.any(String) });
      expect(disabled.disabledReason).toMatch(
        /^2 deliveries in a row failed; last: request failed: ECONNREFUSED/,
      );

      const gaps = failing.requests.slice(1).map((request, i) => request.at - failing.requests[i]!.at);
      expect(gaps.every((gap) => gap >= 25)).toBe(true);
      const log = await deliveries(hook.webhook.id);
      expect(log.map((delivery: any) => delivery.eventId)).toEqual([second, first]);
      for (const delivery of log) {
        expect(delivery).toMatchObject({
          status: 'failed',
          attempts: 3,
          nextAttemptAt: null,
          deliveredAt: null,
        });
        expect(delivery.lastError).toBe('request failed: ECONNREFUSED');
      }
      expect(failing.requests.every((request) => legacyReceiverAccepts(hook.secret, request))).toBe(true);

      const events = await waitFor(async () => {
        const found = (await h.streamEvents()).filter(
          (event) => event.subject === 'tk.evt.accounts.webhook.disabled',
        );
        return found.length > 0 ? found : undefined;
      });
      expect(events[0]!.data).toMatchObject({
        subject: hook.webhook.id,
        communityid: C,
        data: { status: 'disabled' },
      });
      expect(JSON.stringify(events)).not.toContain(hook.secret);

      // Disabled: a new event is not queued. Re-enabled on a fixed receiver: the next one arrives.
      const whileDisabled = await publishLedgerEvent(C);
      await failing.listen(port);
      failing.status = 204;
      failing.requests.length = 0;
      const enabled = await h.ok(S('webhook.enable'), { communityId: C, webhookId: hook.webhook.id });
      expect(enabled).toMatchObject({
        status: 'active',
        failureCount: 0,
        disabledAt: null,
        disabledReason: null,
      });
      const after = await publishLedgerEvent(C);
      await waitFor(() => failing.eventIds().includes(after), {
        timeoutMs: 10_000,
        description: 'delivery after enable',
      });
      expect(failing.eventIds()).toEqual([after]);
      const latest = await deliveries(hook.webhook.id);
      expect(latest.map((delivery: any) => delivery.eventId)).not.toContain(whileDisabled);
      expect(latest[0]).toMatchObject({ eventId: after, status: 'delivered', lastStatusCode: 204 });
    });

    it('filters the log by status and pages through it', async () => {
      const failed = await h.ok(S('webhook.deliveries'), {
        communityId: C,
        webhookId: hook.webhook.id,
        status: 'failed',
        limit: 1,
      });
      expect(failed.items).toHaveLength(1);
      const next = await h.ok(S('webhook.deliveries'), {
        communityId: C,
        webhookId: hook.webhook.id,
        status: 'failed',
        limit: 1,
        cursor: failed.nextCursor,
      });
      expect(next.items).toHaveLength(1);
      expect(next.nextCursor).toBeNull();
      expect(next.items[0].id).toBeLessThan(failed.items[0].id);
    });
  });

  describe('a webhook made before Standard Webhooks (a legacy secret)', () => {
    const legacyReceiver = new WebhookReceiver();
    /** As the service made secrets then: base64url, its whole text the HMAC key. */
    const legacySecret = `whsec_${randomBytes(32).toString('base64url')}`;
    let webhookId: string;

    beforeAll(async () => {
      await legacyReceiver.listen();
      const hook = await createHook(legacyReceiver.url(), [TRANSFER_POSTED]);
      webhookId = hook.webhook.id;
      // The row as the release before this one left it: the migration marked every existing webhook legacy.
      await h.service.close();
      const db = new Database(join(h.dataDir, h.fileOf(C)));
      db.prepare(`UPDATE webhooks SET secret = ?, secret_format = 'legacy' WHERE id = ?`).run(
        legacySecret,
        webhookId,
      );
      db.close();
      await h.restart();
    });

    afterAll(async () => {
      await legacyReceiver.close();
    });

    it('keeps its receiver working, and is verifiable with the library as a raw key', async () => {
      const eventId = await publishLedgerEvent(C);
      const request = await waitFor(
        () => legacyReceiver.requests.find((r) => r.headers['webhook-id'] === eventId),
        { timeoutMs: 10_000, description: 'the delivery to the legacy webhook' },
      );
      expect(legacyReceiverAccepts(legacySecret, request)).toBe(true);
      expect(standardVerdict(new Webhook(legacySecret, { format: 'raw' }), request)).toEqual(
        JSON.parse(request.body),
      );
      // Read as a Standard Webhooks secret (base64) it fails loudly, never verifies by accident.
      expect(() => new Webhook(legacySecret).verify(request.body, request.headers as any)).toThrow();
      const log = await deliveries(webhookId);
      expect(log[0]).toMatchObject({ eventId, status: 'delivered' });
    });
  });

  describe('registration', () => {
    it('refuses unknown event types, plain http to other hosts and other communities', async () => {
      expect(
        await h.call(S('webhook.create'), {
          communityId: C,
          url: receiver.url(),
          eventTypes: ['tk.evt.ledger.*', 'tk.evt.ledger.nothing.*'],
          createdBy: alice.id,
        }),
      ).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION_FAILED', details: { field: 'eventTypes.1' } },
      });
      expect(
        await h.call(S('webhook.create'), {
          communityId: C,
          url: 'http://example.com/x',
          eventTypes: ['tk.evt.ledger.*'],
          createdBy: alice.id,
        }),
      ).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION_FAILED', details: { field: 'url' } },
      });
      const { items } = await h.ok(S('webhook.list'), { communityId: C });
      expect(await h.call(S('webhook.enable'), { communityId: OTHER, webhookId: items[0].id })).toMatchObject(
        {
          ok: false,
          error: { code: 'NOT_FOUND', details: { field: 'webhookId' } },
        },
      );
      expect(JSON.stringify(items)).not.toContain('whsec_');
    });

    it('deletes a webhook with its log and says so in an event', async () => {
      const hook = await createHook(receiver.url('/gone'), ['tk.evt.ledger.*']);
      const deleted = await h.ok(S('webhook.delete'), { communityId: C, webhookId: hook.webhook.id });
      expect(deleted.id).toBe(hook.webhook.id);
      expect(
        await h.call(S('webhook.deliveries'), { communityId: C, webhookId: hook.webhook.id }),
      ).toMatchObject({
        ok: false,
        error: { code: 'NOT_FOUND' },
      });
      await waitFor(async () =>
        (await h.streamEvents()).some(
          (event) =>
            event.subject === 'tk.evt.accounts.webhook.deleted' && event.data.subject === hook.webhook.id,
        ),
      );
    });
  });
});

describe('webhooks: private addresses refused (WEBHOOK_ALLOW_PRIVATE_ADDRESSES=false)', () => {
  let h: AccountsHarness;
  let userId: string;
  const receiver = new WebhookReceiver();
  const create = (url: string) =>
    h.call(S('webhook.create'), { communityId: C, url, eventTypes: ['tk.evt.ledger.*'], createdBy: userId });

  beforeAll(async () => {
    h = await startAccountsHarness({ ...ENV, WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'false' });
    await receiver.listen();
    await h.ok(S('community.upsert'), { id: C, title: 'Hooks' });
    const user = await h.ok(S('user.upsert'), {
      identity: { provider: 'telegram', externalId: '8101' },
      displayName: 'U8101',
    });
    userId = user.id;
  });

  afterAll(async () => {
    await h?.close();
    await receiver.close();
  });

  it.each([
    ['http://127.0.0.1/hooks', '127.0.0.1 is a loopback address'],
    ['https://10.0.0.1/hooks', '10.0.0.1 is a private address'],
    ['https://[::1]/hooks', '::1 is a loopback address'],
    ['https://[::ffff:127.0.0.1]/hooks', '::ffff:7f00:1 is a loopback address'],
    ['https://169.254.169.254/latest/meta-data', '169.254.169.254 is a link-local address'],
    ['https://0x7f.1/hooks', '127.0.0.1 is a loopback address'],
    ['http://localhost:8080/hooks', 'localhost names a local host'],
    ['https://ledger:3001/hooks', 'ledger is not a public host name (it has no dot)'],
  ])('refuses to register %s', async (url, reason) => {
    expect(await create(url)).toEqual({
      ok: false,
      error: {
        code: 'VALIDATION_FAILED',
        message: `url: must reach a public address: ${reason}`,
        details: {
          field: 'url',
          issues: [{ field: 'url', message: `must reach a public address: ${reason}` }],
        },
      },
    });
  });

  it('registers a public host name', async () => {
    expect(await create('https://hooks.example.com/events')).toMatchObject({ ok: true });
  });

  it('refuses at delivery a host that resolves to a private address, and never connects', async () => {
    // Registered while allowed, as a name whose DNS answer later turned private would be; then refused.
    await h.restartWith({ WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true' });
    const hook = await h.ok(S('webhook.create'), {
      communityId: C,
      url: `http://localhost:${receiver.port}/hooks`,
      eventTypes: [TRANSFER_POSTED],
      createdBy: userId,
    });
    await h.restartWith({});
    const event: CloudEvent = {
      specversion: '1.0',
      id: randomUUID(),
      source: 'ticketonomics/ledger',
      type: TRANSFER_POSTED,
      time: new Date().toISOString(),
      subject: 't-private',
      datacontenttype: 'application/json',
      communityid: C,
      data: { communityId: C, amount: 5 },
    };
    await jetstream(h.nc).publish(TRANSFER_POSTED, encodeJson(event), { msgID: event.id });
    const delivery = await waitFor(
      async () => {
        const page = await h.ok(S('webhook.deliveries'), { communityId: C, webhookId: hook.webhook.id });
        return page.items.find((item: any) => item.status === 'failed');
      },
      { timeoutMs: 10_000, description: 'the delivery failed' },
    );
    expect(delivery).toMatchObject({ eventId: event.id, attempts: 3, lastStatusCode: null });
    expect(delivery.lastError).toMatch(
      /^refused: resolves to a private address \((127\.0\.0\.1|::1), loopback\)$/,
    );
    expect(receiver.requests).toHaveLength(0);
  });
});

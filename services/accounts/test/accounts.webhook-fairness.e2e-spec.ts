/**
 * Webhook deliveries are shared fairly between communities: a community with a long backlog and a
 * receiver that never answers in time must not hold up another community's deliveries, and a receiver
 * slower than the delivery timeout counts as a failure (retried with back-off, counted towards disabling).
 * Real nats-server, the accounts service in-process, and two local HTTP receivers.
 */
import { type CloudEvent } from '@ticketonomics/contracts';
import { encodeJson } from '@ticketonomics/messaging';
import { waitFor } from '@ticketonomics/testing';
import { randomUUID } from 'node:crypto';
import { startAccountsHarness, type AccountsHarness } from './support/accounts.harness';
import { WebhookReceiver } from './support/webhook.receiver';
import { jetstream } from '@nats-io/jetstream';

const S = (verb: string) => `tk.cmd.accounts.${verb}`;
const SLOW = 'guild-slow';
const FAST = 'guild-fast';
const TRANSFER_POSTED = 'tk.evt.ledger.transfer.posted';
const TIMEOUT_MS = 500;
const BACKLOG = 40;

/**
 * 4 requests in flight, at most 2 per community; a receiver has 500 ms to answer. With the slow
 * community's 40 deliveries queued first, oldest-first sending would keep all 4 slots on it for about 5 s.
 */
const ENV = {
  WEBHOOK_CONCURRENCY: '4',
  WEBHOOK_COMMUNITY_CONCURRENCY: '2',
  WEBHOOK_TIMEOUT_MS: String(TIMEOUT_MS),
  WEBHOOK_RETRY_INITIAL_MS: '50',
  WEBHOOK_RETRY_MAX_MS: '100',
  WEBHOOK_ATTEMPTS_MAX: '2',
  WEBHOOK_DISABLE_AFTER_FAILURES: '1000',
  WEBHOOK_POLL_MS: '20',
};

describe('webhooks: fair between communities', () => {
  let h: AccountsHarness;
  let admin: any;
  const slow = new WebhookReceiver();
  const fast = new WebhookReceiver();
  let slowHook: { webhook: { id: string } };
  let fastHook: { webhook: { id: string } };

  const publish = async (communityId: string): Promise<string> => {
    const event: CloudEvent = {
      specversion: '1.0',
      id: randomUUID(),
      source: 'ticketonomics/ledger',
      type: TRANSFER_POSTED,
      time: new Date().toISOString(),
      subject: `t-${randomUUID()}`,
      datacontenttype: 'application/json',
      communityid: communityId,
      data: { communityId, amount: 5 },
    };
    await jetstream(h.nc).publish(TRANSFER_POSTED, encodeJson(event), { msgID: event.id });
    return event.id;
  };

  beforeAll(async () => {
    h = await startAccountsHarness(ENV);
    await slow.listen();
    await fast.listen();
    // Answers after the delivery timeout: every attempt to it times out.
    slow.delayMs = 3_000;
    await h.ok(S('community.upsert'), { id: SLOW, title: 'Slow' });
    await h.ok(S('community.upsert'), { id: FAST, title: 'Fast' });
    admin = await h.ok(S('user.upsert'), {
      identity: { provider: 'telegram', externalId: '9101' },
      displayName: 'Admin',
    });
    const create = (communityId: string, url: string) =>
      h.ok(S('webhook.create'), { communityId, url, eventTypes: [TRANSFER_POSTED], createdBy: admin.id });
    slowHook = await create(SLOW, slow.url());
    fastHook = await create(FAST, fast.url());
  });

  afterAll(async () => {
    await h?.close();
    await slow.close();
    await fast.close();
  });

  it("delivers a community's event at once while another community's slow receiver has a backlog", async () => {
    for (let i = 0; i < BACKLOG; i += 1) await publish(SLOW);
    await waitFor(() => slow.requests.length >= 2, {
      timeoutMs: 10_000,
      description: 'the slow backlog started',
    });
    const publishedAt = Date.now();
    const eventId = await publish(FAST);
    await waitFor(() => fast.eventIds().includes(eventId), {
      timeoutMs: 15_000,
      description: 'the fast community delivery',
    });
    const waitedMs = fast.requests[0]!.at - publishedAt;
    // Not behind the slow backlog (about 40 x 500 ms / 4 slots = 5 s): one timeout at most, with margin.
    expect(waitedMs).toBeLessThan(TIMEOUT_MS * 3);
    // The slow community never had more than its share in flight at once.
    expect(slow.openMax).toBe(2);
  }, 30_000);

  it('counts a receiver slower than the timeout as a failed attempt, retried, then a failed delivery', async () => {
    const failed = await waitFor(
      async () => {
        const page = await h.ok(S('webhook.deliveries'), {
          communityId: SLOW,
          webhookId: slowHook.webhook.id,
          status: 'failed',
          limit: 5,
        });
        return page.items.length > 0 ? page.items[0] : undefined;
      },
      { timeoutMs: 15_000, description: 'a failed delivery of the slow receiver' },
    );
    expect(failed).toMatchObject({
      status: 'failed',
      attempts: 2,
      lastStatusCode: null,
      lastError: `no response within ${TIMEOUT_MS} ms`,
    });
    const { items } = await h.ok(S('webhook.list'), { communityId: SLOW });
    expect(items[0].failureCount).toBeGreaterThan(0);
    const fastHooks = await h.ok(S('webhook.list'), { communityId: FAST });
    expect(fastHooks.items[0]).toMatchObject({ id: fastHook.webhook.id, failureCount: 0, status: 'active' });
  }, 30_000);
});

/**
 * The SDK (libs/sdk) against the running gateway and real services: its types are the OpenAPI document's,
 * a payment whose answer was lost is retried with the same Idempotency-Key and moves money once, a key
 * past its rate limit is waited for or refused as the API says, and the event stream resumes across a
 * gateway restart with every event once.
 */
import { AccountsCommands, LedgerCommands } from '@ticketonomics/contracts';
import {
  API_ERROR_CODES,
  generateApiTypes,
  isTicketonomicsError,
  TicketonomicsClient,
  type StreamEvent,
  type WebSocketLike,
} from '@ticketonomics/sdk';
import { freePort, makeTempDir, removeDir, waitFor } from '@ticketonomics/testing';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { startApiGateway, type RunningApiGateway } from '../src/api-gateway.app';
import { ApiGatewayConfigSchema } from '../src/config/api-gateway.config';
import { startApiHarness, type ApiHarness, type Member } from './support/api.harness';
import { openFeed, type FeedReply } from './support/sse.client';

const COMMUNITY = 'sdk-town';
const GENERATED_TYPES = join(__dirname, '../../../libs/sdk/src/generated/api.types.ts');
/** Payments made while the stream is followed; the gateway restarts after RESTART_AFTER of them. */
const PAYMENTS = 24;
const RESTART_AFTER = 8;

/** The transfer ids and SSE ids of a dashboard feed's transfer events, in the order sent. */
function feedTransfers(feed: FeedReply): { id: string; seq: number }[] {
  return [...feed.text().matchAll(/id: (\d+)\nevent: transfer\ndata: (.*)\n/g)].map((match) => ({
    seq: Number(match[1]),
    id: (JSON.parse(match[2]!) as { id: string }).id,
  }));
}

/** fetch that records every attempt: its status and rate-limit headers, and when it was answered. */
function recordingFetch(
  log: { at: number; status: number | 'lost'; headers?: Headers }[],
  loseFirstAnswer = false,
) {
  let lost = !loseFirstAnswer;
  return async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const response = await fetch(input, init);
    if (!lost) {
      // The request ran on the server; its answer is dropped as if the connection had been cut.
      lost = true;
      await response.arrayBuffer();
      log.push({ at: Date.now(), status: 'lost' });
      throw new TypeError('fetch failed: socket hang up');
    }
    log.push({ at: Date.now(), status: response.status, headers: response.headers });
    return response;
  };
}

describe('@ticketonomics/sdk against the gateway', () => {
  let harness: ApiHarness;
  let port: number;
  let members: Record<string, Member>;
  let payKey: string;
  /** The gateway started again in the restart case; closed here, not by the harness. */
  let restarted: RunningApiGateway | null = null;
  let restartDir: string | null = null;

  beforeAll(async () => {
    port = await freePort();
    harness = await startApiHarness({ env: { HTTP_PORT: String(port) } });
    members = await harness.community(COMMUNITY, ['ann', 'bob']);
    await harness.mint(members['ann']!.accountId, 10_000);
    payKey = (await harness.createKey(COMMUNITY, ['read', 'transfer'])).key;
  });

  afterAll(async () => {
    await restarted?.close();
    await harness?.close();
    if (restartDir !== null) await removeDir(restartDir);
  });

  it("has the types of the gateway's /openapi.json, and its error codes", async () => {
    const document = (await harness.request('GET', '/openapi.json')).body;
    const run = spawnSync(
      process.execPath,
      [require.resolve('prettier/bin/prettier.cjs'), '--stdin-filepath', GENERATED_TYPES],
      { input: generateApiTypes(document), encoding: 'utf8' },
    );
    expect(run.status).toBe(0);
    if (process.env['UPDATE_SDK_TYPES'] === '1') writeFileSync(GENERATED_TYPES, run.stdout);
    // Regenerate with UPDATE_SDK_TYPES=1 when the API changed on purpose.
    expect(readFileSync(GENERATED_TYPES, 'utf8')).toBe(run.stdout);
    const codes = document.components.schemas.Error.properties.error.properties.code.enum;
    expect([...API_ERROR_CODES].sort()).toEqual([...codes].sort());
  });

  it('retries a payment whose answer was lost with the same Idempotency-Key: one payment', async () => {
    const log: { at: number; status: number | 'lost' }[] = [];
    const client = new TicketonomicsClient({
      baseUrl: harness.baseUrl,
      apiKey: payKey,
      communityId: COMMUNITY,
      fetch: recordingFetch(log, true),
      retry: { baseDelayMs: 10 },
    });
    const before = await harness.balanceOf(members['ann']!.accountId);
    const paid = await client.pay({ from: members['ann']!.userId, to: members['bob']!.userId, amount: 70 });
    expect(log.map((entry) => entry.status)).toEqual(['lost', 201]);
    expect(paid).toMatchObject({ status: 201, replayed: true, attempts: 2 });
    expect(paid.data.transfer.amount).toBe(70);
    expect(await harness.balanceOf(members['ann']!.accountId)).toBe(before - 70);
    const listed = await client.listTransfers({ memberId: members['ann']!.userId });
    expect(listed.items.filter((transfer) => transfer.id === paid.data.transfer.id)).toHaveLength(1);

    // A typed error: the API's code, status and details.
    const refused = await client
      .pay({ from: members['bob']!.userId, to: members['ann']!.userId, amount: 1_000_000 })
      .catch((error: unknown) => error);
    expect(isTicketonomicsError(refused, 'INSUFFICIENT_FUNDS')).toBe(true);
    expect(refused).toMatchObject({ status: 422, attempts: 1, retryAfterSeconds: null });
  });

  it('honours the rate limit: waits for a reset it may wait for, or refuses with retryAfterSeconds', async () => {
    const { key } = await harness.createKey(COMMUNITY, ['read'], 1);
    const maxServerWaitMs = 3_000;
    const log: { at: number; status: number | 'lost'; headers?: Headers }[] = [];
    const options = {
      baseUrl: harness.baseUrl,
      apiKey: key,
      communityId: COMMUNITY,
      retry: { maxServerWaitMs },
      fetch: recordingFetch(log),
    };
    await new TicketonomicsClient(options).getKey();
    const resetS = Number(log[0]!.headers!.get('x-ratelimit-reset'));
    expect(log[0]!.headers!.get('x-ratelimit-remaining')).toBe('0');
    // A second client knows nothing of the first: it meets the API's 429 and Retry-After, and waits for it
    // only when it is within maxServerWaitMs. Retry-After is the first reply's reset or a second less, so
    // which of the two happens depends on when in the window the test runs: each is checked when it does.
    const fresh = new TicketonomicsClient(options);
    const startedAt = Date.now();
    const outcome = await fresh.getKey().then(
      () => 'answered' as const,
      (error: unknown) => error,
    );
    const statuses = log.slice(1).map((entry) => entry.status);
    const retryAfterMs = statuses[0] === 429 ? Number(log[1]!.headers!.get('retry-after')) * 1000 : 0;
    if (outcome === 'answered') {
      // Within the window it was refused and waited Retry-After; past it, the window had started over.
      expect(resetS * 1000).toBeLessThanOrEqual(maxServerWaitMs + 1_000);
      if (statuses[0] === 429) {
        expect(statuses).toEqual([429, 200]);
        expect(retryAfterMs).toBeLessThanOrEqual(maxServerWaitMs);
        expect(log[2]!.at - log[1]!.at).toBeGreaterThanOrEqual(retryAfterMs - 50);
      } else expect(statuses).toEqual([200]);
    } else {
      expect(outcome).toMatchObject({ code: 'RATE_LIMITED', status: 429, attempts: 1 });
      expect(statuses).toEqual([429]);
      expect(retryAfterMs).toBeGreaterThan(maxServerWaitMs);
      expect((outcome as { retryAfterSeconds: number }).retryAfterSeconds * 1000).toBe(retryAfterMs);
      expect(Date.now() - startedAt).toBeLessThan(1_000);
    }
  });

  it('resumes the event stream and the dashboard feed across a gateway restart, every event once, in order', async () => {
    await harness.client.request(AccountsCommands.settingsSet, {
      communityId: COMMUNITY,
      dashboard: { public: true },
    });
    const feedPath = `/public/communities/${COMMUNITY}/events`;
    const feedBefore = await openFeed(harness.baseUrl, feedPath);
    await waitFor(() => feedBefore.text().includes('event: hello'), { timeoutMs: 5_000 });
    const raw: number[] = [];
    const received: StreamEvent[] = [];
    const opened: (number | null)[] = [];
    /** The global WebSocket, recording every frame the gateway sent before the SDK de-duplicates. */
    class RecordingSocket implements WebSocketLike {
      private readonly inner: WebSocket;
      onopen: WebSocketLike['onopen'] = null;
      onmessage: WebSocketLike['onmessage'] = null;
      onclose: WebSocketLike['onclose'] = null;
      onerror: WebSocketLike['onerror'] = null;
      constructor(url: string) {
        this.inner = new WebSocket(url);
        this.inner.onopen = (event) => this.onopen?.(event);
        this.inner.onerror = (event) => this.onerror?.(event);
        this.inner.onclose = (event) => this.onclose?.(event);
        this.inner.onmessage = (event) => {
          const frame = JSON.parse(String(event.data));
          if (typeof frame.streamseq === 'number' && frame.kind === undefined) raw.push(frame.streamseq);
          this.onmessage?.(event);
        };
      }
      close(code?: number, reason?: string): void {
        this.inner.close(code, reason);
      }
    }
    const client = new TicketonomicsClient({
      baseUrl: harness.baseUrl,
      apiKey: payKey,
      communityId: COMMUNITY,
    });
    const stream = client.events({
      types: ['tk.evt.ledger.transfer.posted'],
      onEvent: (event) => received.push(event),
      onOpen: ({ after }) => opened.push(after),
      onReset: (frame) => {
        throw new Error(`unexpected reset: ${frame.message}`);
      },
      reconnect: { baseDelayMs: 50, maxDelayMs: 300 },
      WebSocket: RecordingSocket,
    });
    await waitFor(() => opened.length === 1, { timeoutMs: 5_000, description: 'the stream open' });
    const ids: string[] = [];
    const pay = async (index: number) => {
      const id = `sdk-resume-${index}`;
      ids.push(id);
      await harness.client.request(LedgerCommands.transferCreate, {
        id,
        debitAccountId: members['ann']!.accountId,
        creditAccountId: members['bob']!.accountId,
        amount: 1,
        code: 'payment',
      });
    };
    for (let index = 0; index < RESTART_AFTER; index += 1) await pay(index);
    await waitFor(() => received.length >= 2 && feedTransfers(feedBefore).length >= 2, {
      timeoutMs: 5_000,
      description: 'live events',
    });
    // The gateway goes away while payments go on, and comes back on the same address.
    const closing = harness.gateway.close();
    for (let index = RESTART_AFTER; index < PAYMENTS - 4; index += 1) await pay(index);
    await closing;
    restartDir = await makeTempDir('api-gateway-sdk-restart-');
    restarted = await startApiGateway(
      ApiGatewayConfigSchema.parse({
        ...harness.nats.serviceEnv('api-gateway'),
        DATA_DIR: restartDir,
        HTTP_PORT: String(port),
        HTTP_HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
      }),
      pino({ level: 'silent' }),
    );
    // The page reconnects as EventSource does: Last-Event-ID, the id of the last event it got.
    await feedBefore.ended;
    const seenBefore = feedTransfers(feedBefore);
    const feedAfter = await openFeed(harness.baseUrl, feedPath, {
      'Last-Event-ID': String(seenBefore.at(-1)!.seq),
    });
    for (let index = PAYMENTS - 4; index < PAYMENTS; index += 1) await pay(index);
    await waitFor(() => received.length >= PAYMENTS, { timeoutMs: 10_000, description: 'every payment' });
    await waitFor(() => seenBefore.length + feedTransfers(feedAfter).length >= PAYMENTS, {
      timeoutMs: 10_000,
      description: 'every payment on the dashboard feed',
    });
    stream.close();
    feedAfter.close();
    const feed = [...seenBefore, ...feedTransfers(feedAfter)];
    expect(feed.map((item) => item.id)).toEqual(ids);
    expect(feed.map((item) => item.seq)).toEqual(received.map((event) => event.streamseq));

    const transferIds = received.map((event) => (event.data as { transfer: { id: string } }).transfer.id);
    expect(transferIds).toEqual(ids);
    expect(opened.length).toBeGreaterThanOrEqual(2);
    expect(opened[0]).toBeNull();
    expect(opened.at(-1)).toEqual(expect.any(Number));
    // The gateway itself sent each position once, across both connections.
    expect(raw).toEqual(received.map((event) => event.streamseq));
    expect(new Set(raw).size).toBe(raw.length);
    expect(stream.lastSeq).toBe(received.at(-1)!.streamseq);
  });
});

/**
 * Who gets in: API keys (missing, malformed, unknown, revoked, wrong scope, another community), the
 * shared per-key rate limit, and the WebSocket event stream (its own community's events only, the types
 * filter, revocation and shutdown closing streams). Ledger and accounts run as built processes.
 */
import { AccountsCommands, ApiKeyCommands } from '@ticketonomics/contracts';
import { waitFor } from '@ticketonomics/testing';
import pino from 'pino';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Subscription } from '@nats-io/transport-node';
import { startApiGateway, type RunningApiGateway } from '../src/api-gateway.app';
import { ApiGatewayConfigSchema } from '../src/config/api-gateway.config';
import { startApiHarness, type ApiHarness, type Member } from './support/api.harness';
import { openStream, refusedStream } from './support/ws.client';

let h: ApiHarness;
let alpha: Record<string, Member>;
let beta: Record<string, Member>;
let alphaAll: string;
let alphaRead: string;
let betaAll: string;

beforeAll(async () => {
  h = await startApiHarness();
  alpha = await h.community('alpha', ['ann', 'bob']);
  beta = await h.community('beta', ['cat', 'dan']);
  await h.mint(alpha.ann.accountId, 1_000);
  await h.mint(beta.cat.accountId, 1_000);
  alphaAll = (await h.createKey('alpha', ['read', 'transfer', 'reward', 'admin'])).key;
  alphaRead = (await h.createKey('alpha', ['read'])).key;
  betaAll = (await h.createKey('beta', ['read', 'transfer', 'reward', 'admin'])).key;
}, 90_000);

afterAll(async () => {
  await h?.close();
});

const supply = (community: string) => `/v1/communities/${community}/supply`;

describe('API keys', () => {
  it('refuses a request without a key with 401 and says how to send one', async () => {
    const reply = await h.request('GET', supply('alpha'));
    expect(reply.status).toBe(401);
    expect(reply.headers.get('www-authenticate')).toBe('Bearer');
    expect(reply.body.error).toMatchObject({ code: 'UNAUTHENTICATED', details: { reason: 'missing' } });
    expect(reply.body.error.message).toContain('Authorization: Bearer');
  });

  it.each([
    ['a malformed key', 'nope'],
    ['an unknown key', `tk_01KB3A5K7Q2W3E4R5T6Y7Z8A9B_${'a'.repeat(43)}`],
    ['a key with a wrong secret', () => `${alphaRead.slice(0, -4)}AAAA`],
  ])('refuses %s with 401 invalid', async (_what, key) => {
    const reply = await h.request('GET', supply('alpha'), { key: typeof key === 'function' ? key() : key });
    expect(reply.status).toBe(401);
    expect(reply.headers.get('www-authenticate')).toBe('Bearer');
    // Which part of the key was wrong is never said.
    expect(reply.body.error).toMatchObject({ code: 'UNAUTHENTICATED', details: { reason: 'invalid' } });
    expect(reply.body.error.details).toEqual({ reason: 'invalid' });
  });

  it('takes the key as Bearer or as X-Api-Key', async () => {
    expect((await h.request('GET', supply('alpha'), { key: alphaRead })).status).toBe(200);
    const viaHeader = await h.request('GET', supply('alpha'), { headers: { 'X-Api-Key': alphaRead } });
    expect(viaHeader.status).toBe(200);
    expect(viaHeader.body).toMatchObject({ communityId: 'alpha', supply: 1_000 });
  });

  it('refuses a key of one community on another with 403', async () => {
    const reply = await h.request('GET', supply('beta'), { key: alphaAll });
    expect(reply.status).toBe(403);
    expect(reply.body.error).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'community' } });
  });

  it.each([
    ['POST', '/v1/communities/alpha/transfers', 'transfer'],
    ['POST', '/v1/communities/alpha/rewards', 'reward'],
    ['GET', '/v1/communities/alpha/webhooks', 'admin'],
    ['GET', '/v1/communities/alpha/audit', 'admin'],
  ])('refuses %s %s to a key without the %s scope', async (method, path, scope) => {
    const reply = await h.request(method, path, {
      key: alphaRead,
      body: method === 'POST' ? {} : undefined,
      headers: { 'Idempotency-Key': 'scope-check' },
    });
    expect(reply.status).toBe(403);
    expect(reply.body.error.details).toMatchObject({ reason: 'scope', requiredScope: scope });
  });

  it('refuses a revoked key at once (the apikey.revoked event drops the cached check)', async () => {
    const { key, keyId } = await h.createKey('alpha', ['read']);
    expect((await h.request('GET', supply('alpha'), { key })).status).toBe(200);
    // Cached now: without the event it would stay valid for the cache's 30 s.
    await h.client.request(ApiKeyCommands.apiKeyRevoke, {
      communityId: 'alpha',
      keyId,
      revokedBy: 'cli:test',
    });
    const refused = await waitFor(
      async () => {
        const reply = await h.request('GET', supply('alpha'), { key });
        return reply.status === 401 ? reply : undefined;
      },
      { timeoutMs: 2_000, intervalMs: 20, description: 'the revoked key to be refused' },
    );
    expect(refused.body.error).toMatchObject({ code: 'UNAUTHENTICATED', details: { reason: 'revoked' } });
  });
});

describe('unauthenticated traffic', () => {
  const FAILURES_MAX = 5;
  let gateway: RunningApiGateway;
  let base: string;
  let verifyCalls = 0;
  let counting: Subscription;

  beforeAll(async () => {
    // A gateway of its own, behind one trusted proxy (X-Forwarded-For names the client), so its failure
    // windows start empty and each test can be a client of its own.
    const config = ApiGatewayConfigSchema.parse({
      ...h.nats.serviceEnv('api-gateway'),
      HTTP_PORT: '0',
      HTTP_HOST: '127.0.0.1',
      TRUST_PROXY_HOPS: '1',
      AUTH_FAILURES_PER_MINUTE_MAX: String(FAILURES_MAX),
    });
    gateway = await startApiGateway(config, pino({ level: 'silent' }));
    base = `http://127.0.0.1:${gateway.httpPort}`;
    // A plain subscription gets a copy of every request on the subject: what accounts is asked.
    counting = h.nc.subscribe(ApiKeyCommands.apiKeyVerify.subject, {
      callback: () => {
        verifyCalls += 1;
      },
    });
    await h.nc.flush();
  });

  afterAll(async () => {
    counting?.unsubscribe();
    await gateway?.close();
  });

  const from = (client: string, key?: string) =>
    fetch(`${base}${supply('alpha')}`, {
      headers: {
        'X-Forwarded-For': client,
        ...(key === undefined ? {} : { Authorization: `Bearer ${key}` }),
      },
    });
  const unknownKey = (i: number) =>
    `tk_01KB3A5K7Q2W3E4R5T6Y7Z8A${String(i).padStart(2, '0')}_${'b'.repeat(43)}`;
  /** Verify requests seen so far, once the subscription has caught up with those already sent. */
  const callsSoFar = async () => {
    await h.nc.flush();
    return verifyCalls;
  };

  it('lets a flood of bad keys from one client reach accounts at most N times, then answers 429', async () => {
    const before = await callsSoFar();
    const flood = await Promise.all(Array.from({ length: 30 }, (_, i) => from('203.0.113.7', unknownKey(i))));
    const statuses = flood.map((reply) => reply.status);
    expect(statuses.filter((status) => status === 401)).toHaveLength(FAILURES_MAX);
    expect(statuses.filter((status) => status === 429)).toHaveLength(30 - FAILURES_MAX);
    expect((await callsSoFar()) - before).toBeLessThanOrEqual(FAILURES_MAX);

    const limited = await from('203.0.113.7', unknownKey(99));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.headers.get('x-ratelimit-limit')).toBe(String(FAILURES_MAX));
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(await limited.json()).toMatchObject({
      error: {
        code: 'RATE_LIMITED',
        details: { reason: 'auth_failures', limit: FAILURES_MAX, windowSeconds: 60 },
      },
    });
    // Nor does a valid key that was never verified from there get through, or a missing key.
    expect((await from('203.0.113.7', alphaRead)).status).toBe(429);
    expect((await from('203.0.113.7')).status).toBe(429);
    expect((await callsSoFar()) - before).toBeLessThanOrEqual(FAILURES_MAX);
  });

  it('still serves a valid key from another client, and a key verified before from the flooded one', async () => {
    expect((await from('198.51.100.9', alphaRead)).status).toBe(200);
    // Once cached, the key needs nothing of accounts: a client sharing the flooded address keeps working.
    const { key } = await h.createKey('alpha', ['read']);
    expect((await from('192.0.2.44', key)).status).toBe(200);
    for (let i = 0; i < FAILURES_MAX + 1; i += 1) await from('192.0.2.44', unknownKey(50 + i));
    expect((await from('192.0.2.44', unknownKey(60))).status).toBe(429);
    expect((await from('192.0.2.44', key)).status).toBe(200);
  });

  it('answers a refused key again without asking accounts', async () => {
    const bad = unknownKey(70);
    const before = await callsSoFar();
    expect((await from('198.51.100.20', bad)).status).toBe(401);
    expect((await from('198.51.100.20', bad)).status).toBe(401);
    expect((await from('198.51.100.21', bad)).status).toBe(401);
    expect((await callsSoFar()) - before).toBe(1);
  });

  it('refuses a revoked key at once, and again without asking accounts', async () => {
    const { key, keyId } = await h.createKey('alpha', ['read']);
    expect((await from('198.51.100.30', key)).status).toBe(200);
    await h.client.request(ApiKeyCommands.apiKeyRevoke, {
      communityId: 'alpha',
      keyId,
      revokedBy: 'cli:test',
    });
    // The apikey.revoked event drops the cached check; accounts then says revoked, once.
    const refused = await waitFor(
      async () => {
        const reply = await from('198.51.100.30', key);
        return reply.status === 401 ? reply : undefined;
      },
      { timeoutMs: 2_000, intervalMs: 20, description: 'the revoked key to be refused' },
    );
    expect(await refused.json()).toMatchObject({
      error: { code: 'UNAUTHENTICATED', details: { reason: 'revoked' } },
    });
    const before = await callsSoFar();
    const again = await from('198.51.100.31', key);
    expect(again.status).toBe(401);
    expect(await again.json()).toMatchObject({ error: { details: { reason: 'revoked' } } });
    expect((await callsSoFar()) - before).toBe(0);
  });

  it('believes X-Forwarded-For only from a trusted proxy: by default the peer is the client', async () => {
    // The shared gateway trusts no proxy: every client of this test file is 127.0.0.1 to it, whatever
    // the header claims, so a forged header cannot buy a fresh failure budget.
    const config = ApiGatewayConfigSchema.parse({
      ...h.nats.serviceEnv('api-gateway'),
      HTTP_PORT: '0',
      HTTP_HOST: '127.0.0.1',
      AUTH_FAILURES_PER_MINUTE_MAX: '2',
    });
    const direct = await startApiGateway(config, pino({ level: 'silent' }));
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i += 1) {
        const reply = await fetch(`http://127.0.0.1:${direct.httpPort}${supply('alpha')}`, {
          headers: {
            'X-Forwarded-For': `203.0.113.${100 + i}`,
            Authorization: `Bearer ${unknownKey(80 + i)}`,
          },
        });
        statuses.push(reply.status);
      }
      // Failed authentications count over every gateway on the bus (the shared bucket): 127.0.0.1 may have
      // failed before in this window, so the first two may already be 429; the forged addresses never help.
      expect(statuses.every((status) => status === 401 || status === 429)).toBe(true);
      expect(statuses.slice(2)).toEqual([429, 429]);
    } finally {
      await direct.close();
    }
  });
});

/** Wait out the end of a minute, so a rate-limit test runs inside one window. */
async function startOfWindowWithin(secondsNeeded: number): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < secondsNeeded * 1000) await sleep(left + 50);
}

describe('rate limits', () => {
  it('counts requests per key per minute with X-RateLimit headers, then 429 with Retry-After', async () => {
    const { key } = await h.createKey('alpha', ['read'], 3);
    await startOfWindowWithin(10);
    const replies = [];
    for (let i = 0; i < 4; i += 1) replies.push(await h.request('GET', supply('alpha'), { key }));
    expect(replies.map((reply) => reply.status)).toEqual([200, 200, 200, 429]);
    expect(replies.map((reply) => reply.headers.get('x-ratelimit-remaining'))).toEqual(['2', '1', '0', '0']);
    for (const reply of replies) expect(reply.headers.get('x-ratelimit-limit')).toBe('3');
    const reset = Number(replies[3]!.headers.get('x-ratelimit-reset'));
    expect(reset).toBeGreaterThan(0);
    expect(reset).toBeLessThanOrEqual(60);
    expect(replies[3]!.headers.get('retry-after')).toBe(String(reset));
    expect(replies[3]!.body.error).toMatchObject({
      code: 'RATE_LIMITED',
      details: { reason: 'key', limit: 3, windowSeconds: 60, retryAfterSeconds: reset },
    });
  });

  it('shares the window between gateway replicas (JetStream KV)', async () => {
    const config = ApiGatewayConfigSchema.parse({
      ...h.nats.serviceEnv('api-gateway'),
      HTTP_PORT: '0',
      HTTP_HOST: '127.0.0.1',
    });
    const second = await startApiGateway(config, pino({ level: 'silent' }));
    try {
      const { key } = await h.createKey('alpha', ['read'], 4);
      await startOfWindowWithin(10);
      const statuses: number[] = [];
      for (let i = 0; i < 6; i += 1) {
        const base = i % 2 === 0 ? h.baseUrl : `http://127.0.0.1:${second.httpPort}`;
        const reply = await fetch(`${base}${supply('alpha')}`, {
          headers: { Authorization: `Bearer ${key}` },
        });
        statuses.push(reply.status);
      }
      expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    } finally {
      await second.close();
    }
  });
});

describe('the WebSocket event stream', () => {
  const streamUrl = (community: string, query = '') =>
    `${h.wsUrl}/v1/communities/${community}/events${query}`;
  const auth = (key: string) => ({ Authorization: `Bearer ${key}` });
  let counter = 0;
  const pay = (key: string, community: string, from: Member, to: Member, amount: number) =>
    h.request('POST', `/v1/communities/${community}/transfers`, {
      key,
      body: { from: from.userId, to: to.userId, amount },
      headers: { 'Idempotency-Key': `ws-pay-${(counter += 1)}` },
    });

  it("delivers a transfer event of the client's community and none of another community", async () => {
    const inAlpha = await openStream(streamUrl('alpha'), auth(alphaRead));
    const inBeta = await openStream(streamUrl('beta'), auth(betaAll));
    try {
      expect((await pay(alphaAll, 'alpha', alpha.ann, alpha.bob, 5)).status).toBe(201);
      const event = await inAlpha.waitForEvent((e) => e.type === 'tk.evt.ledger.transfer.posted');
      expect(event).toMatchObject({ specversion: '1.0', communityid: 'alpha' });
      expect(event.data.transfer).toMatchObject({ amount: 5, debitAccountId: alpha.ann.accountId });
      // Now a transfer in beta: beta's client sees it, and by then it would have seen alpha's too.
      expect((await pay(betaAll, 'beta', beta.cat, beta.dan, 7)).status).toBe(201);
      await inBeta.waitForEvent((e) => e.type === 'tk.evt.ledger.transfer.posted');
      expect(inBeta.events.every((e) => e.communityid === 'beta')).toBe(true);
      expect(inAlpha.events.every((e) => e.communityid === 'alpha')).toBe(true);
    } finally {
      inAlpha.close();
      inBeta.close();
    }
  });

  it('filters by types, with the key in the query (as browsers must)', async () => {
    const transfers = await openStream(
      streamUrl('alpha', `?types=tk.evt.ledger.transfer.posted&key=${alphaRead}`),
    );
    const accounts = await openStream(streamUrl('alpha', `?types=tk.evt.accounts.*&key=${alphaRead}`));
    try {
      expect((await pay(alphaAll, 'alpha', alpha.bob, alpha.ann, 1)).status).toBe(201);
      const user = await h.client.request(AccountsCommands.userUpsert, {
        identity: { provider: 'game', externalId: 'alpha-eve', communityId: 'alpha' },
        displayName: 'eve',
      });
      await h.client.request(AccountsCommands.membershipJoin, { communityId: 'alpha', userId: user.id });
      await transfers.waitForEvent((e) => e.type === 'tk.evt.ledger.transfer.posted');
      await accounts.waitForEvent((e) => e.type === 'tk.evt.accounts.membership.joined');
      await sleep(200);
      expect(new Set(transfers.events.map((e) => e.type))).toEqual(
        new Set(['tk.evt.ledger.transfer.posted']),
      );
      expect(accounts.events.every((e) => e.type.startsWith('tk.evt.accounts.'))).toBe(true);
    } finally {
      transfers.close();
      accounts.close();
    }
  });

  it.each([
    ['no key', () => streamUrl('alpha'), {}, 401],
    ['a key of another community', () => streamUrl('beta'), () => auth(alphaRead), 403],
    ['a bad types filter', () => streamUrl('alpha', '?types=ledger'), () => auth(alphaRead), 400],
    ['an unknown path', () => `${h.wsUrl}/v1/communities/alpha/nothing`, () => auth(alphaRead), 404],
  ])('refuses an upgrade with %s', async (_what, url, headers, status) => {
    const refused = await refusedStream(url(), typeof headers === 'function' ? headers() : headers);
    expect(refused.status).toBe(status);
    expect((refused.body as { error: { code: string } }).error.code).toBeDefined();
  });

  it('closes a stream with 1008 when its key is revoked', async () => {
    const { key, keyId } = await h.createKey('alpha', ['read']);
    const stream = await openStream(streamUrl('alpha'), auth(key));
    await h.client.request(ApiKeyCommands.apiKeyRevoke, {
      communityId: 'alpha',
      keyId,
      revokedBy: 'cli:test',
    });
    expect((await stream.closed).code).toBe(1008);
  });

  it('lets one key hold at most WS_CONNECTIONS_PER_KEY_MAX streams, also when they open at once', async () => {
    const config = ApiGatewayConfigSchema.parse({
      ...h.nats.serviceEnv('api-gateway'),
      HTTP_PORT: '0',
      HTTP_HOST: '127.0.0.1',
      WS_CONNECTIONS_PER_KEY_MAX: '2',
    });
    const capped = await startApiGateway(config, pino({ level: 'silent' }));
    const url = `ws://127.0.0.1:${capped.httpPort}/v1/communities/alpha/events`;
    const since = encodeURIComponent(new Date(Date.now() - 1_000).toISOString());
    const { key, keyId } = await h.createKey('alpha', ['read']);
    const opened: Awaited<ReturnType<typeof openStream>>[] = [];
    try {
      const attempts = await Promise.allSettled(Array.from({ length: 5 }, () => openStream(url, auth(key))));
      for (const attempt of attempts) if (attempt.status === 'fulfilled') opened.push(attempt.value);
      expect(opened).toHaveLength(2);
      const refused = await refusedStream(url, auth(key));
      expect(refused.status).toBe(429);
      expect((refused.body as { error: unknown }).error).toMatchObject({
        code: 'RATE_LIMITED',
        details: { reason: 'stream_connections', limit: 2 },
      });
      expect((refused.body as { error: { message: string } }).error.message).toContain('close one');
      // The audit tells the refused attempts from the opened ones.
      const audited = await waitFor(
        async () => {
          const reply = await h.request('GET', `/v1/communities/alpha/audit?since=${since}&limit=100`, {
            key: alphaAll,
          });
          const streams = (reply.body.items as { keyId: string; status: number }[]).filter(
            (entry) => entry.keyId === keyId,
          );
          return streams.length >= 6 ? streams : undefined;
        },
        { timeoutMs: 5_000, description: 'the stream attempts audited' },
      );
      expect(audited.filter((entry) => entry.status === 101)).toHaveLength(2);
      expect(audited.filter((entry) => entry.status === 429)).toHaveLength(4);
      // Another key of the same community has its own budget.
      opened.push(await openStream(url, auth(alphaAll)));
      // A closed stream gives its slot back.
      const first = opened.shift()!;
      first.close();
      await first.closed;
      await waitFor(
        async () =>
          openStream(url, auth(key)).then(
            (stream) => (opened.push(stream), true),
            () => false,
          ),
        { timeoutMs: 5_000, description: 'a slot given back after a stream closed' },
      );
    } finally {
      for (const stream of opened) stream.close();
      await capped.close();
    }
  });

  it('closes streams with 1001 when the gateway shuts down', async () => {
    const config = ApiGatewayConfigSchema.parse({
      ...h.nats.serviceEnv('api-gateway'),
      HTTP_PORT: '0',
      HTTP_HOST: '127.0.0.1',
    });
    const second = await startApiGateway(config, pino({ level: 'silent' }));
    const stream = await openStream(
      `ws://127.0.0.1:${second.httpPort}/v1/communities/alpha/events`,
      auth(alphaRead),
    );
    await second.close();
    expect((await stream.closed).code).toBe(1001);
  });
});

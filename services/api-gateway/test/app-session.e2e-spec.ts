/**
 * The wallet's sign-in and member routes against a real nats-server, ledger and accounts: a Mini App
 * initData and a Login Widget payload computed here with the published rules become a session; altered,
 * wrong-token, expired, future and replayed sign-ins are refused (a replay also on another replica); the
 * session pays a member by @username and reads the history, as its own member only, and every bad request
 * is a typed error that moves nothing.
 */
import { AccountsCommands, ArtifactsCommands, LedgerCommands } from '@ticketonomics/contracts';
import { createHash, createHmac } from 'node:crypto';
import pino from 'pino';
import { startApiGateway, type RunningApiGateway } from '../src/api-gateway.app';
import { signSessionToken } from '../src/app-auth/session.token';
import { ApiGatewayConfigSchema } from '../src/config/api-gateway.config';
import { startApiHarness, type ApiHarness, type HttpReply } from './support/api.harness';

const BOT_TOKEN = '7012345678:AAHk2x9Qm3VbT8pLr5Nc0WjZyE4uFsD1gOi';
const OTHER_BOT_TOKEN = '7099999999:BBHk2x9Qm3VbT8pLr5Nc0WjZyE4uFsD1gOi';
const SECRET = 'wallet-e2e-session-secret-0123456789abcdef';
const MAX_AGE_MS = 120_000;
/** Every replica in this file counts sign-ins from 127.0.0.1 together (NATS KV); the suite makes ~30. */
const SIGN_INS_PER_MINUTE_MAX = 60;
const WALLET_ENV = {
  TELEGRAM_BOT_TOKEN: BOT_TOKEN,
  APP_SESSION_SECRET: SECRET,
  APP_AUTH_MAX_AGE_MS: String(MAX_AGE_MS),
  APP_SIGN_INS_PER_MINUTE_MAX: String(SIGN_INS_PER_MINUTE_MAX),
};
const ANN_TG = 5012345678;
const BOB_TG = 5012345679;
const CLEO_TG = 5012345680;

let h: ApiHarness;
let replica: RunningApiGateway;
let unconfigured: RunningApiGateway;
const ann = { userId: '', accountId: '' };
const bob = { userId: '', accountId: '' };
let apiKey: string;
let shopItemId: number;
/** Bob's session, from his Login Widget sign-in. */
let bobToken: string;

const nowS = () => Math.floor(Date.now() / 1000);

/** initData as Telegram signs it: HMAC-SHA256 keyed "WebAppData" of the token, then of the sorted lines. */
function initDataOf(fields: Record<string, string>, botToken = BOT_TOKEN): string {
  const checkString = Object.keys(fields)
    .sort()
    .map((key) => `${key}=${fields[key]}`)
    .join('\n');
  const secret = createHmac('sha256', 'WebAppData').update(botToken).digest();
  return new URLSearchParams({
    ...fields,
    hash: createHmac('sha256', secret).update(checkString).digest('hex'),
  }).toString();
}

const annFields = (authDateS = nowS(), extra: Record<string, string> = {}) => ({
  query_id: `AAH${Math.random().toString(36).slice(2, 12)}`,
  user: JSON.stringify({ id: ANN_TG, first_name: 'Ann', username: 'annmarsh', language_code: 'ru' }),
  auth_date: String(authDateS),
  ...extra,
});

/** The Login Widget's payload: SHA-256 of the token as the key. */
function widgetOf(fields: Record<string, string | number>, botToken = BOT_TOKEN) {
  const checkString = Object.keys(fields)
    .sort()
    .map((key) => `${key}=${fields[key]}`)
    .join('\n');
  const secret = createHash('sha256').update(botToken).digest();
  return { ...fields, hash: createHmac('sha256', secret).update(checkString).digest('hex') };
}

const expectError = (reply: HttpReply, status: number, code: string, details: object = {}) => {
  expect({ status: reply.status, code: reply.body?.error?.code }).toEqual({ status, code });
  expect(reply.body.error.details).toMatchObject(details);
};
const signIn = (initData: string, communityId?: string) =>
  h.request('POST', '/v1/app/sessions/telegram-webapp', {
    body: { initData, ...(communityId !== undefined ? { communityId } : {}) },
  });
const onGateway = async (gateway: RunningApiGateway, path: string, body: unknown) => {
  const response = await fetch(`http://127.0.0.1:${gateway.httpPort}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: await response.json() } as HttpReply;
};

async function telegramMember(telegramId: number, username: string, communities: string[]) {
  const user = await h.client.request(AccountsCommands.userUpsert, {
    identity: { provider: 'telegram', externalId: String(telegramId) },
    username,
    displayName: username,
    language: 'ru',
  });
  for (const communityId of communities) {
    await h.client.request(AccountsCommands.membershipJoin, { communityId, userId: user.id });
  }
  return user.id;
}

beforeAll(async () => {
  h = await startApiHarness({ env: WALLET_ENV, extra: ['artifacts'] });
  await h.community('north', []);
  await h.community('south', ['sam']);
  ann.userId = await telegramMember(ANN_TG, 'annmarsh', ['north']);
  bob.userId = await telegramMember(BOB_TG, 'bobkeller', ['north']);
  ann.accountId = `user:north:${ann.userId}`;
  bob.accountId = `user:north:${bob.userId}`;
  await h.mint(ann.accountId, 500);
  apiKey = (await h.createKey('north', ['read', 'transfer'])).key;
  const type = await h.client.request(ArtifactsCommands.typeCreate, {
    requestId: 'wallet-type-lantern',
    communityId: 'north',
    creatorId: ann.userId,
    asAdmin: true,
    name: 'Lantern',
    emoji: '🏮',
    rarity: 'common',
    supplyMax: 10,
  });
  shopItemId = (
    await h.client.request(ArtifactsCommands.shopAdd, {
      requestId: 'wallet-shop-lantern',
      communityId: 'north',
      typeId: type.id,
      price: 20,
      stock: 5,
    })
  ).id;
  const base = {
    ...h.nats.serviceEnv('api-gateway'),
    HTTP_PORT: '0',
    HTTP_HOST: '127.0.0.1',
    APP_SIGN_INS_PER_MINUTE_MAX: String(SIGN_INS_PER_MINUTE_MAX),
  };
  const logger = pino({ level: 'silent' });
  [replica, unconfigured] = await Promise.all([
    startApiGateway(ApiGatewayConfigSchema.parse({ ...base, ...WALLET_ENV }), logger),
    startApiGateway(ApiGatewayConfigSchema.parse(base), logger),
  ]);
}, 60_000);

afterAll(async () => {
  await replica?.close();
  await unconfigured?.close();
  await h?.close();
});

describe('signing in with Telegram', () => {
  let token: string;

  it('exchanges a valid initData once for a session bound to the member, in the community of start_param', async () => {
    const initData = initDataOf(annFields(nowS(), { start_param: 'north' }));
    const reply = await signIn(initData);
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({
      tokenType: 'Bearer',
      user: { id: ann.userId, username: 'annmarsh', language: 'ru' },
      communityId: 'north',
      communities: [{ communityId: 'north', title: 'Community north', role: 'member' }],
    });
    token = reply.body.token;
    const ttlMs = Date.parse(reply.body.expiresAt) - Date.now();
    expect(ttlMs).toBeGreaterThan(14 * 60_000);
    expect(ttlMs).toBeLessThanOrEqual(15 * 60_000);
    // The same initData again, here or on another replica, is a replay.
    expectError(await signIn(initData), 401, 'UNAUTHENTICATED', { reason: 'replayed' });
    const elsewhere = await onGateway(replica, '/v1/app/sessions/telegram-webapp', { initData });
    expectError(elsewhere, 401, 'UNAUTHENTICATED', { reason: 'replayed' });
  });

  it("lists the member's communities: the only one opens by itself, several wait for the member's choice", async () => {
    const only = await signIn(initDataOf(annFields()));
    expect(only.body).toMatchObject({
      communityId: 'north',
      communities: [{ communityId: 'north', role: 'member' }],
      communitiesComplete: true,
    });
    const cleoFields = (extra: Record<string, string> = {}) => ({
      ...annFields(nowS(), extra),
      user: JSON.stringify({ id: CLEO_TG, first_name: 'Cleo', username: 'cleo' }),
    });
    const cleo = await telegramMember(CLEO_TG, 'cleo', ['north']);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await h.client.request(AccountsCommands.membershipJoin, { communityId: 'south', userId: cleo });
    const several = await signIn(initDataOf(cleoFields()));
    expect(several.body).toMatchObject({
      communityId: null,
      communities: [
        { communityId: 'south', title: 'Community south', role: 'member' },
        { communityId: 'north', title: 'Community north', role: 'member' },
      ],
      communitiesComplete: true,
    });
    expect((await signIn(initDataOf(cleoFields({ start_param: 'north' })))).body.communityId).toBe('north');
    // A community she left is neither listed nor opened, though the link names it.
    await h.client.request(AccountsCommands.membershipLeave, { communityId: 'south', userId: cleo });
    expect((await signIn(initDataOf(cleoFields({ start_param: 'south' })))).body).toMatchObject({
      communityId: 'north',
      communities: [{ communityId: 'north' }],
    });
  });

  it('refuses altered, wrong-token, expired and future initData, and bad input, with typed errors', async () => {
    const altered = new URLSearchParams(initDataOf(annFields()));
    altered.set('user', JSON.stringify({ id: BOB_TG, first_name: 'Bob' }));
    expectError(await signIn(altered.toString()), 401, 'UNAUTHENTICATED', { reason: 'invalid' });
    expectError(await signIn(initDataOf(annFields(), OTHER_BOT_TOKEN)), 401, 'UNAUTHENTICATED', {
      reason: 'invalid',
    });
    expectError(await signIn(initDataOf(annFields(nowS() - 3_600))), 401, 'UNAUTHENTICATED', {
      reason: 'expired',
    });
    expectError(await signIn(initDataOf(annFields(nowS() + 3_600))), 401, 'UNAUTHENTICATED', {
      reason: 'invalid',
    });
    expectError(await signIn(''), 400, 'VALIDATION_FAILED', { field: 'initData' });
    expectError(await signIn(initDataOf(annFields()), 'Not A Community'), 400, 'VALIDATION_FAILED', {
      field: 'communityId',
    });
    // A Telegram user the bot never saw has no wallet.
    const strangerFields = { ...annFields(), user: JSON.stringify({ id: 5099999999, first_name: 'Zed' }) };
    expectError(await signIn(initDataOf(strangerFields)), 404, 'NOT_FOUND', { field: 'initData' });
  });

  it('signs in with the Login Widget under its own rule, once', async () => {
    const payload = widgetOf({ id: BOB_TG, first_name: 'Bob', username: 'bobkeller', auth_date: nowS() });
    const path = '/v1/app/sessions/telegram-login';
    const reply = await h.request('POST', path, { body: { ...payload, communityId: 'north' } });
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ user: { id: bob.userId }, communityId: 'north' });
    bobToken = reply.body.token;
    expectError(await h.request('POST', path, { body: payload }), 401, 'UNAUTHENTICATED', {
      reason: 'replayed',
    });
    const altered = { ...widgetOf({ id: BOB_TG, first_name: 'Bob', auth_date: nowS() }), id: ANN_TG };
    expectError(await h.request('POST', path, { body: altered }), 401, 'UNAUTHENTICATED', {
      reason: 'invalid',
    });
    const wrongToken = widgetOf({ id: BOB_TG, first_name: 'Bob', auth_date: nowS() }, OTHER_BOT_TOKEN);
    expectError(await h.request('POST', path, { body: wrongToken }), 401, 'UNAUTHENTICATED', {
      reason: 'invalid',
    });
    const expired = widgetOf({ id: BOB_TG, first_name: 'Bob', auth_date: nowS() - 3_600 });
    expectError(await h.request('POST', path, { body: expired }), 401, 'UNAUTHENTICATED', {
      reason: 'expired',
    });
    // The Mini App's rule does not sign a widget payload.
    const webAppSigned = Object.fromEntries(
      new URLSearchParams(initDataOf({ auth_date: String(nowS()), first_name: 'Bob', id: String(BOB_TG) })),
    );
    const asWidget = { ...webAppSigned, id: BOB_TG, auth_date: Number(webAppSigned['auth_date']) };
    expectError(await h.request('POST', path, { body: asWidget }), 401, 'UNAUTHENTICATED', {
      reason: 'invalid',
    });
  });

  it('answers a typed 503 where the gateway has no bot token', async () => {
    const reply = await onGateway(unconfigured, '/v1/app/sessions/telegram-webapp', {
      initData: initDataOf(annFields()),
    });
    expectError(reply, 503, 'UNAVAILABLE', { state: 'not_configured' });
  });

  describe('the member routes', () => {
    const N = '/v1/app/communities/north';
    const as = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
      h.request(method, path, { key: token, headers, ...(body !== undefined ? { body } : {}) });

    it('pay a member by @username once per Idempotency-Key, and show it in the history filtered by kind', async () => {
      const pay = { to: '@BobKeller', amount: 30, memo: 'lunch' };
      const first = await as('POST', `${N}/payments`, pay, { 'Idempotency-Key': 'wallet-pay-1' });
      expect(first.status).toBe(201);
      expect(first.body.transfer).toMatchObject({
        debitAccountId: ann.accountId,
        creditAccountId: bob.accountId,
        amount: 30,
      });
      const again = await as('POST', `${N}/payments`, pay, { 'Idempotency-Key': 'wallet-pay-1' });
      expect(again.body.transfer.id).toBe(first.body.transfer.id);
      expect(again.headers.get('Idempotent-Replayed')).toBe('true');
      expect(await h.balanceOf(bob.accountId)).toBe(30);

      const balance = await as('GET', `${N}/balance`);
      expect(balance.body).toMatchObject({ accountId: ann.accountId, balance: 470 });
      const history = await as('GET', `${N}/transfers?code=payment&limit=5`);
      expect(history.status).toBe(200);
      expect(history.body.items.map((item: { id: string }) => item.id)).toEqual([first.body.transfer.id]);
      const mints = await as('GET', `${N}/transfers?code=mint`);
      expect(mints.body.items).toHaveLength(1);
    });

    it('refuse bad input with typed errors and move nothing', async () => {
      const pay = (body: unknown, idempotencyKey: string | null = 'wallet-pay-bad') =>
        as(
          'POST',
          `${N}/payments`,
          body,
          idempotencyKey === null ? {} : { 'Idempotency-Key': idempotencyKey },
        );
      expectError(await pay({ to: '@bobkeller', amount: 1.5 }), 400, 'VALIDATION_FAILED', {
        field: 'amount',
      });
      expectError(await pay({ to: 'bob keller', amount: 5 }), 400, 'VALIDATION_FAILED', { field: 'to' });
      expectError(await pay({ to: '@bobkeller', amount: 5 }, null), 400, 'VALIDATION_FAILED');
      expectError(await pay({ to: '@nobody_here', amount: 5 }), 404, 'NOT_FOUND', { field: 'to' });
      expectError(await pay({ to: '@annmarsh', amount: 5 }), 400, 'VALIDATION_FAILED', { field: 'to' });
      expectError(
        await pay({ to: '@bobkeller', amount: 100_000 }, 'wallet-pay-big'),
        422,
        'INSUFFICIENT_FUNDS',
      );
      expectError(await as('GET', `${N}/transfers?code=gift`), 400, 'VALIDATION_FAILED', { field: 'code' });
      expectError(await as('GET', `${N}/transfers?memberId=${bob.userId}`), 400, 'VALIDATION_FAILED');
      expectError(await as('GET', '/v1/app/communities/Not%20Valid/balance'), 400, 'VALIDATION_FAILED');
      expect(await h.balanceOf(ann.accountId)).toBe(470);
      expect(await h.balanceOf(bob.accountId)).toBe(30);
    });

    it('refuse no session, an API key, a forged or expired token, and another community', async () => {
      const pay = { to: '@bobkeller', amount: 5 };
      const headers = { 'Idempotency-Key': 'wallet-pay-refused' };
      expectError(await h.request('GET', `${N}/balance`), 401, 'UNAUTHENTICATED', { reason: 'missing' });
      expectError(await h.request('GET', `${N}/balance`, { key: apiKey }), 401, 'UNAUTHENTICATED', {
        reason: 'invalid',
      });
      const [prefix, claims, signature] = token.split('.');
      const forgedClaims = Buffer.from(
        JSON.stringify({ ...JSON.parse(Buffer.from(claims!, 'base64url').toString()), uid: bob.userId }),
      ).toString('base64url');
      const forged = `${prefix}.${forgedClaims}.${signature}`;
      expectError(
        await h.request('POST', `${N}/payments`, { key: forged, body: pay, headers }),
        401,
        'UNAUTHENTICATED',
        {
          reason: 'invalid',
        },
      );
      const expired = signSessionToken(
        {
          sid: 'expired-session-01',
          uid: ann.userId,
          tg: String(ANN_TG),
          exp: Date.now() - 1,
          max: Date.now() + 1,
        },
        SECRET,
      );
      expectError(await h.request('GET', `${N}/balance`, { key: expired }), 401, 'UNAUTHENTICATED', {
        reason: 'expired',
      });
      // South is another community's: Ann is no member there.
      const south = await as('POST', '/v1/app/communities/south/payments', pay, headers);
      expectError(south, 403, 'FORBIDDEN', { reason: 'community' });
      expectError(await as('GET', '/v1/app/communities/south/balance'), 403, 'FORBIDDEN');
      // An API key cannot reach a member's routes, nor a session an API key's.
      expectError(
        await h.request('GET', '/v1/communities/north/supply', { key: token }),
        401,
        'UNAUTHENTICATED',
      );
      expect(await h.balanceOf(ann.accountId)).toBe(470);
    });

    it('buy from the shop at the confirmed price, list, cancel, and sell to another member, each as themself', async () => {
      const idem = (name: string) => ({ 'Idempotency-Key': `wallet-market-${name}` });
      const shop = await as('GET', `${N}/shop`);
      expect(shop.body.items.map((entry: { item: { id: number } }) => entry.item.id)).toEqual([shopItemId]);
      const dearer = await as('POST', `${N}/shop/${shopItemId}/buy`, { priceMax: 15 }, idem('dear'));
      expectError(dearer, 409, 'CONFLICT', { field: 'priceMax' });
      expect(await h.balanceOf(ann.accountId)).toBe(470);
      const first = await as('POST', `${N}/shop/${shopItemId}/buy`, { priceMax: 20 }, idem('buy-1'));
      const second = await as('POST', `${N}/shop/${shopItemId}/buy`, { priceMax: 20 }, idem('buy-2'));
      expect([first.status, second.status]).toEqual([201, 201]);
      expect(await h.balanceOf(ann.accountId)).toBe(430);
      const inventory = await as('GET', `${N}/inventory`);
      const editions = inventory.body.items
        .map((item: { edition: { id: number } }) => item.edition.id)
        .sort();
      expect(editions).toHaveLength(2);

      const listed = await as('POST', `${N}/listings`, { editionId: editions[0], price: 25 }, idem('list-1'));
      expect(listed.status).toBe(201);
      const other = await as('POST', `${N}/listings`, { editionId: editions[1], price: 50 }, idem('list-2'));
      const cancelled = await as('DELETE', `${N}/listings/${other.body.id}`);
      expect(cancelled.body).toMatchObject({ id: other.body.id, status: 'cancelled' });
      // Bob cannot cancel Ann's listing, nor list her edition: he acts only as himself.
      const listingId = listed.body.id;
      const asBob = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
        h.request(method, path, { key: bobToken, headers, ...(body !== undefined ? { body } : {}) });
      expectError(await asBob('DELETE', `${N}/listings/${listingId}`), 403, 'FORBIDDEN');
      expectError(
        await asBob('POST', `${N}/listings`, { editionId: editions[1], price: 5 }, idem('bob-list')),
        409,
        'CONFLICT',
        {
          reason: 'not_owner',
        },
      );
      const bought = await asBob('POST', `${N}/listings/${listingId}/buy`, { priceMax: 25 }, idem('bob-buy'));
      expect(bought.status).toBe(201);
      expect(await h.balanceOf(bob.accountId)).toBe(5);
      const bobs = await asBob('GET', `${N}/inventory`);
      expect(bobs.body.items.map((item: { edition: { id: number } }) => item.edition.id)).toEqual([
        editions[0],
      ]);
    });

    it('refresh the session for the same member, and a member who left loses the community at once', async () => {
      const refreshed = await as('POST', '/v1/app/sessions/refresh', { communityId: 'north' });
      expect(refreshed.status).toBe(201);
      expect(refreshed.body).toMatchObject({ user: { id: ann.userId }, communityId: 'north' });
      const community = await h.request('GET', N, { key: refreshed.body.token });
      expect(community.body).toMatchObject({ community: { id: 'north' }, accountId: ann.accountId });
      await h.client.request(AccountsCommands.membershipLeave, { communityId: 'north', userId: ann.userId });
      expectError(await as('GET', `${N}/balance`), 403, 'FORBIDDEN', { reason: 'community' });
      const supply = await h.client.request(LedgerCommands.supplyGet, { communityId: 'north' });
      expect(supply.supply).toBe(500);
      expect(await h.balanceOf(bob.accountId)).toBe(5);
    });
  });
});

describe('sign-in attempts from one address', () => {
  it('are counted over every replica and refused past the limit with 429 and Retry-After', async () => {
    const statuses: number[] = [];
    let refused: HttpReply | undefined;
    // Each attempt counts, a forged one too. Past the minute's limit (wherever in the minute the
    // earlier tests left the count), the next is refused.
    for (let attempt = 0; attempt <= SIGN_INS_PER_MINUTE_MAX && refused === undefined; attempt += 1) {
      const reply = await (attempt % 2 === 0
        ? signIn('forged=1&hash=00')
        : onGateway(replica, '/v1/app/sessions/telegram-webapp', { initData: 'forged=1&hash=00' }));
      statuses.push(reply.status);
      if (reply.status === 429) refused = reply;
    }
    expect(refused).toBeDefined();
    expectError(refused!, 429, 'RATE_LIMITED');
    expect(Number(refused!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(statuses.slice(0, -1).every((status) => status === 401)).toBe(true);
  });
});

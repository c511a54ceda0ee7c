/**
 * Every route of the HTTP API against the real services (ledger, accounts, artifacts, analytics as built
 * processes): happy paths and main errors, table-driven; Idempotency-Key semantics (a retry and 10
 * concurrent copies move money once, other content is 409); bad input named with 400, never 500; the
 * audit log; the OpenAPI document and /docs; health and metrics.
 */
import { AccountsCommands, ArtifactsCommands, parseApiKey } from '@ticketonomics/contracts';
import { waitFor } from '@ticketonomics/testing';
import { API_ROUTES } from '../src/http/api.routes';
import { startApiHarness, type ApiHarness, type Member } from './support/api.harness';

let h: ApiHarness;
let m: Record<string, Member>;
let admin: string;
let other: string;
let typeId: number;
let shopItemId: number;
let webhookId: string;
let sequence = 0;
const C = '/v1/communities/gamma';
const idem = () => ({ 'Idempotency-Key': `key-${(sequence += 1)}` });

beforeAll(async () => {
  h = await startApiHarness({ extra: ['artifacts', 'analytics'] });
  m = await h.community('gamma', ['ann', 'bob', 'cy']);
  await h.community('delta', ['dee']);
  await h.mint(m.ann.accountId, 10_000);
  await h.mint(m.bob.accountId, 1_000);
  admin = (await h.createKey('gamma', ['read', 'transfer', 'reward', 'admin'])).key;
  other = (await h.createKey('gamma', ['read', 'transfer', 'reward', 'admin'])).key;
  const type = await h.client.request(ArtifactsCommands.typeCreate, {
    requestId: 'type-1',
    communityId: 'gamma',
    creatorId: m.ann.userId,
    asAdmin: true,
    name: 'Golden Ticket',
    emoji: '🎫',
    supplyMax: 10,
  });
  typeId = type.id;
  shopItemId = (
    await h.client.request(ArtifactsCommands.shopAdd, { communityId: 'gamma', typeId, price: 25, stock: 5 })
  ).id;
}, 120_000);

afterAll(async () => {
  await h?.close();
});

const call = (
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string>; key?: string } = {},
) => h.request(method, path, { key: admin, ...options });

describe('every route, happy path', () => {
  it('answers GET /v1/key with the key itself', async () => {
    const reply = await call('GET', '/v1/key');
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      communityId: 'gamma',
      scopes: ['read', 'transfer', 'reward', 'admin'],
    });
  });

  it('reads the community, its members, one member and a member by identity', async () => {
    expect((await call('GET', C)).body).toMatchObject({ id: 'gamma', title: 'Community gamma' });
    const list = await call('GET', `${C}/members?limit=2`);
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(2);
    expect(list.body.items[0].displayName).toEqual(expect.any(String));
    expect(list.body.nextCursor).toEqual(expect.any(String));
    const member = await call('GET', `${C}/members/${m.ann.userId}`);
    expect(member.body).toMatchObject({
      user: { id: m.ann.userId },
      membership: { status: 'active' },
      accountId: m.ann.accountId,
    });
    const found = await call('GET', `${C}/members/by-identity/game/gamma-bob`);
    expect(found.body.user.id).toBe(m.bob.userId);
  });

  it("links a game identity to a member with the code they got from the bot, then finds them by it (an id with '/' travels as %2F)", async () => {
    const { code } = await h.client.request(AccountsCommands.linkCodeCreate, {
      userId: m.cy.userId,
      provider: 'minecraft',
    });
    const linked = await call('POST', `${C}/members/identities/redeem`, {
      body: { provider: 'minecraft', externalId: 'steve/42', code },
    });
    expect(linked.status).toBe(201);
    expect(linked.body).toMatchObject({ user: { id: m.cy.userId }, membership: { status: 'active' } });
    expect(linked.body.user.identities.map((identity: { provider: string }) => identity.provider)).toContain(
      'minecraft',
    );
    const found = await call('GET', `${C}/members/by-identity/minecraft/steve%2F42`);
    expect(found.body.user.id).toBe(m.cy.userId);
  });

  it('pays a transfer and shows it in balances, accounts, history and by id', async () => {
    const paid = await call('POST', `${C}/transfers`, {
      body: { from: m.ann.userId, to: m.bob.userId, amount: 100, memo: 'gg' },
      headers: idem(),
    });
    expect(paid.status).toBe(201);
    expect(paid.body.transfer).toMatchObject({
      amount: 100,
      code: 'payment',
      memo: 'gg',
      debitAccountId: m.ann.accountId,
    });
    const id = paid.body.transfer.id as string;
    expect(id).toMatch(/^api:/);
    expect((await call('GET', `${C}/members/${m.bob.userId}/balance`)).body).toMatchObject({
      balance: 1_100,
    });
    expect((await call('GET', `${C}/accounts/${m.bob.accountId}`)).body).toMatchObject({
      kind: 'user',
      balance: 1_100,
    });
    expect((await call('GET', `${C}/accounts/treasury:gamma`)).body).toMatchObject({ kind: 'treasury' });
    const history = await call('GET', `${C}/transfers?memberId=${m.ann.userId}&code=payment&limit=5`);
    expect(history.body.items.map((transfer: { id: string }) => transfer.id)).toContain(id);
    expect((await call('GET', `${C}/transfers/${encodeURIComponent(id)}`)).body.id).toBe(id);
  });

  it('reads supply and verifies the journal (only its own community in the report)', async () => {
    expect((await call('GET', `${C}/supply`)).body).toMatchObject({ communityId: 'gamma', supply: 11_000 });
    const report = await call('GET', `${C}/verify`);
    expect(report.body.ok).toBe(true);
    expect(report.body.sumByCommunity).toEqual([{ communityId: 'gamma', sum: 0 }]);
  });

  it('pays a reward (a mint) and grants an artifact', async () => {
    const reward = await call('POST', `${C}/rewards`, {
      body: { memberId: m.cy.userId, amount: 50 },
      headers: idem(),
    });
    expect(reward.status).toBe(201);
    expect(reward.body).toMatchObject({
      transfer: { code: 'mint', amount: 50, creditAccountId: m.cy.accountId },
      tax: null,
    });
    const grant = await call('POST', `${C}/artifacts/types/${typeId}/grant`, {
      body: { memberId: m.cy.userId },
      headers: idem(),
    });
    expect(grant.status).toBe(201);
    expect(grant.body).toMatchObject({ typeId, ownerId: m.cy.userId });
  });

  it('browses artifacts, buys from the shop and from a listing, reads an edition and an inventory', async () => {
    expect((await call('GET', `${C}/artifacts/types`)).body.items[0]).toMatchObject({ id: typeId });
    expect((await call('GET', `${C}/artifacts/types/${typeId}`)).body).toMatchObject({
      name: 'Golden Ticket',
    });
    expect((await call('GET', `${C}/artifacts/shop`)).body.items[0].item).toMatchObject({ id: shopItemId });
    const bought = await call('POST', `${C}/artifacts/shop/${shopItemId}/buy`, {
      body: { buyerId: m.ann.userId, priceMax: 25 },
      headers: idem(),
    });
    expect(bought.status).toBe(201);
    const editionId = bought.body.editions[0].id as number;
    const listing = await h.client.request(ArtifactsCommands.listingCreate, {
      requestId: 'list-1',
      communityId: 'gamma',
      sellerId: m.ann.userId,
      editionId,
      price: 40,
    });
    expect((await call('GET', `${C}/artifacts/listings?typeId=${typeId}`)).body.items[0].listing.id).toBe(
      listing.id,
    );
    const resold = await call('POST', `${C}/artifacts/listings/${listing.id}/buy`, {
      body: { buyerId: m.bob.userId },
      headers: idem(),
    });
    expect(resold.status).toBe(201);
    expect((await call('GET', `${C}/artifacts/editions/${editionId}`)).body.edition).toMatchObject({
      ownerId: m.bob.userId,
    });
    const inventory = await call('GET', `${C}/members/${m.bob.userId}/inventory`);
    expect(inventory.body.editionCount).toBe(1);
  });

  it('reads stats, the leaderboard, a series and the market (analytics)', async () => {
    expect((await call('GET', `${C}/stats`)).status).toBe(200);
    const board = await call('GET', `${C}/leaderboard?limit=3`);
    expect(board.body.board).toBe('holders');
    expect(board.body.items.map((entry: { displayName: string }) => entry.displayName)).toContain('ann');
    expect((await call('GET', `${C}/stats/series?metric=volume&bucket=hour&limit=24`)).body.metric).toBe(
      'volume',
    );
    expect((await call('GET', `${C}/stats/market`)).status).toBe(200);
  });

  it('creates, lists, enables, reads the deliveries of and deletes a webhook', async () => {
    const created = await call('POST', `${C}/webhooks`, {
      body: { url: 'http://127.0.0.1:9/hook', eventTypes: ['tk.evt.ledger.transfer.*'] },
    });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_/);
    webhookId = created.body.webhook.id;
    // Recorded as the key that made it, which accounts checked is an active key of this community.
    expect(created.body.webhook.createdBy).toBe(`apikey:${parseApiKey(admin)!.keyId}`);
    expect((await call('GET', `${C}/webhooks`)).body.items.map((w: { id: string }) => w.id)).toContain(
      webhookId,
    );
    expect((await call('POST', `${C}/webhooks/${webhookId}/enable`)).body.status).toBe('active');
    expect((await call('GET', `${C}/webhooks/${webhookId}/deliveries?limit=5`)).status).toBe(200);
    expect((await call('DELETE', `${C}/webhooks/${webhookId}`)).status).toBe(200);
    expect((await call('DELETE', `${C}/webhooks/${webhookId}`)).status).toBe(404);
  });

  it('covers every route of the table in this file', () => {
    // A new route must get a test here (the artifact-life routes: in api-artifacts.e2e-spec.ts): this list is the route table's.
    expect(API_ROUTES.map((route) => route.operationId).sort()).toEqual(
      [
        'getKey',
        'getCommunity',
        'listMembers',
        'getMember',
        'findMemberByIdentity',
        'redeemLinkCode',
        'getMemberBalance',
        'getAccount',
        'createTransfer',
        'listTransfers',
        'getTransfer',
        'getSupply',
        'verifyJournal',
        'payReward',
        'grantArtifact',
        'listArtifactTypes',
        'getArtifactType',
        'browseShop',
        'buyFromShop',
        'browseListings',
        'buyListing',
        'getEdition',
        'getInventory',
        'getStats',
        'getLeaderboard',
        'getSeries',
        'getMarketStats',
        'createWebhook',
        'listWebhooks',
        'deleteWebhook',
        'enableWebhook',
        'listWebhookDeliveries',
        'readAuditLog',
        // Tested in dashboard-access.e2e-spec.ts: turning the public dashboard on and off.
        'getDashboardVisibility',
        'setDashboardVisibility',
        // Tested in api-artifacts.e2e-spec.ts: registering players and a member's whole artifact life.
        'registerMember',
        'createListing',
        'cancelListing',
        'giftEdition',
        'burnEdition',
        'offerTrade',
        'acceptTrade',
        'declineTrade',
        'listTrades',
        'getTrade',
        'createArtifactType',
        'createMemberArtifactType',
        'addShopItem',
        'restockShopItem',
        'closeShopItem',
        // Tested in app-session.e2e-spec.ts: a member's sign-in, session and acts as themself in the wallet
        // (each also with its success and every declared refusal in openapi-examples.e2e-spec.ts).
        'signInWebApp',
        'signInLoginWidget',
        'refreshSession',
        'walletGetCommunity',
        'walletGetBalance',
        'walletListTransfers',
        'walletGetInventory',
        'walletBrowseShop',
        'walletBuyFromShop',
        'walletBrowseListings',
        'walletCreateListing',
        'walletBuyListing',
        'walletCancelListing',
        'walletPay',
        'walletListTrades',
        'walletAcceptTrade',
        'walletDeclineTrade',
        'walletListProposals',
        'walletVote',
        'walletListPools',
        'walletPledge',
      ].sort(),
    );
  });
});

describe('main errors', () => {
  it.each([
    ['an unknown member balance', 404, 'GET', (): string => `${C}/members/nobody/balance`, 'NOT_FOUND'],
    [
      'an account of another community',
      404,
      'GET',
      (): string => `${C}/accounts/treasury:delta`,
      'NOT_FOUND',
    ],
    ['an unknown transfer', 404, 'GET', (): string => `${C}/transfers/nope`, 'NOT_FOUND'],
    ['an unknown member', 404, 'GET', (): string => `${C}/members/01KB2Y6ZJ8ZQ0V7M3N4P5Q6R7S`, 'NOT_FOUND'],
    ['an identity nobody has', 404, 'GET', (): string => `${C}/members/by-identity/game/nobody`, 'NOT_FOUND'],
    [
      'a member of another community by identity',
      404,
      'GET',
      (): string => `${C}/members/by-identity/game/delta-dee`,
      'NOT_FOUND',
    ],
    ['an unknown artifact type', 404, 'GET', (): string => `${C}/artifacts/types/999`, 'NOT_FOUND'],
    ['an unknown edition', 404, 'GET', (): string => `${C}/artifacts/editions/999`, 'NOT_FOUND'],
    ['an unknown path', 404, 'GET', (): string => `${C}/nothing`, 'NOT_FOUND'],
    ['a method the path does not take', 405, 'DELETE', (): string => `${C}/supply`, 'METHOD_NOT_ALLOWED'],
  ] as const)('%s -> %i', async (_what, status, method, path, code) => {
    const reply = await call(method, path());
    expect(reply.status).toBe(status);
    expect(reply.body.error.code).toBe(code);
  });

  it('answers a payment without enough tickets with 422 and moves nothing', async () => {
    const before = await h.balanceOf(m.cy.accountId);
    const reply = await call('POST', `${C}/transfers`, {
      body: { from: m.cy.userId, to: m.ann.userId, amount: 1_000_000 },
      headers: idem(),
    });
    expect(reply.status).toBe(422);
    expect(reply.body.error.code).toBe('INSUFFICIENT_FUNDS');
    expect(await h.balanceOf(m.cy.accountId)).toBe(before);
  });

  it('answers a payment to a non-member with 404, and an artifact sold out with 422', async () => {
    const reply = await call('POST', `${C}/transfers`, {
      body: { from: m.ann.userId, to: 'stranger', amount: 1 },
      headers: idem(),
    });
    expect(reply.status).toBe(404);
    // In the words of the request: the body's `to`, never the ledger's account field or a NATS subject.
    expect(reply.body.error).toMatchObject({ code: 'NOT_FOUND', details: { field: 'to', in: 'body' } });
    expect(reply.body.error.message).toMatch(/^to: is not a member of this community/);
    expect(JSON.stringify(reply.body)).not.toMatch(/creditAccountId|tk\.cmd|asyncapi/);
    const tiny = await h.client.request(ArtifactsCommands.shopAdd, {
      communityId: 'gamma',
      typeId,
      price: 1,
      stock: 0,
    });
    const soldOut = await call('POST', `${C}/artifacts/shop/${tiny.id}/buy`, {
      body: { buyerId: m.ann.userId },
      headers: idem(),
    });
    expect(soldOut.status).toBe(422);
    expect(soldOut.body.error.code).toBe('SOLD_OUT');
  });

  it('refuses to link a Telegram identity through the API', async () => {
    const reply = await call('POST', `${C}/members/identities/redeem`, {
      body: { provider: 'telegram', externalId: '12345', code: 'K7Q2-9XF3' },
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error.details).toMatchObject({ field: 'provider', in: 'body' });
  });
});

describe('Idempotency-Key', () => {
  const pay = (key: string, header: string, amount = 10) =>
    call('POST', `${C}/transfers`, {
      key,
      body: { from: m.ann.userId, to: m.bob.userId, amount },
      headers: { 'Idempotency-Key': header },
    });

  it('moves money once for the same key twice, and returns the first result', async () => {
    const before = await h.balanceOf(m.bob.accountId);
    const first = await pay(admin, 'same-twice');
    const second = await pay(admin, 'same-twice');
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body.transfer).toEqual(first.body.transfer);
    expect([first.headers.get('idempotent-replayed'), second.headers.get('idempotent-replayed')]).toEqual([
      'false',
      'true',
    ]);
    expect(await h.balanceOf(m.bob.accountId)).toBe(before + 10);
  });

  it('moves money once for 10 identical requests at the same time', async () => {
    const before = await h.balanceOf(m.bob.accountId);
    const replies = await Promise.all(Array.from({ length: 10 }, () => pay(admin, 'ten-at-once', 3)));
    expect(replies.map((reply) => reply.status)).toEqual(Array(10).fill(201));
    expect(new Set(replies.map((reply) => reply.body.transfer.id)).size).toBe(1);
    // Exactly one of the copies is answered as new.
    expect(replies.filter((reply) => reply.headers.get('idempotent-replayed') === 'false')).toHaveLength(1);
    expect(await h.balanceOf(m.bob.accountId)).toBe(before + 3);
  });

  it('answers another body with the same key with 409 IDEMPOTENCY_CONFLICT', async () => {
    expect((await pay(admin, 'conflicting', 4)).status).toBe(201);
    const reply = await pay(admin, 'conflicting', 5);
    expect(reply.status).toBe(409);
    expect(reply.body.error.code).toBe('IDEMPOTENCY_CONFLICT');
  });

  it('keeps two API keys apart: the same header from another key is another transfer', async () => {
    const before = await h.balanceOf(m.bob.accountId);
    const a = await pay(admin, 'shared-header', 2);
    const b = await pay(other, 'shared-header', 2);
    expect(a.body.transfer.id).not.toBe(b.body.transfer.id);
    expect(await h.balanceOf(m.bob.accountId)).toBe(before + 4);
  });
});

describe('bad input: 400 naming the field, never 500', () => {
  const transfer = (body: unknown, headers: Record<string, string> = idem()) =>
    call('POST', `${C}/transfers`, { body, headers });
  const good = () => ({ from: m.ann.userId, to: m.bob.userId, amount: 1 });

  it.each([
    ['a negative amount', () => ({ ...good(), amount: -1 }), 'amount'],
    ['a fractional amount', () => ({ ...good(), amount: 1.5 }), 'amount'],
    ['an amount as a string', () => ({ ...good(), amount: '10' }), 'amount'],
    ['a missing to', () => ({ from: m.ann.userId, amount: 1 }), 'to'],
    ['an unknown field', () => ({ ...good(), fee: 1 }), 'fee'],
    ['a memo too long', () => ({ ...good(), memo: 'x'.repeat(300) }), 'memo'],
    ['paying oneself', () => ({ ...good(), to: m.ann.userId }), 'to'],
    ['a body that is not an object', () => [1, 2], '$'],
    ['no body at all', () => undefined, '$'],
  ])('a transfer with %s', async (_what, body, field) => {
    const reply = await transfer(body());
    expect(reply.status).toBe(400);
    expect(reply.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field, in: 'body' } });
  });

  it('a transfer without an Idempotency-Key', async () => {
    const reply = await transfer(good(), {});
    expect(reply.status).toBe(400);
    expect(reply.body.error.details).toMatchObject({ field: 'Idempotency-Key', in: 'header' });
  });

  it('malformed JSON', async () => {
    const reply = await h.request('POST', `${C}/transfers`, {
      key: admin,
      rawBody: '{"from":',
      headers: idem(),
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error.details).toMatchObject({ field: '$', in: 'body' });
  });

  it('a body over the size limit gets 413', async () => {
    const reply = await transfer({ ...good(), memo: 'x'.repeat(70_000) });
    expect(reply.status).toBe(413);
    expect(reply.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it.each([
    [`${C}/transfers?limit=0`, 'limit', 'query'],
    [`${C}/transfers?limit=ten`, 'limit', 'query'],
    [`${C}/transfers?limit=1&limit=2`, 'limit', 'query'],
    [`${C}/transfers?colour=red`, 'colour', 'query'],
    [`${C}/transfers?fromTime=yesterday`, 'fromTime', 'query'],
    [`${C}/stats/series?bucket=day`, 'metric', 'query'],
    [`${C}/leaderboard?board=richest`, 'board', 'query'],
    [`${C}/audit?cursor=abc`, 'cursor', 'query'],
    [`${C}/artifacts/types/0`, 'typeId', 'path'],
    [`${C}/artifacts/types/x`, 'typeId', 'path'],
    [`${C}/members/${'x'.repeat(65)}/balance`, 'memberId', 'path'],
  ])('GET %s names %s in the %s', async (path, field, where) => {
    const reply = await call('GET', path);
    expect(reply.status).toBe(400);
    expect(reply.body.error.details).toMatchObject({ field, in: where });
  });

  it.each([
    ['rewards', (): string => `${C}/rewards`, () => ({ memberId: m.cy.userId, amount: 0 }), 'amount'],
    [
      'webhooks',
      (): string => `${C}/webhooks`,
      () => ({ url: 'http://example.com/x', eventTypes: ['tk.evt.ledger.*'] }),
      'url',
    ],
    [
      'webhook types',
      (): string => `${C}/webhooks`,
      () => ({ url: 'https://example.com/x', eventTypes: [] }),
      'eventTypes',
    ],
    ['shop buy', (): string => `${C}/artifacts/shop/${shopItemId}/buy`, () => ({ buyer: 'x' }), 'buyerId'],
  ])('a bad %s body', async (_what, path, body, field) => {
    const reply = await call('POST', path(), { body: body(), headers: idem() });
    expect(reply.status).toBe(400);
    expect(reply.body.error.details.field).toBe(field);
  });
});

describe('the audit log', () => {
  it('records successes and failures with key, route, status and error code', async () => {
    const since = new Date(Date.now() - 1_000).toISOString();
    await call('GET', `${C}/supply`);
    await call('GET', `${C}/artifacts/types/999`);
    await h.request('GET', `${C}/supply`);
    const entries = await waitFor(
      async () => {
        const reply = await call('GET', `${C}/audit?since=${encodeURIComponent(since)}&limit=500`);
        const items = reply.body.items as {
          route: string;
          status: number;
          errorCode: string | null;
          keyId: string | null;
        }[];
        return items.some((entry) => entry.status === 401) && items.some((entry) => entry.status === 404)
          ? items
          : undefined;
      },
      { timeoutMs: 5_000, description: 'audit entries' },
    );
    expect(entries).toContainEqual(
      expect.objectContaining({
        method: 'GET',
        route: '/v1/communities/:communityId/supply',
        status: 200,
        errorCode: null,
        communityId: 'gamma',
      }),
    );
    expect(entries).toContainEqual(
      expect.objectContaining({
        route: '/v1/communities/:communityId/artifacts/types/:typeId',
        status: 404,
        errorCode: 'NOT_FOUND',
      }),
    );
    expect(entries).toContainEqual(
      expect.objectContaining({ status: 401, keyId: null, errorCode: 'UNAUTHENTICATED' }),
    );
    expect(entries.find((entry) => entry.status === 200)?.keyId).toMatch(/^[0-9A-Z]{26}$/);
  });

  it('pages with a cursor', async () => {
    const since = new Date(Date.now() - 60_000).toISOString();
    const first = await call('GET', `${C}/audit?since=${encodeURIComponent(since)}&limit=2`);
    expect(first.body.items).toHaveLength(2);
    const next = await call('GET', `${C}/audit?cursor=${first.body.nextCursor}&limit=2`);
    expect(next.body.items[0].seq).toBeGreaterThan(first.body.items[1].seq);
  });
});

describe('documentation, health and metrics', () => {
  it('serves the OpenAPI document generated from the route table', async () => {
    const reply = await h.request('GET', '/openapi.json');
    expect(reply.status).toBe(200);
    expect(reply.body.openapi).toBe('3.1.0');
    expect(Object.keys(reply.body.paths)).toContain('/v1/communities/{communityId}/transfers');
  });

  it('serves the browsable UI at /docs from local files', async () => {
    const page = await h.request('GET', '/docs');
    expect(page.status).toBe(200);
    expect(page.body).toContain('swagger-ui');
    const bundle = await fetch(`${h.baseUrl}/docs/swagger-ui-bundle.js`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toContain('javascript');
    expect((await fetch(`${h.baseUrl}/docs/package.json`)).status).toBe(404);
  });

  it('answers /healthz, /readyz and /metrics', async () => {
    expect((await h.request('GET', '/healthz')).status).toBe(200);
    expect((await h.request('GET', '/readyz')).body).toMatchObject({ ready: true });
    const metrics = await fetch(`${h.baseUrl}/metrics`).then((response) => response.text());
    expect(metrics).toContain('api_requests_total');
    expect(metrics).toContain('route="/v1/communities/:communityId/supply"');
  });
});

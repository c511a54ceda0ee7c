/**
 * The routes that let a game server or web app run a member's whole artifact life over HTTP, against the
 * real ledger, accounts and artifacts (built processes): registering players who are not on Telegram;
 * listing, cancelling, gifting, burning and trading editions for members; types and the shop for admins.
 * Each with its main errors (scope, another community's member, bad bodies naming the field, CONFLICT,
 * SOLD_OUT), Idempotency-Key repeats acting once, and a whole flow between two registered players whose
 * books sum to zero.
 */
import { AccountsCommands, ArtifactsCommands } from '@ticketonomics/contracts';
import { waitFor } from '@ticketonomics/testing';
import { startApiHarness, type ApiHarness, type Member } from './support/api.harness';

const C = '/v1/communities/omega';
let h: ApiHarness;
let m: Record<string, Member>;
let zed: Member;
/** A member of zeta only: omega's keys can neither enrol nor see her. */
let zoe: Member;
/** Every scope of omega. */
let full: string;
let adminOnly: string;
let transferOnly: string;
let readOnly: string;
/** Every scope, of another community. */
let zetaKey: string;
let sequence = 0;
const idem = (label = 'k') => ({ 'Idempotency-Key': `${label}-${(sequence += 1)}` });

beforeAll(async () => {
  h = await startApiHarness({ extra: ['artifacts'] });
  m = await h.community('omega', ['ann', 'bob']);
  const zeta = await h.community('zeta', ['zed', 'zoe']);
  zed = zeta.zed!;
  zoe = zeta.zoe!;
  await h.mint(m.ann!.accountId, 1_000);
  await h.mint(m.bob!.accountId, 1_000);
  full = (await h.createKey('omega', ['read', 'transfer', 'reward', 'admin'])).key;
  adminOnly = (await h.createKey('omega', ['admin'])).key;
  transferOnly = (await h.createKey('omega', ['transfer'])).key;
  readOnly = (await h.createKey('omega', ['read'])).key;
  zetaKey = (await h.createKey('zeta', ['read', 'transfer', 'reward', 'admin'])).key;
}, 120_000);

afterAll(async () => {
  await h?.close();
});

const call = (
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string>; key?: string } = {},
) => h.request(method, path, { key: full, ...options });

/** A new type (admin, free) with ann as creator, and `count` editions of it granted to `owner`. */
async function typeWithEditions(name: string, owner: Member, count: number) {
  const type = await call('POST', `${C}/artifacts/types`, {
    body: { creatorId: m.ann!.userId, name, emoji: '🎲', royaltyBps: 1000 },
    headers: idem('type'),
  });
  expect(type.status).toBe(201);
  const editionIds: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const grant = await call('POST', `${C}/artifacts/types/${type.body.id}/grant`, {
      body: { memberId: owner.userId },
      headers: idem('grant'),
    });
    expect(grant.status).toBe(201);
    editionIds.push(grant.body.id as number);
  }
  return { typeId: type.body.id as number, editionIds };
}

const expectError = (
  reply: { status: number; body: any },
  status: number,
  code: string,
  details: Record<string, unknown> = {},
) => {
  expect({ status: reply.status, code: reply.body?.error?.code }).toEqual({ status, code });
  expect(reply.body.error.details ?? {}).toMatchObject(details);
};

describe('registering players who are not on Telegram', () => {
  const steve = { identity: { provider: 'minecraft', externalId: 'steve-uuid-1' }, displayName: 'Steve' };

  it('registers a player (a new user, joined, with an open ledger account) who can be paid at once', async () => {
    const reply = await call('POST', `${C}/members`, {
      key: adminOnly,
      body: { ...steve, language: 'de' },
    });
    expect(reply.status).toBe(201);
    const userId = reply.body.user.id as string;
    expect(reply.body).toMatchObject({
      user: {
        displayName: 'Steve',
        language: 'de',
        username: null,
        identities: [expect.objectContaining({ provider: 'minecraft', externalId: 'steve-uuid-1' })],
      },
      membership: { communityId: 'omega', userId, role: 'member', status: 'active' },
      accountId: `user:omega:${userId}`,
    });
    const reward = await call('POST', `${C}/rewards`, {
      body: { memberId: userId, amount: 5 },
      headers: idem(),
    });
    expect(reward.status).toBe(201);
    expect((await call('GET', `${C}/members/${userId}/balance`)).body.balance).toBe(5);
  });

  it('answers the same member when registered again, leaving an existing profile as it is', async () => {
    const first = await call('POST', `${C}/members`, { key: adminOnly, body: steve });
    const again = await call('POST', `${C}/members`, {
      key: adminOnly,
      body: { ...steve, displayName: 'Not Steve' },
    });
    expect(again.status).toBe(201);
    expect(again.body.user).toMatchObject({ id: first.body.user.id, displayName: 'Steve' });
  });

  it('registers its own player under an id another community registered: zoe is neither enrolled nor shown', async () => {
    const reply = await call('POST', `${C}/members`, {
      key: adminOnly,
      body: { identity: { provider: 'game', externalId: 'zeta-zoe' }, displayName: 'Omega Zoe' },
    });
    expect(reply.status).toBe(201);
    expect(reply.body.user).toMatchObject({
      displayName: 'Omega Zoe',
      identities: [{ provider: 'game', externalId: 'zeta-zoe', communityId: 'omega' }],
    });
    expect(JSON.stringify(reply.body)).not.toContain(zoe.userId);
    await expect(
      h.client.request(AccountsCommands.membershipGet, { communityId: 'omega', userId: zoe.userId }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expectError(await call('GET', `${C}/members/${zoe.userId}`), 404, 'NOT_FOUND');
    const zetas = await call('GET', '/v1/communities/zeta/members/by-identity/game/zeta-zoe', {
      key: zetaKey,
    });
    expect(zetas.body.user).toMatchObject({ id: zoe.userId, displayName: 'zoe' });
  });

  it.each([
    [
      'a telegram identity',
      { ...steve, identity: { provider: 'telegram', externalId: '12345' } },
      'identity.provider',
    ],
    ['a username (Telegram usernames are set by the bot)', { ...steve, username: 'steve' }, 'username'],
    ['no displayName', { identity: steve.identity }, 'displayName'],
    [
      'a bad provider',
      { ...steve, identity: { provider: 'Mine Craft', externalId: 'x' } },
      'identity.provider',
    ],
  ])('refuses %s with 400 naming the field', async (_what, body, field) => {
    const reply = await call('POST', `${C}/members`, { key: adminOnly, body });
    expectError(reply, 400, 'VALIDATION_FAILED', { field, in: 'body' });
  });

  it('needs the admin scope of this community', async () => {
    expectError(await call('POST', `${C}/members`, { key: readOnly, body: steve }), 403, 'FORBIDDEN', {
      reason: 'scope',
    });
    expectError(await call('POST', `${C}/members`, { key: transferOnly, body: steve }), 403, 'FORBIDDEN', {
      reason: 'scope',
    });
    expectError(await call('POST', `${C}/members`, { key: zetaKey, body: steve }), 403, 'FORBIDDEN', {
      reason: 'community',
    });
  });
});

describe('types and the shop (admin)', () => {
  const golden = () => ({ creatorId: m.ann!.userId, name: 'Golden Die', emoji: '🎲', supplyMax: 10 });

  it('creates a type once per Idempotency-Key, and refuses other content under the same key', async () => {
    const headers = idem('type');
    const first = await call('POST', `${C}/artifacts/types`, { key: adminOnly, body: golden(), headers });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      name: 'Golden Die',
      creatorId: m.ann!.userId,
      supplyMax: 10,
      rarity: 'common',
    });
    const before = (await call('GET', `${C}/artifacts/types?limit=100`)).body.items.length;
    const again = await call('POST', `${C}/artifacts/types`, { key: adminOnly, body: golden(), headers });
    expect(again.body.id).toBe(first.body.id);
    expect((await call('GET', `${C}/artifacts/types?limit=100`)).body.items.length).toBe(before);
    const other = await call('POST', `${C}/artifacts/types`, {
      key: adminOnly,
      body: { ...golden(), name: 'Silver Die' },
      headers,
    });
    expectError(other, 409, 'IDEMPOTENCY_CONFLICT');
  });

  it.each([
    ['no emoji nor image', () => ({ creatorId: m.ann!.userId, name: 'Blank' }), 'emoji'],
    ['a royalty too high', () => ({ ...golden(), royaltyBps: 9_000 }), 'royaltyBps'],
    ['an http image', () => ({ ...golden(), imageUrl: 'http://example.com/a.png' }), 'imageUrl'],
  ])('refuses a type with %s', async (_what, body, field) => {
    const reply = await call('POST', `${C}/artifacts/types`, {
      key: adminOnly,
      body: body(),
      headers: idem(),
    });
    expectError(reply, 400, 'VALIDATION_FAILED', { field, in: 'body' });
  });

  it("refuses another community's member as creator, a key without admin, and no Idempotency-Key", async () => {
    expectError(
      await call('POST', `${C}/artifacts/types`, {
        key: adminOnly,
        body: { ...golden(), creatorId: zed.userId },
        headers: idem(),
      }),
      404,
      'NOT_FOUND',
      { field: 'creatorId', in: 'body' },
    );
    expectError(
      await call('POST', `${C}/artifacts/types`, { key: transferOnly, body: golden(), headers: idem() }),
      403,
      'FORBIDDEN',
      { reason: 'scope' },
    );
    expectError(
      await call('POST', `${C}/artifacts/types`, { key: adminOnly, body: golden() }),
      400,
      'VALIDATION_FAILED',
      {
        field: 'Idempotency-Key',
        in: 'header',
      },
    );
  });

  it('adds to the shop, restocks and closes, each once per Idempotency-Key; the last unit sold, the next is SOLD_OUT', async () => {
    const type = await call('POST', `${C}/artifacts/types`, {
      key: adminOnly,
      body: { ...golden(), name: 'Shop Die' },
      headers: idem('type'),
    });
    const addHeaders = idem('shop');
    const added = await call('POST', `${C}/artifacts/shop`, {
      key: adminOnly,
      body: { typeId: type.body.id, price: 30, stock: 1 },
      headers: addHeaders,
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ typeId: type.body.id, price: 30, stock: 1, closed: false });
    const addedAgain = await call('POST', `${C}/artifacts/shop`, {
      key: adminOnly,
      body: { typeId: type.body.id, price: 30, stock: 1 },
      headers: addHeaders,
    });
    expect(addedAgain.body.id).toBe(added.body.id);
    const itemPath = `${C}/artifacts/shop/${added.body.id}`;

    const restockHeaders = idem('restock');
    expect(
      (
        await call('POST', `${itemPath}/restock`, {
          key: adminOnly,
          body: { add: 1 },
          headers: restockHeaders,
        })
      ).body.stock,
    ).toBe(2);
    expect(
      (
        await call('POST', `${itemPath}/restock`, {
          key: adminOnly,
          body: { add: 1 },
          headers: restockHeaders,
        })
      ).body.stock,
    ).toBe(2);
    expectError(
      await call('POST', `${itemPath}/restock`, { key: adminOnly, body: { add: 0 }, headers: idem() }),
      400,
      'VALIDATION_FAILED',
      {
        field: 'add',
      },
    );

    for (const buyer of [m.ann!, m.bob!]) {
      const bought = await call('POST', `${itemPath}/buy`, {
        body: { buyerId: buyer.userId },
        headers: idem(),
      });
      expect(bought.status).toBe(201);
    }
    expectError(
      await call('POST', `${itemPath}/buy`, { body: { buyerId: zed.userId }, headers: idem() }),
      404,
      'NOT_FOUND',
      { field: 'buyerId', in: 'body' },
    );
    const soldOut = await call('POST', `${itemPath}/buy`, {
      body: { buyerId: m.ann!.userId },
      headers: idem(),
    });
    expectError(soldOut, 422, 'SOLD_OUT');

    const closed = await call('POST', `${itemPath}/close`, { key: adminOnly });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ closed: true, sold: 2 });
    expect((await call('POST', `${itemPath}/close`, { key: adminOnly })).body.closed).toBe(true);
    expectError(await call('POST', `${itemPath}/close`, { key: readOnly }), 403, 'FORBIDDEN', {
      reason: 'scope',
    });
    expectError(await call('POST', `${C}/artifacts/shop/999/close`, { key: adminOnly }), 404, 'NOT_FOUND');
  });

  it('lets a member create a type paying the creation fee, where the community allows it', async () => {
    const path = `${C}/members/${m.bob!.userId}/artifact-types`;
    const body = { name: "Bob's Die", emoji: '🎯' };
    const refused = await call('POST', path, { key: transferOnly, body, headers: idem() });
    expectError(refused, 403, 'FORBIDDEN', { reason: 'member_creation_disabled' });

    await h.client.request(ArtifactsCommands.settingsSet, {
      communityId: 'omega',
      memberCreationEnabled: true,
      creationFee: 20,
    });
    const before = await h.balanceOf(m.bob!.accountId);
    const headers = idem('member-type');
    const created = await call('POST', path, { key: transferOnly, body, headers });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "Bob's Die", creatorId: m.bob!.userId });
    const again = await call('POST', path, { key: transferOnly, body, headers });
    expect(again.body.id).toBe(created.body.id);
    expect(await h.balanceOf(m.bob!.accountId)).toBe(before - 20);
    expectError(
      await call('POST', `${C}/members/${zed.userId}/artifact-types`, {
        key: transferOnly,
        body,
        headers: idem(),
      }),
      404,
      'NOT_FOUND',
      { field: 'memberId', in: 'path' },
    );
  });
});

describe('granting an edition (reward)', () => {
  it("grants only to an active member of the key's community: another community's member or one who left is 404 and gets nothing", async () => {
    const { typeId } = await typeWithEditions('Prize Die', m.ann!, 0);
    const grant = (memberId: string) =>
      call('POST', `${C}/artifacts/types/${typeId}/grant`, { body: { memberId }, headers: idem('grant') });
    expectError(await grant(zed.userId), 404, 'NOT_FOUND', { field: 'memberId', in: 'body' });
    const leaver = (await h.community('omega', ['lea'])).lea!;
    await h.client.request(AccountsCommands.membershipLeave, { communityId: 'omega', userId: leaver.userId });
    expectError(await grant(leaver.userId), 404, 'NOT_FOUND', { field: 'memberId', in: 'body' });
    expect((await call('GET', `${C}/artifacts/types/${typeId}`)).body.minted).toBe(0);
    const granted = await grant(m.bob!.userId);
    expect(granted.status).toBe(201);
    expect(granted.body).toMatchObject({ typeId, ownerId: m.bob!.userId });
  });
});

describe("a member's editions: list, cancel, gift, burn", () => {
  it('lists once per Idempotency-Key; a listed edition cannot be gifted (409); the seller cancels it', async () => {
    const { editionIds } = await typeWithEditions('Listed Die', m.ann!, 1);
    const editionId = editionIds[0]!;
    const headers = idem('list');
    const body = { sellerId: m.ann!.userId, editionId, price: 50 };
    const listed = await call('POST', `${C}/artifacts/listings`, { key: transferOnly, body, headers });
    expect(listed.status).toBe(201);
    expect(listed.body).toMatchObject({ editionId, price: 50, status: 'active', sellerId: m.ann!.userId });
    expect(
      (await call('POST', `${C}/artifacts/listings`, { key: transferOnly, body, headers })).body.id,
    ).toBe(listed.body.id);

    const gift = await call('POST', `${C}/artifacts/editions/${editionId}/gift`, {
      key: transferOnly,
      body: { fromId: m.ann!.userId, toId: m.bob!.userId },
      headers: idem(),
    });
    expectError(gift, 409, 'CONFLICT', { reason: 'listed' });

    const listingPath = `${C}/artifacts/listings/${listed.body.id}`;
    expectError(
      await call('DELETE', `${listingPath}?sellerId=${m.bob!.userId}`, { key: transferOnly }),
      403,
      'FORBIDDEN',
      {
        field: 'sellerId',
      },
    );
    expectError(await call('DELETE', listingPath, { key: transferOnly }), 400, 'VALIDATION_FAILED', {
      field: 'sellerId',
      in: 'query',
    });
    const cancelled = await call('DELETE', `${listingPath}?sellerId=${m.ann!.userId}`, { key: transferOnly });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    expect(
      (await call('DELETE', `${listingPath}?sellerId=${m.ann!.userId}`, { key: transferOnly })).body.status,
    ).toBe('cancelled');
    expect((await call('GET', `${C}/artifacts/editions/${editionId}`)).body.edition.status).toBe('owned');
  });

  it('gifts once per Idempotency-Key, only to a member of this community', async () => {
    const { editionIds } = await typeWithEditions('Gift Die', m.ann!, 1);
    const path = `${C}/artifacts/editions/${editionIds[0]}/gift`;
    const headers = idem('gift');
    const body = { fromId: m.ann!.userId, toId: m.bob!.userId };
    const first = await call('POST', path, { key: transferOnly, body, headers });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ ownerId: m.bob!.userId, status: 'owned' });
    const again = await call('POST', path, { key: transferOnly, body, headers });
    expect(again.body).toEqual(first.body);
    const detail = await call('GET', `${C}/artifacts/editions/${editionIds[0]}`);
    expect(detail.body.provenance.filter((row: { kind: string }) => row.kind === 'gifted')).toHaveLength(1);

    expectError(
      await call('POST', path, {
        key: transferOnly,
        body: { fromId: m.bob!.userId, toId: zed.userId },
        headers: idem(),
      }),
      404,
      'NOT_FOUND',
      { field: 'toId', in: 'body' },
    );
    expectError(
      await call('POST', path, {
        key: transferOnly,
        body: { fromId: m.bob!.userId, toId: m.bob!.userId },
        headers: idem(),
      }),
      400,
      'VALIDATION_FAILED',
      { field: 'toId', in: 'body' },
    );
    // Scopes are independent: admin does not imply transfer.
    expectError(await call('POST', path, { key: adminOnly, body, headers: idem() }), 403, 'FORBIDDEN', {
      reason: 'scope',
    });
    expectError(await call('POST', path, { key: zetaKey, body, headers: idem() }), 403, 'FORBIDDEN', {
      reason: 'community',
    });
  });

  it("burns the owner's edition, and refuses anyone else's (409 not_owner)", async () => {
    const { editionIds } = await typeWithEditions('Burn Die', m.ann!, 1);
    const path = `${C}/artifacts/editions/${editionIds[0]}/burn`;
    expectError(
      await call('POST', path, { key: transferOnly, body: { ownerId: m.bob!.userId }, headers: idem() }),
      409,
      'CONFLICT',
      {
        reason: 'not_owner',
      },
    );
    const burned = await call('POST', path, {
      key: transferOnly,
      body: { ownerId: m.ann!.userId },
      headers: idem(),
    });
    expect(burned.status).toBe(201);
    expect(burned.body).toMatchObject({ status: 'burned', ownerId: null });
    expectError(
      await call('POST', path, { key: transferOnly, body: {}, headers: idem() }),
      400,
      'VALIDATION_FAILED',
      {
        field: 'ownerId',
      },
    );
  });

  it.each([
    [
      'a listing price of 0',
      `listings`,
      () => ({ sellerId: m.ann!.userId, editionId: 1, price: 0 }),
      'price',
    ],
    [
      'a listing of edition "x"',
      `listings`,
      () => ({ sellerId: m.ann!.userId, editionId: 'x', price: 5 }),
      'editionId',
    ],
    [
      'a seller that is no user id',
      `listings`,
      () => ({ sellerId: 'nobody', editionId: 1, price: 5 }),
      'sellerId',
    ],
    ['an unknown field', `editions/1/burn`, () => ({ ownerId: m.ann!.userId, force: true }), 'force'],
  ])('refuses %s with 400 naming the field', async (_what, path, body, field) => {
    const reply = await call('POST', `${C}/artifacts/${path}`, {
      key: transferOnly,
      body: body(),
      headers: idem(),
    });
    expectError(reply, 400, 'VALIDATION_FAILED', { field, in: 'body' });
  });

  it('needs the transfer scope to list', async () => {
    const reply = await call('POST', `${C}/artifacts/listings`, {
      key: readOnly,
      body: { sellerId: m.ann!.userId, editionId: 1, price: 5 },
      headers: idem(),
    });
    expectError(reply, 403, 'FORBIDDEN', { reason: 'scope', requiredScope: 'transfer' });
  });
});

describe('trades', () => {
  it('offers, lists, reads and accepts once per Idempotency-Key, paying the offerer once', async () => {
    const { editionIds } = await typeWithEditions('Trade Die', m.ann!, 1);
    const offered = await call('POST', `${C}/artifacts/trades`, {
      key: transferOnly,
      body: { fromId: m.ann!.userId, toId: m.bob!.userId, giveEditionIds: editionIds, wantAmount: 40 },
      headers: idem('offer'),
    });
    expect(offered.status).toBe(201);
    expect(offered.body).toMatchObject({ status: 'open', wantAmount: 40, wantEditionIds: [] });
    const tradeId = offered.body.id as number;
    const open = await call('GET', `${C}/artifacts/trades?memberId=${m.bob!.userId}&status=open`, {
      key: readOnly,
    });
    expect(open.body.items.map((trade: { id: number }) => trade.id)).toContain(tradeId);
    expect((await call('GET', `${C}/artifacts/trades/${tradeId}`, { key: readOnly })).body.fromId).toBe(
      m.ann!.userId,
    );

    expectError(
      await call('POST', `${C}/artifacts/trades/${tradeId}/accept`, {
        key: transferOnly,
        body: { byId: m.ann!.userId },
        headers: idem(),
      }),
      403,
      'FORBIDDEN',
      { field: 'byId' },
    );
    const bobBefore = await h.balanceOf(m.bob!.accountId);
    const headers = idem('accept');
    const accept = () =>
      call('POST', `${C}/artifacts/trades/${tradeId}/accept`, {
        key: transferOnly,
        body: { byId: m.bob!.userId },
        headers,
      });
    const accepted = await accept();
    expect(accepted.status).toBe(201);
    expect(accepted.body.payment).toMatchObject({ price: 40, fee: 1, toPayee: 39 });
    expect((await accept()).body).toEqual(accepted.body);
    expect(await h.balanceOf(m.bob!.accountId)).toBe(bobBefore - 40);
    expect((await call('GET', `${C}/artifacts/trades/${tradeId}`)).body.status).toBe('accepted');
  });

  it('declines (repeatable), and then the offer cannot be accepted (409)', async () => {
    const { editionIds } = await typeWithEditions('Declined Die', m.ann!, 1);
    const offered = await call('POST', `${C}/artifacts/trades`, {
      key: transferOnly,
      body: {
        fromId: m.ann!.userId,
        toId: m.bob!.userId,
        giveEditionIds: editionIds,
        wantAmount: 10,
        ttlMs: 60_000,
      },
      headers: idem('offer'),
    });
    const path = `${C}/artifacts/trades/${offered.body.id}`;
    const declined = await call('POST', `${path}/decline`, {
      key: transferOnly,
      body: { byId: m.bob!.userId },
    });
    expect(declined.status).toBe(200);
    expect(declined.body.status).toBe('declined');
    expect(
      (await call('POST', `${path}/decline`, { key: transferOnly, body: { byId: m.bob!.userId } })).body
        .status,
    ).toBe('declined');
    expectError(
      await call('POST', `${path}/accept`, {
        key: transferOnly,
        body: { byId: m.bob!.userId },
        headers: idem(),
      }),
      409,
      'CONFLICT',
      { field: 'tradeId' },
    );
    expect((await call('GET', `${C}/artifacts/editions/${editionIds[0]}`)).body.edition.status).toBe('owned');
  });

  it.each([
    [
      'nothing asked in return',
      () => ({ fromId: m.ann!.userId, toId: m.bob!.userId, giveEditionIds: [1] }),
      'wantAmount',
    ],
    [
      'nothing given',
      () => ({ fromId: m.ann!.userId, toId: m.bob!.userId, giveEditionIds: [], wantAmount: 5 }),
      'giveEditionIds',
    ],
    [
      'an offer to oneself',
      () => ({ fromId: m.ann!.userId, toId: m.ann!.userId, giveEditionIds: [1], wantAmount: 5 }),
      'toId',
    ],
    [
      'a ttl under a minute',
      () => ({ fromId: m.ann!.userId, toId: m.bob!.userId, giveEditionIds: [1], wantAmount: 5, ttlMs: 10 }),
      'ttlMs',
    ],
  ])('refuses an offer with %s (400)', async (_what, body, field) => {
    const reply = await call('POST', `${C}/artifacts/trades`, {
      key: transferOnly,
      body: body(),
      headers: idem(),
    });
    expectError(reply, 400, 'VALIDATION_FAILED', { field, in: 'body' });
  });

  it("refuses an offer to another community's member (404), reads need memberId, and an unknown trade is 404", async () => {
    expectError(
      await call('POST', `${C}/artifacts/trades`, {
        key: transferOnly,
        body: { fromId: m.ann!.userId, toId: zed.userId, giveEditionIds: [1], wantAmount: 5 },
        headers: idem(),
      }),
      404,
      'NOT_FOUND',
      { field: 'toId', in: 'body' },
    );
    expectError(await call('GET', `${C}/artifacts/trades`, { key: readOnly }), 400, 'VALIDATION_FAILED', {
      field: 'memberId',
      in: 'query',
    });
    expectError(await call('GET', `${C}/artifacts/trades/999`, { key: readOnly }), 404, 'NOT_FOUND');
    expectError(await call('GET', `${C}/artifacts/trades/1`, { key: transferOnly }), 403, 'FORBIDDEN', {
      reason: 'scope',
    });
  });
});

describe('a whole artifact life between two game players', () => {
  it('registers, pays, shops, resells and trades, with the books summing to zero', async () => {
    const register = async (externalId: string, displayName: string) => {
      const reply = await call('POST', `${C}/members`, {
        key: adminOnly,
        body: { identity: { provider: 'arena', externalId }, displayName },
      });
      expect(reply.status).toBe(201);
      return reply.body.user.id as string;
    };
    const a = await register('player-a', 'Player A');
    const b = await register('player-b', 'Player B');
    for (const memberId of [a, b]) {
      const reward = await call('POST', `${C}/rewards`, {
        body: { memberId, amount: 500 },
        headers: idem('mint'),
      });
      expect(reward.status).toBe(201);
    }
    const treasuryBefore = (await call('GET', `${C}/accounts/treasury:omega`)).body.balance as number;
    const annBefore = await h.balanceOf(m.ann!.accountId);

    // An admin creates a type (ann gets 10% royalties) and puts it in the shop at 100.
    const type = await call('POST', `${C}/artifacts/types`, {
      key: adminOnly,
      body: { creatorId: m.ann!.userId, name: 'Arena Crown', emoji: '👑', supplyMax: 5, royaltyBps: 1000 },
      headers: idem('type'),
    });
    const item = await call('POST', `${C}/artifacts/shop`, {
      key: adminOnly,
      body: { typeId: type.body.id, price: 100 },
      headers: idem('shop'),
    });
    const buyFromShop = async (buyerId: string) => {
      const bought = await call('POST', `${C}/artifacts/shop/${item.body.id}/buy`, {
        key: transferOnly,
        body: { buyerId, priceMax: 100 },
        headers: idem('buy'),
      });
      expect(bought.status).toBe(201);
      return bought.body.editions[0].id as number;
    };

    // A buys one and lists it at 150; B buys the listing (fee 3, royalty 15, A gets 132).
    const first = await buyFromShop(a);
    const listing = await call('POST', `${C}/artifacts/listings`, {
      key: transferOnly,
      body: { sellerId: a, editionId: first, price: 150 },
      headers: idem('list'),
    });
    const sale = await call('POST', `${C}/artifacts/listings/${listing.body.id}/buy`, {
      key: transferOnly,
      body: { buyerId: b },
      headers: idem('sale'),
    });
    expect(sale.status).toBe(201);
    expect(sale.body.payment).toMatchObject({ price: 150, fee: 3, royalty: 15, toPayee: 132 });

    // A buys another and offers it to B for 80 tickets; B accepts (fee 2, A gets 78).
    const second = await buyFromShop(a);
    const offer = await call('POST', `${C}/artifacts/trades`, {
      key: transferOnly,
      body: { fromId: a, toId: b, giveEditionIds: [second], wantAmount: 80 },
      headers: idem('offer'),
    });
    const accepted = await call('POST', `${C}/artifacts/trades/${offer.body.id}/accept`, {
      key: transferOnly,
      body: { byId: b },
      headers: idem('accept'),
    });
    expect(accepted.status).toBe(201);

    const balance = async (memberId: string) =>
      (await call('GET', `${C}/members/${memberId}/balance`)).body as { balance: number; pending: number };
    await waitFor(async () => (await balance(a)).balance === 500 - 100 + 132 - 100 + 78, {
      timeoutMs: 10_000,
      description: 'player A paid for the sale and the trade',
    });
    expect((await balance(b)).balance).toBe(500 - 150 - 80);
    expect(await h.balanceOf(m.ann!.accountId)).toBe(annBefore + 15);
    expect((await call('GET', `${C}/accounts/treasury:omega`)).body.balance).toBe(
      treasuryBefore + 100 + 100 + 3 + 2,
    );
    const inventory = await call('GET', `${C}/members/${b}/inventory`);
    expect(inventory.body.items.map((entry: { edition: { id: number } }) => entry.edition.id).sort()).toEqual(
      [first, second].sort(),
    );
    expect((await call('GET', `${C}/artifacts/types/${type.body.id}`)).body.lastPrice).toBe(80);

    const report = await call('GET', `${C}/verify`);
    expect(report.body.ok).toBe(true);
    expect(report.body.sumByCommunity).toEqual([{ communityId: 'omega', sum: 0 }]);
  });
});

describe('the OpenAPI document', () => {
  it('lists every route this file covers, with its scope', async () => {
    const document = (await h.request('GET', '/openapi.json')).body;
    const routes: [string, string, string][] = [
      ['post', '/v1/communities/{communityId}/members', 'admin'],
      ['post', '/v1/communities/{communityId}/artifacts/listings', 'transfer'],
      ['delete', '/v1/communities/{communityId}/artifacts/listings/{listingId}', 'transfer'],
      ['post', '/v1/communities/{communityId}/artifacts/editions/{editionId}/gift', 'transfer'],
      ['post', '/v1/communities/{communityId}/artifacts/editions/{editionId}/burn', 'transfer'],
      ['post', '/v1/communities/{communityId}/artifacts/trades', 'transfer'],
      ['post', '/v1/communities/{communityId}/artifacts/trades/{tradeId}/accept', 'transfer'],
      ['post', '/v1/communities/{communityId}/artifacts/trades/{tradeId}/decline', 'transfer'],
      ['get', '/v1/communities/{communityId}/artifacts/trades', 'read'],
      ['get', '/v1/communities/{communityId}/artifacts/trades/{tradeId}', 'read'],
      ['post', '/v1/communities/{communityId}/artifacts/types', 'admin'],
      ['post', '/v1/communities/{communityId}/members/{memberId}/artifact-types', 'transfer'],
      ['post', '/v1/communities/{communityId}/artifacts/shop', 'admin'],
      ['post', '/v1/communities/{communityId}/artifacts/shop/{shopItemId}/restock', 'admin'],
      ['post', '/v1/communities/{communityId}/artifacts/shop/{shopItemId}/close', 'admin'],
    ];
    for (const [method, path, scope] of routes) {
      expect({ method, path, scope: document.paths[path]?.[method]?.['x-required-scope'] }).toEqual({
        method,
        path,
        scope,
      });
    }
  });
});

/**
 * Who a game identity belongs to, over HTTP against the real ledger and accounts: a key alone links no
 * identity to anyone (only a code the member got from the bot does), a game's identity is its community's
 * (what one community registers or links is neither found nor claimed through another), a key sees only
 * its own community's identities of a member, and gets only so many wrong codes.
 */
import { AccountsCommands, DomainError, LINK_CODE_LIMITS } from '@ticketonomics/contracts';
import { startApiHarness, type ApiHarness, type Member } from './support/api.harness';

const C = '/v1/communities/north';
let h: ApiHarness;
let ned: Member;
let nia: Member;
/** A member of south only. */
let sam: Member;
/** On Telegram, a member of both north and south (say, an admin of north holding its key). */
let pat: { userId: string };
const PAT_TELEGRAM_ID = '900123456';
let northKey: string;
let southKey: string;

beforeAll(async () => {
  h = await startApiHarness();
  ({ ned, nia } = (await h.community('north', ['ned', 'nia'])) as { ned: Member; nia: Member });
  sam = (await h.community('south', ['sam'])).sam!;
  northKey = (await h.createKey('north', ['read', 'admin'])).key;
  southKey = (await h.createKey('south', ['read', 'admin'])).key;
  pat = { userId: '' };
  const user = await h.client.request(AccountsCommands.userUpsert, {
    identity: { provider: 'telegram', externalId: PAT_TELEGRAM_ID },
    displayName: 'Pat',
  });
  pat.userId = user.id;
  for (const communityId of ['north', 'south']) {
    await h.client.request(AccountsCommands.membershipJoin, { communityId, userId: user.id });
  }
}, 120_000);

afterAll(async () => {
  await h?.close();
});

const call = (method: string, path: string, body?: unknown, key = northKey) =>
  h.request(method, path, { key, ...(body === undefined ? {} : { body }) });
const expectError = (reply: { status: number; body: any }, status: number, code: string, details = {}) => {
  expect({ status: reply.status, code: reply.body?.error?.code }).toEqual({ status, code });
  expect(reply.body.error.details ?? {}).toMatchObject(details);
};
const holderOf = async (provider: string, externalId: string, communityId = 'north') => {
  try {
    return (await h.client.request(AccountsCommands.userFind, { provider, externalId, communityId })).id;
  } catch (error) {
    if (error instanceof DomainError && error.code === 'NOT_FOUND') return null;
    throw error;
  }
};
const codeFor = async (member: { userId: string }, provider = 'minecraft') =>
  (await h.client.request(AccountsCommands.linkCodeCreate, { userId: member.userId, provider })).code;
const redeem = (body: Record<string, unknown>, key = northKey) =>
  call('POST', `${C}/members/identities/redeem`, body, key);
const redeemSouth = (body: Record<string, unknown>) =>
  h.request('POST', '/v1/communities/south/members/identities/redeem', { key: southKey, body });

describe('linking an identity needs the code its member got from the bot', () => {
  it('offers no route that links an identity to a member without their code', async () => {
    const reply = await call('POST', `${C}/members/${ned.userId}/identities`, {
      provider: 'minecraft',
      externalId: 'notch-uuid',
    });
    expect(reply.status).toBe(404);
    expect(await holderOf('minecraft', 'notch-uuid')).toBeNull();
  });

  it('refuses a wrong code with 422 LINK_CODE_INVALID and links nothing', async () => {
    await codeFor(ned);
    const reply = await redeem({ provider: 'minecraft', externalId: 'notch-uuid', code: 'AAAA-AAAA' });
    expectError(reply, 422, 'LINK_CODE_INVALID', { field: 'code' });
    expect(await holderOf('minecraft', 'notch-uuid')).toBeNull();
  });

  it("links the identity to the member who asked for the code, once; another community's key cannot use it", async () => {
    const code = await codeFor(nia);
    expectError(
      await redeem({ provider: 'minecraft', externalId: 'nia-uuid', code }, southKey),
      403,
      'FORBIDDEN',
      { reason: 'community' },
    );
    const south = await h.request('POST', '/v1/communities/south/members/identities/redeem', {
      key: southKey,
      body: { provider: 'minecraft', externalId: 'nia-uuid', code },
    });
    expectError(south, 422, 'LINK_CODE_INVALID');
    const linked = await redeem({ provider: 'minecraft', externalId: 'nia-uuid', code: code.toLowerCase() });
    expect(linked.status).toBe(201);
    expect(linked.body).toMatchObject({
      user: { id: nia.userId },
      membership: { communityId: 'north', status: 'active' },
      accountId: nia.accountId,
    });
    expect(await holderOf('minecraft', 'nia-uuid')).toBe(nia.userId);
    expectError(
      await redeem({ provider: 'minecraft', externalId: 'someone-else', code }),
      422,
      'LINK_CODE_INVALID',
    );
    expect((await call('GET', `${C}/members/by-identity/minecraft/nia-uuid`)).body.user.id).toBe(nia.userId);
  });

  it('refuses a Telegram identity and a malformed code with 400 naming the field', async () => {
    expectError(
      await redeem({ provider: 'telegram', externalId: '42', code: 'K7Q2-9XF3' }),
      400,
      'VALIDATION_FAILED',
      {
        field: 'provider',
        in: 'body',
      },
    );
    expectError(
      await redeem({ provider: 'minecraft', externalId: 'x', code: 'K7Q2' }),
      400,
      'VALIDATION_FAILED',
      {
        field: 'code',
        in: 'body',
      },
    );
  });
});

describe("a game's identity is its community's", () => {
  it("lets no community's key claim a player another community's game knows", async () => {
    // pat, admin of north and member of south, links a south player's public id to himself with north's key.
    const taken = await redeem({ provider: 'minecraft', externalId: 'sam-mc', code: await codeFor(pat) });
    expect(taken.status).toBe(201);
    expect(taken.body.user).toMatchObject({ id: pat.userId });
    // South's game server never sees that link: the id is nobody's in south, and registering it there
    // makes south's own player, not pat.
    expectError(
      await call('GET', '/v1/communities/south/members/by-identity/minecraft/sam-mc', undefined, southKey),
      404,
      'NOT_FOUND',
    );
    const registered = await call(
      'POST',
      '/v1/communities/south/members',
      { identity: { provider: 'minecraft', externalId: 'sam-mc' }, displayName: 'Sam in game' },
      southKey,
    );
    expect(registered.status).toBe(201);
    expect(registered.body.user.id).not.toBe(pat.userId);
    expect(registered.body.user.displayName).toBe('Sam in game');
    expect(await holderOf('minecraft', 'sam-mc', 'south')).toBe(registered.body.user.id);
    expect(await holderOf('minecraft', 'sam-mc', 'north')).toBe(pat.userId);
  });

  it("lets a member link an id another community's game registered for a player of its own", async () => {
    const northPlayer = await call('POST', `${C}/members`, {
      identity: { provider: 'minecraft', externalId: 'real-mc' },
      displayName: 'Real, in north',
    });
    expect(northPlayer.status).toBe(201);
    // sam, the real player, links it in south: north's game-only player is no CONFLICT there.
    const linked = await redeemSouth({
      provider: 'minecraft',
      externalId: 'real-mc',
      code: await codeFor(sam),
    });
    expect(linked.status).toBe(201);
    expect(linked.body.user.id).toBe(sam.userId);
    expect(await holderOf('minecraft', 'real-mc', 'south')).toBe(sam.userId);
    expect(await holderOf('minecraft', 'real-mc', 'north')).toBe(northPlayer.body.user.id);
  });

  it('registers its own player under an id another community registered, enrolling and showing none of theirs', async () => {
    const reply = await call('POST', `${C}/members`, {
      identity: { provider: 'game', externalId: 'south-sam' },
      displayName: 'North Sam',
    });
    expect(reply.status).toBe(201);
    expect(reply.body.user).toMatchObject({
      displayName: 'North Sam',
      identities: [{ provider: 'game', externalId: 'south-sam', communityId: 'north' }],
    });
    expect(JSON.stringify(reply.body)).not.toContain(sam.userId);
    await expect(
      h.client.request(AccountsCommands.membershipGet, { communityId: 'north', userId: sam.userId }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expectError(await call('GET', `${C}/members/${sam.userId}`), 404, 'NOT_FOUND');
    const south = await call(
      'GET',
      '/v1/communities/south/members/by-identity/game/south-sam',
      undefined,
      southKey,
    );
    expect(south.body.user.id).toBe(sam.userId);
  });

  it('still registers a fresh identity, and answers a member of its own community again', async () => {
    const fresh = await call('POST', `${C}/members`, {
      identity: { provider: 'game', externalId: 'brand-new' },
      displayName: 'Newcomer',
    });
    expect(fresh.status).toBe(201);
    expect(fresh.body).toMatchObject({ user: { displayName: 'Newcomer' }, membership: { status: 'active' } });
    const own = await call('POST', `${C}/members`, {
      identity: { provider: 'game', externalId: 'north-ned' },
      displayName: 'Ned again',
    });
    expect(own.status).toBe(201);
    expect(own.body.user).toMatchObject({ id: ned.userId, displayName: 'ned' });
  });

  it('gives each of two communities registering one new id at once a player of its own, and one player to registrations racing in one community', async () => {
    const identities = Array.from({ length: 10 }, (_, i) => `contested-${i}`);
    const register = (community: string, key: string, externalId: string) =>
      h.request('POST', `/v1/communities/${community}/members`, {
        key,
        body: { identity: { provider: 'game', externalId }, displayName: externalId },
      });
    const replies = await Promise.all(
      identities.flatMap((externalId) => [
        register('north', northKey, externalId),
        register('north', northKey, externalId),
        register('south', southKey, externalId),
      ]),
    );
    for (let i = 0; i < identities.length; i += 1) {
      const [northA, northB, south] = replies.slice(3 * i, 3 * i + 3).map((reply) => ({
        status: reply.status,
        userId: reply.body?.user?.id as string,
      }));
      expect([northA!.status, northB!.status, south!.status]).toEqual([201, 201, 201]);
      expect(northB!.userId).toBe(northA!.userId);
      expect(south!.userId).not.toBe(northA!.userId);
      expect(await holderOf('game', identities[i]!, 'north')).toBe(northA!.userId);
      expect(await holderOf('game', identities[i]!, 'south')).toBe(south!.userId);
    }
  });

  it('joins again a member who left, with the identity the community registered', async () => {
    await h.client.request(AccountsCommands.membershipLeave, { communityId: 'north', userId: nia.userId });
    const back = await call('POST', `${C}/members`, {
      identity: { provider: 'game', externalId: 'north-nia' },
      displayName: 'nia',
    });
    expect(back.status).toBe(201);
    expect(back.body).toMatchObject({ user: { id: nia.userId }, membership: { status: 'active' } });
  });
});

describe("a key sees only its own community's part of a member", () => {
  beforeAll(async () => {
    // pat has a Telegram identity, links made through north, and one made through south.
    const north = await redeem({
      provider: 'steam',
      externalId: 'pat-steam-north',
      code: await codeFor(pat, 'steam'),
    });
    expect(north.status).toBe(201);
    const south = await redeemSouth({
      provider: 'terraria',
      externalId: 'pat-south-secret',
      code: await codeFor(pat, 'terraria'),
    });
    expect(south.status).toBe(201);
  });

  /** What north may see of pat: north's links, and nothing of south or of Telegram. */
  const expectNorthOnly = (body: any) => {
    expect(body.user.id).toBe(pat.userId);
    expect(body.user.identities.length).toBeGreaterThan(0);
    for (const identity of body.user.identities) expect(identity.communityId).toBe('north');
    expect(body.membership.communityId).toBe('north');
    const text = JSON.stringify(body);
    for (const foreign of ['pat-south-secret', 'terraria', PAT_TELEGRAM_ID, 'telegram', 'south']) {
      expect({ foreign, seen: text.includes(foreign) }).toEqual({ foreign, seen: false });
    }
  };

  it("shows neither south's identities, its membership nor the Telegram id: member, by-identity, registration and redeem answers", async () => {
    expectNorthOnly((await call('GET', `${C}/members/${pat.userId}`)).body);
    expectNorthOnly((await call('GET', `${C}/members/by-identity/steam/pat-steam-north`)).body);
    expectNorthOnly((await call('GET', `${C}/members/by-identity/telegram/${PAT_TELEGRAM_ID}`)).body);
    const again = await call('POST', `${C}/members`, {
      identity: { provider: 'steam', externalId: 'pat-steam-north' },
      displayName: 'ignored',
    });
    expect(again.status).toBe(201);
    expectNorthOnly(again.body);
    const redeemed = await redeem({
      provider: 'factorio',
      externalId: 'pat-f',
      code: await codeFor(pat, 'factorio'),
    });
    expect(redeemed.status).toBe(201);
    expectNorthOnly(redeemed.body);
    expect(redeemed.body.user.identities).toContainEqual(
      expect.objectContaining({ provider: 'factorio', externalId: 'pat-f', communityId: 'north' }),
    );
  });

  it("finds no member by south's link of a player id", async () => {
    expectError(await call('GET', `${C}/members/by-identity/terraria/pat-south-secret`), 404, 'NOT_FOUND');
    const south = await call(
      'GET',
      '/v1/communities/south/members/by-identity/terraria/pat-south-secret',
      undefined,
      southKey,
    );
    expect(south.body.user.identities).toEqual([
      expect.objectContaining({ provider: 'terraria', externalId: 'pat-south-secret', communityId: 'south' }),
    ]);
  });
});

// Last: it uses up north's wrong codes, after which north redeems nothing for a while.
describe('wrong codes', () => {
  it(`answers 429 with Retry-After after ${LINK_CODE_LIMITS.failuresPerCommunityMax} wrong codes of a community, even to a right one`, async () => {
    const right = await codeFor(ned, 'steam');
    for (let i = 0; i < LINK_CODE_LIMITS.failuresPerCommunityMax; i += 1) {
      const reply = await redeem({
        provider: 'steam',
        externalId: 'guess',
        code: `ZZZZ${String(i).padStart(4, '0')}`,
      });
      if (reply.status === 429) break;
      expect(reply.status).toBe(422);
    }
    const limited = await redeem({ provider: 'steam', externalId: 'ned-steam', code: right });
    expectError(limited, 429, 'RATE_LIMITED', { reason: 'link_code_failures' });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await holderOf('steam', 'ned-steam')).toBeNull();
  });
});

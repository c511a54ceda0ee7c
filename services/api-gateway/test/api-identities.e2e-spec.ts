/**
 * Who a game identity belongs to, over HTTP against the real ledger and accounts: a key alone links no
 * identity to anyone (only a code the member got from the bot does), cannot enrol or read a user of
 * another community through an identity, and gets only so many wrong codes.
 */
import { AccountsCommands, DomainError, LINK_CODE_LIMITS } from '@ticketonomics/contracts';
import { startApiHarness, type ApiHarness, type Member } from './support/api.harness';

const C = '/v1/communities/north';
let h: ApiHarness;
let ned: Member;
let nia: Member;
/** A member of south only. */
let sam: Member;
let northKey: string;
let southKey: string;

beforeAll(async () => {
  h = await startApiHarness();
  ({ ned, nia } = (await h.community('north', ['ned', 'nia'])) as { ned: Member; nia: Member });
  sam = (await h.community('south', ['sam'])).sam!;
  northKey = (await h.createKey('north', ['read', 'admin'])).key;
  southKey = (await h.createKey('south', ['read', 'admin'])).key;
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
const holderOf = async (provider: string, externalId: string) => {
  try {
    return (await h.client.request(AccountsCommands.userFind, { provider, externalId })).id;
  } catch (error) {
    if (error instanceof DomainError && error.code === 'NOT_FOUND') return null;
    throw error;
  }
};
const codeFor = async (member: Member, provider = 'minecraft') =>
  (await h.client.request(AccountsCommands.linkCodeCreate, { userId: member.userId, provider })).code;
const redeem = (body: Record<string, unknown>, key = northKey) =>
  call('POST', `${C}/members/identities/redeem`, body, key);

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

describe("another community's users stay out of reach", () => {
  it('refuses to register an identity a user of another community holds, enrolling nobody and showing nothing', async () => {
    const reply = await call('POST', `${C}/members`, {
      identity: { provider: 'game', externalId: 'south-sam' },
      displayName: 'Not Sam',
    });
    expectError(reply, 409, 'IDENTITY_TAKEN', { field: 'identity.externalId', in: 'body' });
    expect(reply.body.error.message).toMatch(/\/link game.*\/members\/identities\/redeem/);
    expect(JSON.stringify(reply.body)).not.toContain(sam.userId);
    await expect(
      h.client.request(AccountsCommands.membershipGet, { communityId: 'north', userId: sam.userId }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expectError(await call('GET', `${C}/members/${sam.userId}`), 404, 'NOT_FOUND');
    expectError(await call('GET', `${C}/members/by-identity/game/south-sam`), 404, 'NOT_FOUND');
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

  it('lets only one of two communities racing to register a new identity have it', async () => {
    const identities = Array.from({ length: 10 }, (_, i) => `contested-${i}`);
    const replies = await Promise.all(
      identities.flatMap((externalId) =>
        [
          ['north', northKey],
          ['south', southKey],
        ].map(([community, key]) =>
          h.request('POST', `/v1/communities/${community}/members`, {
            key,
            body: { identity: { provider: 'game', externalId }, displayName: externalId },
          }),
        ),
      ),
    );
    for (let i = 0; i < identities.length; i += 1) {
      const statuses = [replies[2 * i]!.status, replies[2 * i + 1]!.status].sort();
      expect({ identity: identities[i], statuses }).toEqual({
        identity: identities[i],
        statuses: [201, 409],
      });
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

/**
 * Link codes over NATS against the real accounts service and its SQLite file: a game identity is linked
 * only to the user who asked for the code, once, before it expires, through a community they belong to;
 * wrong codes are counted per community and refused past the limit.
 */
import { LINK_CODE_LIMITS } from '@ticketonomics/contracts';
import { startAccountsHarness, type AccountsHarness } from './support/accounts.harness';

const S = (verb: string) => `tk.cmd.accounts.${verb}`;
const C = 'link-town';
const OTHER = 'elsewhere';

describe('link codes', () => {
  let h: AccountsHarness;
  let alice: any;
  let bob: any;
  /** A member of OTHER only. */
  let olga: any;
  const db = () => h.globalStores().db;

  const user = (telegramId: string, name: string) =>
    h.ok(S('user.upsert'), { identity: { provider: 'telegram', externalId: telegramId }, displayName: name });
  const codeFor = (userId: string, provider = 'minecraft') =>
    h.ok(S('linkcode.create'), { userId, provider });
  const redeem = (code: string, externalId: string, communityId = C, provider = 'minecraft') =>
    h.call<any>(S('linkcode.redeem'), { communityId, provider, externalId, code });
  const holderOf = async (externalId: string, provider = 'minecraft', communityId = C) => {
    const reply = await h.call<any>(S('user.find'), { provider, externalId, communityId });
    return reply.ok ? reply.data.id : null;
  };
  const clearFailures = () => db().prepare('DELETE FROM link_code_failures').run();

  beforeAll(async () => {
    h = await startAccountsHarness();
    for (const id of [C, OTHER]) await h.ok(S('community.upsert'), { id, title: id });
    alice = await user('7001', 'Alice');
    bob = await user('7002', 'Bob');
    olga = await user('7003', 'Olga');
    for (const member of [alice, bob])
      await h.ok(S('membership.join'), { communityId: C, userId: member.id });
    await h.ok(S('membership.join'), { communityId: OTHER, userId: olga.id });
  });

  afterAll(async () => {
    await h?.close();
  });

  beforeEach(() => {
    clearFailures();
  });

  it('links the identity to the user who asked for the code, and keeps only the digest of the code', async () => {
    const issued = await codeFor(alice.id);
    expect(issued).toMatchObject({
      userId: alice.id,
      provider: 'minecraft',
      code: expect.stringMatching(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/),
    });
    const expiresInMs = Date.parse(issued.expiresAt) - Date.now();
    expect(expiresInMs).toBeGreaterThan(LINK_CODE_LIMITS.ttlMs - 60_000);
    expect(expiresInMs).toBeLessThanOrEqual(LINK_CODE_LIMITS.ttlMs);
    const stored = JSON.stringify(db().prepare('SELECT * FROM link_codes').all());
    expect(stored).not.toContain(issued.code);
    expect(stored).not.toContain(issued.code.replace('-', ''));

    // As a player types it: lower case, no dash.
    const reply = await redeem(issued.code.replace('-', '').toLowerCase(), 'alice-uuid');
    expect(reply).toMatchObject({ ok: true, data: { id: alice.id } });
    expect(reply.ok && reply.data.identities.map((i: any) => `${i.provider}:${i.externalId}`)).toEqual([
      'telegram:7001',
      'minecraft:alice-uuid',
    ]);
    expect(await holderOf('alice-uuid')).toBe(alice.id);
    const linked = (await h.streamEvents()).filter(
      (event) => event.subject === 'tk.evt.accounts.identity.linked',
    );
    expect(linked.at(-1)?.data.data).toMatchObject({
      user: { id: alice.id },
      identity: { externalId: 'alice-uuid' },
    });

    // The game's retry of the same redemption answers the same user; the code links nothing else.
    expect(await redeem(issued.code, 'alice-uuid')).toMatchObject({ ok: true, data: { id: alice.id } });
    expect(await redeem(issued.code, 'alice-second-uuid')).toMatchObject({
      ok: false,
      error: { code: 'LINK_CODE_INVALID', details: { field: 'code' } },
    });
    expect(await holderOf('alice-second-uuid')).toBeNull();
  });

  it('refuses a wrong code, an expired one, one for another provider and one of a non-member alike, linking nothing', async () => {
    const wrong = await redeem('AAAA-AAAA', 'victim-1');
    const forSteam = await codeFor(bob.id, 'steam');
    const otherProvider = await redeem(forSteam.code, 'victim-2');
    const expiring = await codeFor(bob.id);
    db()
      .prepare('UPDATE link_codes SET expires_at = ? WHERE user_id = ? AND provider = ?')
      .run(Date.now() - 1, bob.id, 'minecraft');
    const expired = await redeem(expiring.code, 'victim-3');
    // olga asked for a code, but she is no member of link-town: its key cannot use her code.
    const olgas = await codeFor(olga.id);
    const foreign = await redeem(olgas.code, 'victim-4');
    for (const reply of [wrong, otherProvider, expired, foreign]) {
      expect(reply).toMatchObject({
        ok: false,
        error: { code: 'LINK_CODE_INVALID', details: { field: 'code' } },
      });
    }
    expect(new Set([wrong, otherProvider, expired, foreign].map((r: any) => r.error.message)).size).toBe(1);
    for (const id of ['victim-1', 'victim-2', 'victim-3', 'victim-4']) expect(await holderOf(id)).toBeNull();
    // In her own community her code works.
    expect(await redeem(olgas.code, 'olga-uuid', OTHER)).toMatchObject({ ok: true, data: { id: olga.id } });
  });

  it('replaces the code of a provider with a new one, and keeps a code valid when the identity is taken', async () => {
    const first = await codeFor(bob.id);
    const second = await codeFor(bob.id);
    expect(await redeem(first.code, 'bob-uuid')).toMatchObject({
      ok: false,
      error: { code: 'LINK_CODE_INVALID' },
    });
    expect(await redeem(second.code, 'alice-uuid')).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', details: { field: 'externalId' } },
    });
    expect(await holderOf('alice-uuid')).toBe(alice.id);
    expect(await redeem(second.code, 'bob-uuid')).toMatchObject({ ok: true, data: { id: bob.id } });
  });

  it("keeps a game's identity per community: another community's link of the same player id neither hides nor blocks it", async () => {
    // alice's community linked shared-uuid to her; olga, no member there, links the same id through hers.
    expect(
      await redeem((await codeFor(alice.id, 'terraria')).code, 'shared-uuid', C, 'terraria'),
    ).toMatchObject({ ok: true, data: { id: alice.id } });
    const olgas = await redeem((await codeFor(olga.id, 'terraria')).code, 'shared-uuid', OTHER, 'terraria');
    expect(olgas).toMatchObject({ ok: true, data: { id: olga.id } });
    expect(olgas.ok && olgas.data.identities.filter((i: any) => i.provider === 'terraria')).toEqual([
      { provider: 'terraria', externalId: 'shared-uuid', communityId: OTHER, linkedAt: expect.any(String) },
    ]);
    expect(await holderOf('shared-uuid', 'terraria', C)).toBe(alice.id);
    expect(await holderOf('shared-uuid', 'terraria', OTHER)).toBe(olga.id);
    // A code used by one community links nothing in another, even for a member of both.
    const bea = await user('7004', 'Bea');
    for (const communityId of [C, OTHER]) await h.ok(S('membership.join'), { communityId, userId: bea.id });
    const beas = await codeFor(bea.id, 'terraria');
    expect(await redeem(beas.code, 'bea-uuid', C, 'terraria')).toMatchObject({
      ok: true,
      data: { id: bea.id },
    });
    expect(await redeem(beas.code, 'bea-uuid', C, 'terraria')).toMatchObject({
      ok: true,
      data: { id: bea.id },
    });
    expect(await redeem(beas.code, 'bea-uuid', OTHER, 'terraria')).toMatchObject({
      ok: false,
      error: { code: 'LINK_CODE_INVALID' },
    });
    expect(await holderOf('bea-uuid', 'terraria', OTHER)).toBeNull();
    // A game's identity is never found without its community.
    expect(await h.call(S('user.find'), { provider: 'terraria', externalId: 'shared-uuid' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED', details: { field: 'communityId' } },
    });
  });

  it(`refuses a community's redemptions after ${LINK_CODE_LIMITS.failuresPerCommunityMax} wrong codes, even a right one; other communities go on`, async () => {
    for (let i = 0; i < LINK_CODE_LIMITS.failuresPerCommunityMax; i += 1) {
      expect(await redeem(`ZZZZ-${String(i).padStart(4, '0')}`, 'guess')).toMatchObject({
        ok: false,
        error: { code: 'LINK_CODE_INVALID' },
      });
    }
    const right = await codeFor(alice.id, 'steam');
    const limited = await redeem(right.code, 'alice-steam', C, 'steam');
    expect(limited).toMatchObject({
      ok: false,
      error: { code: 'RATE_LIMITED', details: { reason: 'link_code_failures' } },
    });
    expect(limited.ok ? 0 : (limited.error.details?.['retryAfterSeconds'] as number)).toBeGreaterThan(0);
    expect(await holderOf('alice-steam', 'steam')).toBeNull();
    const olgas = await codeFor(olga.id, 'steam');
    expect(await redeem(olgas.code, 'olga-steam', OTHER, 'steam')).toMatchObject({ ok: true });
    // Once the window has passed, the right code works.
    db().prepare('UPDATE link_code_failures SET at = at - ?').run(LINK_CODE_LIMITS.failureWindowMs);
    expect(await redeem(right.code, 'alice-steam', C, 'steam')).toMatchObject({
      ok: true,
      data: { id: alice.id },
    });
  });

  it(`keeps at most ${LINK_CODE_LIMITS.pendingPerUserMax} providers waiting per user, and no code for Telegram`, async () => {
    for (let i = 0; i < LINK_CODE_LIMITS.pendingPerUserMax; i += 1) await codeFor(olga.id, `game${i}`);
    expect(await h.call(S('linkcode.create'), { userId: olga.id, provider: 'game-extra' })).toMatchObject({
      ok: false,
      error: { code: 'LIMIT_EXCEEDED', details: { field: 'userId' } },
    });
    // A provider already waiting gets a new code in place of its old one.
    expect(await h.call(S('linkcode.create'), { userId: olga.id, provider: 'game0' })).toMatchObject({
      ok: true,
    });
    expect(await h.call(S('linkcode.create'), { userId: olga.id, provider: 'telegram' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED', details: { field: 'provider' } },
    });
    expect(
      await h.call(S('linkcode.create'), { userId: '01KB0000000000000000000000', provider: 'x' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', details: { field: 'userId' } },
    });
  });
});

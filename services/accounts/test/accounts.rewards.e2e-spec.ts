import { AccountsEvents, REWARD_SETTINGS_DEFAULT, utcDayOf } from '@ticketonomics/contracts';
import { waitFor } from '@ticketonomics/testing';
import { createHash } from 'node:crypto';
import { startAccountsHarness, type AccountsHarness } from './support/accounts.harness';

const S = (verb: string) => `tk.cmd.accounts.${verb}`;
const CHAT = '-1005550077';
const C = `tg${CHAT}`;
const hash = (text: string) => createHash('sha256').update(text).digest('hex');

describe('accounts: reward settings and activity over NATS', () => {
  let h: AccountsHarness;
  let alice: any;
  let bob: any;
  let key = 0;

  const record = (userId: string, text: string, extra: Record<string, unknown> = {}) =>
    h.ok(S('activity.record'), {
      communityId: C,
      userId,
      messageKey: `tg:${CHAT}:${(key += 1)}`,
      textHash: hash(text),
      textLength: text.length,
      ...extra,
    });

  beforeAll(async () => {
    h = await startAccountsHarness();
    await h.ok(S('community.upsert'), { telegramChatId: CHAT, title: 'Rewards' });
    const upsert = (id: string, name: string) =>
      h.ok(S('user.upsert'), { identity: { provider: 'telegram', externalId: id }, displayName: name });
    alice = await upsert('7001', 'Alice');
    bob = await upsert('7002', 'Bob');
    await h.ok(S('membership.join'), { communityId: C, userId: alice.id });
    await h.ok(S('membership.join'), { communityId: C, userId: bob.id });
  });

  afterAll(async () => {
    await h?.close();
  });

  it('answers the defaults, version 0, until settings are set; unknown communities are NOT_FOUND', async () => {
    expect(await h.ok(S('settings.get'), { communityId: C })).toMatchObject({
      communityId: C,
      rewards: REWARD_SETTINGS_DEFAULT,
      version: 0,
    });
    expect(await h.call(S('settings.get'), { communityId: 'nowhere' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', details: { field: 'communityId' } },
    });
  });

  it('sets some fields, keeps the rest, publishes settings.updated; bad values name the field', async () => {
    const set = await h.ok(S('settings.set'), {
      communityId: C,
      rewards: { dailyBonus: 20, dailyStreakBonus: 5 },
    });
    expect(set).toMatchObject({
      version: 1,
      rewards: { ...REWARD_SETTINGS_DEFAULT, dailyBonus: 20, dailyStreakBonus: 5 },
    });
    expect(await h.ok(S('settings.get'), { communityId: C })).toEqual(set);
    // The same values again are no new version and no event.
    expect((await h.ok(S('settings.set'), { communityId: C, rewards: { dailyBonus: 20 } })).version).toBe(1);
    expect(
      await h.call(S('settings.set'), { communityId: C, rewards: { messageCooldownMs: -5 } }),
    ).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED', details: { field: 'rewards.messageCooldownMs' } },
    });
    // Payment limits are the ledger's money policy (policy.set), not reward settings.
    for (const moved of ['paymentMin', 'dailySendMax', 'dailyReceiveMax']) {
      expect(await h.call(S('settings.set'), { communityId: C, rewards: { [moved]: 5 } })).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION_FAILED', details: { field: `rewards.${moved}` } },
      });
    }
    const events = await waitFor(async () => {
      const found = (await h.streamEvents()).filter(
        (event) => event.subject === AccountsEvents.settingsUpdated.type,
      );
      return found.length > 0 ? found : undefined;
    });
    expect(events).toHaveLength(1);
    expect(events[0]?.data).toMatchObject({ subject: C, communityid: C, data: set });
    await h.ok(S('settings.set'), { communityId: C, rewards: { dailyBonus: 10, dailyStreakBonus: 2 } });
  });

  it('a burst of 100 concurrent messages from one member earns exactly one reward (the cooldown)', async () => {
    const replies = await Promise.all(
      Array.from({ length: 100 }, (_, i) => record(alice.id, `burst message number ${i}`)),
    );
    expect(replies.filter((reply) => reply.earns)).toHaveLength(1);
    expect(replies.filter((reply) => reply.outcome === 'cooldown')).toHaveLength(99);
  });

  it('with no cooldown, stops exactly at the daily cap; short and repeated texts earn nothing', async () => {
    await h.ok(S('settings.set'), {
      communityId: C,
      rewards: { messageCooldownMs: 0, dailyMessageRewardsMax: 5 },
    });
    const replies = await Promise.all(
      Array.from({ length: 100 }, (_, i) => record(bob.id, `bob says thing ${i}`)),
    );
    expect(replies.filter((reply) => reply.earns)).toHaveLength(5);
    expect(replies.filter((reply) => reply.outcome === 'daily-cap')).toHaveLength(95);
    await h.ok(S('settings.set'), { communityId: C, rewards: { dailyMessageRewardsMax: 50 } });
    expect((await record(bob.id, 'short')).outcome).toBe('too-short');
    expect((await record(bob.id, 'Something new to say')).earns).toBe(true);
    expect((await record(bob.id, 'Something new to say')).outcome).toBe('repeat');
  });

  it('answers a repeated message key with the first answer', async () => {
    const first = await record(bob.id, 'a message redelivered', { messageKey: 'tg:replay:1' });
    const again = await record(bob.id, 'a message redelivered', { messageKey: 'tg:replay:1' });
    expect(first).toMatchObject({ earns: true, replayed: false });
    expect(again).toMatchObject({ earns: true, replayed: true, amount: first.amount });
  });

  it('bars and unbars members from earning', async () => {
    const barred = await h.ok(S('settings.set'), { communityId: C, bar: [bob.id] });
    expect(barred.rewards.barredUserIds).toEqual([bob.id]);
    expect((await record(bob.id, 'barred but chatty')).outcome).toBe('barred');
    expect(await h.ok(S('activity.daily'), { communityId: C, userId: bob.id })).toMatchObject({
      barred: true,
      firstClaim: false,
      amount: 0,
    });
    await h.ok(S('settings.set'), { communityId: C, unbar: [bob.id] });
    expect((await record(bob.id, 'free to earn again')).earns).toBe(true);
  });

  it('pays /daily once per UTC day and keeps the counters across a restart', async () => {
    const first = await h.ok(S('activity.daily'), { communityId: C, userId: alice.id });
    expect(first).toMatchObject({ firstClaim: true, barred: false, day: utcDayOf(Date.now()), streak: 1 });
    expect(first.amount).toBe(10);
    await h.ok(S('settings.set'), { communityId: C, rewards: { messageCooldownMs: 3_600_000 } });
    await h.restart();
    const again = await h.ok(S('activity.daily'), { communityId: C, userId: alice.id });
    expect(again).toMatchObject({ firstClaim: false, streak: 1, amount: 10, nextClaimAt: first.nextClaimAt });
    // Alice's cooldown survived the restart too.
    expect((await record(alice.id, 'after the restart')).outcome).toBe('cooldown');
  });

  it('refuses activity of non-members and bad payloads', async () => {
    const carol = await h.ok(S('user.upsert'), {
      identity: { provider: 'telegram', externalId: '7003' },
      displayName: 'Carol',
    });
    expect(await h.call(S('activity.daily'), { communityId: C, userId: carol.id })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', details: { field: 'userId' } },
    });
    expect(
      await h.call(S('activity.record'), { communityId: C, userId: bob.id, messageKey: 'k', textHash: 'x' }),
    ).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', details: { field: 'textHash' } } });
  });
});

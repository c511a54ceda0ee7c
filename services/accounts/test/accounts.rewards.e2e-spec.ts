import {
  AccountsEvents,
  dailyRewardMintId,
  REWARD_SETTINGS_DEFAULT,
  utcDayOf,
} from '@ticketonomics/contracts';
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

  it('keeps the dashboard private until an admin makes it public, and remembers it across a restart', async () => {
    const before = await h.ok(S('settings.get'), { communityId: C });
    expect(before.dashboard).toEqual({ public: false });
    const opened = await h.ok(S('settings.set'), { communityId: C, dashboard: { public: true } });
    expect(opened).toMatchObject({ dashboard: { public: true }, rewards: before.rewards });
    expect(opened.version).toBe(before.version + 1);
    // The same value again is no new version.
    expect((await h.ok(S('settings.set'), { communityId: C, dashboard: { public: true } })).version).toBe(
      opened.version,
    );
    await h.restart();
    expect((await h.ok(S('settings.get'), { communityId: C })).dashboard).toEqual({ public: true });
    const closed = await h.ok(S('settings.set'), { communityId: C, dashboard: { public: false } });
    expect(closed).toMatchObject({ dashboard: { public: false }, version: opened.version + 1 });
    const events = await waitFor(async () => {
      const found = (await h.streamEvents()).filter(
        (event) =>
          event.subject === AccountsEvents.settingsUpdated.type &&
          (event.data as { data: { version: number } }).data.version === closed.version,
      );
      return found.length > 0 ? found : undefined;
    });
    expect(events[0]?.data).toMatchObject({ data: { dashboard: { public: false } } });
    expect(await h.call(S('settings.set'), { communityId: C, dashboard: { public: 'yes' } })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED', details: { field: 'dashboard.public' } },
    });
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

/**
 * A reward is paid by the ledger from the activity.rewarded event, so the event must exist exactly when
 * the decision does: both are written in one transaction or neither is.
 */
describe('accounts: a reward decision and its activity.rewarded event are written together', () => {
  const REWARD_CHAT = '-1005550099';
  const RC = `tg${REWARD_CHAT}`;
  let h: AccountsHarness;
  let dave: any;
  let key = 0;

  const record = (text: string, messageKey = `tg:${REWARD_CHAT}:${(key += 1)}`) =>
    h.ok(S('activity.record'), {
      communityId: RC,
      userId: dave.id,
      messageKey,
      textHash: hash(text),
      textLength: text.length,
    });
  const rewardEvents = async () =>
    (await h.streamEvents())
      .filter((event) => event.subject === AccountsEvents.activityRewarded.type)
      .map((event) => event.data);
  const db = () => h.stores(RC).db;

  beforeAll(async () => {
    h = await startAccountsHarness();
    await h.ok(S('community.upsert'), { telegramChatId: REWARD_CHAT, title: 'Durable rewards' });
    dave = await h.ok(S('user.upsert'), {
      identity: { provider: 'telegram', externalId: '7101' },
      displayName: 'Dave',
    });
    await h.ok(S('membership.join'), { communityId: RC, userId: dave.id });
    await h.ok(S('settings.set'), {
      communityId: RC,
      rewards: { messageReward: 3, messageCooldownMs: 0, dailyMessageRewardsMax: 2 },
    });
  });

  afterAll(async () => {
    await h?.close();
  });

  it('writes one event per reward, with what the ledger mints; none for messages that earn nothing or replays', async () => {
    const first = await record('the first message of the day', `tg:${REWARD_CHAT}:501`);
    expect(first).toMatchObject({ earns: true, amount: 3 });
    expect(await record('the first message of the day', `tg:${REWARD_CHAT}:501`)).toMatchObject({
      earns: true,
      replayed: true,
    });
    expect((await record('the first message of the day')).outcome).toBe('repeat');
    expect((await record('short')).outcome).toBe('too-short');
    expect((await record('a second rewarded message', `tg:${REWARD_CHAT}:502`)).earns).toBe(true);
    expect((await record('over the daily cap now')).outcome).toBe('daily-cap');

    const events = await waitFor(async () => {
      const found = await rewardEvents();
      return found.length >= 2 ? found : undefined;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await rewardEvents()).toHaveLength(2);
    expect(events.map((event) => event.data.mintId)).toEqual([
      `tg-reward:${REWARD_CHAT}:501`,
      `tg-reward:${REWARD_CHAT}:502`,
    ]);
    expect(events[0]).toMatchObject({
      type: AccountsEvents.activityRewarded.type,
      subject: dave.id,
      communityid: RC,
      data: {
        communityId: RC,
        userId: dave.id,
        kind: 'message',
        amount: 3,
        memo: 'message reward',
        day: utcDayOf(Date.now()),
      },
    });
    expect(AccountsEvents.activityRewarded.data.safeParse(events[0].data).success).toBe(true);
  });

  it('writes the daily bonus once per day with its day id', async () => {
    const claim = await h.ok(S('activity.daily'), { communityId: RC, userId: dave.id });
    expect(claim).toMatchObject({ firstClaim: true, amount: 10, streak: 1 });
    expect(await h.ok(S('activity.daily'), { communityId: RC, userId: dave.id })).toMatchObject({
      firstClaim: false,
    });
    const daily = await waitFor(async () => {
      const found = (await rewardEvents()).filter((event) => event.data.kind === 'daily');
      return found.length > 0 ? found : undefined;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await rewardEvents()).filter((event) => event.data.kind === 'daily')).toHaveLength(1);
    expect(daily[0].data).toMatchObject({
      mintId: dailyRewardMintId(RC, dave.id, claim.day),
      amount: 10,
      memo: 'daily bonus, day 1',
      day: claim.day,
    });
  });

  it('keeps no decision when its event cannot be written', async () => {
    await h.ok(S('settings.set'), { communityId: RC, rewards: { dailyMessageRewardsMax: 50 } });
    db().exec(`CREATE TEMP TRIGGER refuse_rewards BEFORE INSERT ON outbox
      WHEN NEW.subject = '${AccountsEvents.activityRewarded.type}'
      BEGIN SELECT RAISE(ABORT, 'outbox refused for the test'); END`);
    const messageKey = `tg:${REWARD_CHAT}:777`;
    const refused = await h.call(S('activity.record'), {
      communityId: RC,
      userId: dave.id,
      messageKey,
      textHash: hash('a reward the outbox refuses'),
      textLength: 40,
    });
    expect(refused.ok).toBe(false);
    db().exec('DROP TRIGGER refuse_rewards');

    // Had the counters been saved, the same key would be a replay and the text a repeat.
    const again = await record('a reward the outbox refuses', messageKey);
    expect(again).toMatchObject({ earns: true, replayed: false, outcome: 'rewarded' });
    const events = await waitFor(async () => {
      const found = (await rewardEvents()).filter(
        (event) => event.data.mintId === `tg-reward:${REWARD_CHAT}:777`,
      );
      return found.length > 0 ? found : undefined;
    });
    expect(events).toHaveLength(1);
  });
});

/**
 * /stats and /top from the analytics service: nats-server, the built ledger, accounts and analytics
 * services, the gateway, and the Bot API emulator. Analytics builds its figures from the event stream, a
 * moment behind the ledger, so every check first waits for it to catch up and then compares the bot's
 * replies with the ledger's own numbers. With analytics down, the bot answers from the ledger and says so.
 */
import { AccountsCommands, AnalyticsCommands, LedgerCommands } from '@ticketonomics/contracts';
import { waitFor } from '@ticketonomics/testing';
import { startGatewayHarness, type GatewayHarness } from './support/gateway.harness';

const GROUP = -100_999;
const COMMUNITY = `tg${GROUP}`;
const ADMIN = 3001;
const BOB = 3002;
const CAROL = 3003;
const DAVE = 3004;
const DAILY_BONUS = 10;

describe('telegram-gateway: /stats and /top from analytics', () => {
  let h: GatewayHarness;

  beforeAll(async () => {
    h = await startGatewayHarness({ analytics: true });
    h.emulator.addChat({ id: GROUP, type: 'supergroup', title: 'Stats Club' });
    h.emulator.addUser({ id: ADMIN, first_name: 'Alice', username: 'alice', language_code: 'en' });
    h.emulator.addUser({ id: BOB, first_name: 'Bob', username: 'bob', language_code: 'en' });
    h.emulator.addUser({ id: CAROL, first_name: 'Карина', username: 'carol', language_code: 'ru' });
    h.emulator.addUser({ id: DAVE, first_name: 'Dave', language_code: 'en' });
    h.emulator.setMember(GROUP, ADMIN, 'creator');
    for (const user of [BOB, CAROL, DAVE]) h.emulator.setMember(GROUP, user, 'member');
    await h.client.request(AccountsCommands.communityUpsert, {
      telegramChatId: String(GROUP),
      title: 'Stats Club',
    });
    // No message rewards (the texts below would earn some at random moments); the daily bonus stays on.
    await h.client.request(AccountsCommands.settingsSet, {
      communityId: COMMUNITY,
      rewards: { messageReward: 0, dailyBonus: DAILY_BONUS, dailyStreakBonus: 0 },
    });
    for (const user of [ADMIN, BOB, CAROL, DAVE]) await h.say(GROUP, user, '/start');
    await h.say(GROUP, ADMIN, '/mint @bob 300');
    await h.say(GROUP, ADMIN, '/mint @carol 200');
    await h.say(GROUP, ADMIN, '/settings tax 10%');
    expect((await h.say(GROUP, BOB, '/pay @carol 40')).text).toMatch(
      /^Paid 40 tickets to @carol \(\+4 tax\)/,
    );
    // /daily waits for the reward's mint, so its balance shows once the ledger has it.
    expect((await h.say(GROUP, BOB, '/daily')).text).toMatch(
      /^\+10 tickets: your daily bonus\. Your balance: 266\./,
    );
    // Dave has no @username: the admin mints by replying to his message.
    const daveSays = h.emulator.sendText(GROUP, DAVE, 'hello everyone');
    await h.say(GROUP, ADMIN, '/mint 50', { replyToMessageId: daveSays.message_id });
  });

  afterAll(async () => {
    await h?.close();
  });

  const text = async (user: number, command: string) => (await h.say(GROUP, user, command)).text;
  const ratio = (value: number, mark = '.') => value.toFixed(2).replace('.', mark);

  it('shows /stats from analytics, whose supply and treasury equal the ledger’s', async () => {
    const overview = await h.analyticsCaughtUp(COMMUNITY);
    const ledger = await h.client.request(LedgerCommands.supplyGet, { communityId: COMMUNITY });
    expect(overview).toMatchObject({ supply: ledger.supply, treasury: ledger.treasury });
    expect(overview).toMatchObject({
      supply: 300 + 200 + DAILY_BONUS + 50,
      treasury: 4,
      memberCount: 4,
      // Three mints, the daily bonus, the payment and its tax.
      transfersTotal: 6,
      volumeTotal: 300 + 200 + 40 + 4 + DAILY_BONUS + 50,
      rewardsCount: 1,
      rewardsTotal: DAILY_BONUS,
      taxTotal: 4,
    });
    expect(await text(BOB, '/stats')).toBe(
      [
        "This group's economy:",
        `Tickets in existence: ${ledger.supply} (in circulation: ${overview.circulating}, treasury: ${ledger.treasury})`,
        `Members: 4; active today ${overview.activeDaily}, this week ${overview.activeWeekly}, this month ${overview.activeMonthly}`,
        `Transfers in 24 h: ${overview.transfers24h} (${overview.volume24h} tickets); in all: 6 (${overview.volumeTotal} tickets)`,
        `Velocity: ${ratio(overview.velocity24h)} in 24 h, ${ratio(overview.velocity7d)} in 7 days`,
        `Inequality (Gini, 0 = equal): ${ratio(overview.gini)}`,
        `Rewards paid: 1 (${DAILY_BONUS} tickets); tax collected: 4 tickets`,
      ].join('\n'),
    );
    expect(overview.circulating).toBe(ledger.supply - ledger.treasury);
    expect(overview.transfers24h).toBe(6);
    expect(await text(CAROL, '/stats')).toMatch(
      new RegExp(
        `^Экономика группы:\\nВсего билетов: ${ledger.supply} \\(в обороте: ${overview.circulating}, в казне: 4\\)\\n[\\s\\S]*Неравенство \\(Джини, 0 — поровну\\): ${ratio(overview.gini, ',')}\\n`,
      ),
    );
  });

  it('shows /top holders with the ledger’s balances and /top week the week’s earners', async () => {
    await h.analyticsCaughtUp(COMMUNITY);
    const balances = {
      bob: await h.balanceOf(GROUP, BOB),
      carol: await h.balanceOf(GROUP, CAROL),
      dave: await h.balanceOf(GROUP, DAVE),
    };
    expect(balances).toEqual({ bob: 266, carol: 240, dave: 50 });
    // Dave has no @username: he is named as everywhere else, by his display name. Alice holds nothing.
    expect(await text(BOB, '/top')).toBe(
      ['Top ticket holders:', '1. @bob — 266', '2. @carol — 240', '3. Dave — 50'].join('\n'),
    );
    const board = await h.client.request(AnalyticsCommands.leaderboardGet, {
      communityId: COMMUNITY,
      board: 'holders',
      limit: 10,
    });
    for (const entry of board.items.filter((item) => item.value > 0)) {
      expect(
        (await h.client.request(LedgerCommands.balanceGet, { accountId: entry.accountId })).balance,
      ).toBe(entry.value);
    }
    // Earnings are mints, rewards, sales, royalties and trades received (a payment is not earned).
    expect(await text(BOB, '/top week')).toBe(
      [
        'Top earners this week (since Monday, UTC):',
        `1. @bob — +${300 + DAILY_BONUS}`,
        '2. @carol — +200',
        '3. Dave — +50',
      ].join('\n'),
    );
    expect(await text(CAROL, '/top неделя')).toMatch(/^Больше всех заработали на этой неделе/);
    expect(await text(BOB, '/top month')).toBe('Usage: /top [week]');
  });

  it('answers from the ledger when analytics is down, says so, and uses analytics again once it is back', async () => {
    await h.stopAnalytics();
    const ledger = await h.client.request(LedgerCommands.supplyGet, { communityId: COMMUNITY });
    expect(await text(BOB, '/stats')).toBe(
      [
        'Detailed figures are unavailable right now; the basics from the ledger:',
        `Tickets in existence: ${ledger.supply}`,
        `Treasury: ${ledger.treasury}`,
        'Members with an account: 4',
        `Transfers so far: ${ledger.transfers}`,
      ].join('\n'),
    );
    expect(await text(BOB, '/top')).toBe(
      [
        'Live rankings are unavailable right now, so this comes straight from the ledger.',
        'Top ticket holders:',
        '1. @bob — 266',
        '2. @carol — 240',
        '3. Dave — 50',
      ].join('\n'),
    );
    expect(await text(BOB, '/top week')).toBe(
      'Economy figures are temporarily unavailable. Please try again in a minute.',
    );
    expect(await text(CAROL, '/top week')).toBe(
      'Статистика экономики временно недоступна. Попробуйте через минуту.',
    );
    // Meanwhile the economy goes on; analytics catches up from the stream when it is back.
    await h.say(GROUP, CAROL, '/pay @bob 20');
    await h.startAnalytics();
    await h.analyticsCaughtUp(COMMUNITY);
    expect(await text(BOB, '/top')).toBe(
      ['Top ticket holders:', '1. @bob — 286', '2. @carol — 218', '3. Dave — 50'].join('\n'),
    );
    const stats = await waitFor(async () => {
      const reply = await text(BOB, '/stats');
      return reply.startsWith("This group's economy:") ? reply : undefined;
    });
    expect(stats).toContain('; in all: 8 (');
  });
});

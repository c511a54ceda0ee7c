/**
 * A group governs its economy through the bot: the real ledger, accounts and governance services, the
 * gateway and the Bot API emulator. An admin shortens the voting rules to seconds with /governance, a
 * member proposes a higher tax, members vote with the inline buttons and /vote, and the change applies in
 * the ledger; refusals are answered in words and change nothing.
 */
import { AccountsCommands, GovernanceCommands, LedgerCommands, PoolCommands } from '@ticketonomics/contracts';
import type { AnsweredCallback } from '@ticketonomics/telegram-emulator';
import { waitFor } from '@ticketonomics/testing';
import { startGatewayHarness, type GatewayHarness } from './support/gateway.harness';

const GROUP = -100_555;
const ALICE = 3001;
const BOB = 3002;
const CAROL = 3003;
const DAVE = 3004;
const COMMUNITY = `tg${GROUP}`;

describe('telegram-gateway: governance by vote', () => {
  let h: GatewayHarness;

  beforeAll(async () => {
    h = await startGatewayHarness({ governance: true });
    h.emulator.addChat({ id: GROUP, type: 'supergroup', title: 'Commons' });
    h.emulator.addUser({ id: ALICE, first_name: 'Alice', username: 'alice', language_code: 'en' });
    h.emulator.addUser({ id: BOB, first_name: 'Bob', username: 'bob', language_code: 'en' });
    h.emulator.addUser({ id: CAROL, first_name: 'Карина', username: 'carol', language_code: 'ru' });
    h.emulator.addUser({ id: DAVE, first_name: 'Dave', username: 'dave', language_code: 'en' });
    h.emulator.setMember(GROUP, ALICE, 'creator');
    for (const user of [BOB, CAROL, DAVE]) h.emulator.setMember(GROUP, user, 'member');
  }, 60_000);

  afterAll(async () => {
    await h?.close();
  });

  const text = async (user: number, command: string) => (await h.say(GROUP, user, command)).text;
  const proposals = async () =>
    (await h.client.request(GovernanceCommands.proposalList, { communityId: COMMUNITY })).items;
  const rules = () => h.client.request(GovernanceCommands.settingsGet, { communityId: COMMUNITY });
  const taxBps = async () =>
    (await h.client.request(LedgerCommands.policyGet, { communityId: COMMUNITY })).taxBps;
  const buttonsOf = (message: { reply_markup?: unknown }) =>
    (
      message.reply_markup as { inline_keyboard: { text: string; callback_data: string }[][] }
    ).inline_keyboard.flat();
  const press = async (user: number, messageId: number, data: string): Promise<AnsweredCallback> => {
    const id = h.emulator.clickButton(GROUP, user, messageId, data);
    return waitFor(() => h.emulator.answeredCallbacks().find((answer) => answer.callbackQueryId === id));
  };

  it('lists the governance commands in the menu, and an admin sets the rules to seconds with /governance', async () => {
    const menu = h.emulator.registeredCommands().map((command) => command.command);
    expect(menu).toEqual(
      expect.arrayContaining(['proposals', 'propose', 'vote', 'governance', 'veto', 'pool', 'pledge']),
    );
    for (const user of [ALICE, BOB, CAROL]) await text(user, '/start');
    expect(await text(BOB, '/proposals')).toBe('No proposals yet. /propose opens one.');
    expect(await text(BOB, '/governance')).toMatch(/^Voting rules of this group:\nvotingPeriod: 3d \(/);
    // The defaults ask for a week of membership: nobody here may propose yet, and the reply says why.
    expect(await text(BOB, '/propose taxBps 300 Winter fund')).toBe(
      'Only members of this group for at least 7 days who earned a reward (a message or /daily) in the last 30 days may propose. /governance shows the rules.',
    );
    expect(await text(BOB, '/governance votingPeriod 3s')).toBe('Only the group admins can do that.');
    expect(await text(ALICE, '/governance votingPeriod 3s')).toMatch(
      /^Done: votingPeriod changed\. Open proposals keep the rules they opened with\.\n\nVoting rules of this group:\nvotingPeriod: 3s /,
    );
    for (const change of ['timelock 0', 'membershipDays 0', 'activityDays off']) {
      expect(await text(ALICE, `/governance ${change}`)).toMatch(/^Done: /);
    }
    expect(await rules()).toMatchObject({
      votingPeriodMs: 3_000,
      timelockMs: 0,
      membershipDaysMin: 0,
      activityDays: null,
    });
  });

  it('answers every bad command with what to do instead, and opens nothing', async () => {
    const before = await rules();
    const cases: [number, string, RegExp][] = [
      [
        BOB,
        '/propose',
        /^Parameters members may change by vote .*\nledger\.taxBps: 0; 0–5000; ±500 — tax on payments/s,
      ],
      [
        BOB,
        '/propose ledger.color 3 Paint',
        /^There is no parameter "ledger\.color" to vote on\..*\nrewards\.dailyBonus: 10; /s,
      ],
      [
        BOB,
        '/propose taxBps',
        /^Say the value you propose for ledger\.taxBps: a whole number from 0 to 5000\./,
      ],
      [BOB, '/propose taxBps 3% Three', /^"3%" is not a value for ledger\.taxBps: write a whole number/],
      [BOB, '/propose taxBps 1e3 Exp', /^"1e3" is not a value for ledger\.taxBps/],
      [BOB, '/propose taxBps 9000 Lots', /^ledger\.taxBps can only be from 0 to 5000/],
      [BOB, '/propose taxBps 300', /^Add a short title saying why, such as \/propose ledger\.taxBps 300 /],
      [
        BOB,
        '/propose taxBps 900 Too far',
        /^From its value now, one proposal may bring ledger\.taxBps to 0–500: propose a value in that range\.$/,
      ],
      [BOB, '/propose taxBps 0 Same', /^ledger\.taxBps already has that value: propose a different one/],
      [CAROL, '/propose dailyBonus ten Больше', /^«ten» — не значение для rewards\.dailyBonus/],
      [BOB, '/vote', /^Usage: \/vote <number>/],
      [BOB, '/vote x', /^"x" is not a proposal number/],
      [BOB, '/vote 99', /^There is no proposal #99 in this group: \/proposals lists them\.$/],
      [BOB, '/vote 99 maybe', /^"maybe" is not a vote: say yes or no\.$/],
      [BOB, '/veto 99 No', /^Only the group admins can do that\.$/],
      [ALICE, '/veto', /^Usage: \/veto <number> <reason>/],
      [ALICE, '/veto 99', /^Say why, for the members to read: \/veto 99 <reason>\.$/],
      [ALICE, '/veto 99 Not now', /^There is no proposal #99 in this group/],
      [ALICE, '/governance quorum lots', /^"lots" does not fit quorum: write a percentage such as 25%/],
      [ALICE, '/governance threshold 40%', /^threshold must be from 50\.01% to 100%\.$/],
      [ALICE, '/governance colour red', /^There is no rule "colour"\. Rules: votingPeriod, quorum, /],
      [ALICE, '/governance threshold 70%', /^raiseThreshold must be at least threshold/],
    ];
    for (const [user, command, expected] of cases) {
      const reply = await text(user, command);
      expect({ command, reply }).toEqual({ command, reply: expect.stringMatching(expected) });
    }
    expect(await proposals()).toEqual([]);
    expect(await rules()).toEqual(before);
  });

  it('carries a proposal from /propose through button votes to the changed tax', async () => {
    await h.governanceCaughtUp();
    const card = await h.say(GROUP, BOB, '/propose taxBps 300 Winter fund');
    expect(card.text).toMatch(
      /^New proposal: vote with the buttons, or \/vote <number> yes\|no\.\n\n#1 "Winter fund" by @bob\nledger\.taxBps: 0 → 300\nVotes: yes 0, no 0 of 3 eligible; needs 20% of them to vote and 66\.67% yes\.\nVoting until \d{4}-\d\d-\d\d \d\d:\d\d UTC\.$/,
    );
    const [yes] = buttonsOf(card);
    expect(buttonsOf(card).map((button) => button.text)).toEqual(['Yes', 'No']);

    // Dave joins after it opened: not among its voters, told so privately; the card stays for the others.
    await text(DAVE, '/start');
    expect(await press(DAVE, card.messageId, yes!.callback_data)).toMatchObject({
      show_alert: true,
      text: expect.stringMatching(/^You cannot vote on this proposal: its voters were fixed when it opened/),
    });
    expect(await press(BOB, card.messageId, yes!.callback_data)).toMatchObject({
      text: 'Your vote counted: yes.',
    });
    const counted = await h.emulator.waitForMessage(
      GROUP,
      (sent) => sent.messageId === card.messageId && sent.text.includes('Votes: yes 1, no 0'),
    );
    expect(buttonsOf(counted)).toHaveLength(2);
    expect(await press(BOB, card.messageId, yes!.callback_data)).toMatchObject({
      show_alert: true,
      text: 'You have voted on this proposal already; a vote cannot be changed.',
    });
    expect(await text(CAROL, '/vote 1 за')).toMatch(
      /^Ваш голос учтён: за\.\n\n#1 «Winter fund», автор @bob\n.*\nГолоса: за 2, против 0 из 3/s,
    );
    // One proposal per member per cooldown (a day by default).
    expect(await text(BOB, '/propose transferMin 2 Dust')).toMatch(
      /^You proposed recently: you can propose again in (1d|23h 59m \d+s)\.$/,
    );

    await waitFor(async () => (await taxBps()) === 300, {
      timeoutMs: 15_000,
      description: 'the tax to change',
    });
    await waitFor(async () => (await proposals())[0]?.status === 'applied', {
      description: 'applied recorded',
    });
    expect(await text(BOB, '/proposals')).toMatch(
      /^Recent results:\n\n#1 "Winter fund" by @bob\nledger\.taxBps: 0 → 300\nVotes: yes 2, no 0 of 3 eligible; .*\nPassed and applied at .* UTC: ledger\.taxBps is now 300\.$/,
    );
    expect(await text(BOB, '/economy')).toMatch(/^Payment tax: 3%, to the treasury\.$/m);
    // The group is told without asking, in the proposer's language; a pass that applies at once is one post.
    const news = await h.emulator.waitForMessage(GROUP, (sent) => sent.text.startsWith('Proposal update:'));
    expect(news.text).toMatch(
      /^Proposal update:\n\n#1 "Winter fund" by @bob\n[\s\S]*\nPassed and applied at .* UTC: ledger\.taxBps is now 300\.$/,
    );
    expect(news.reply_to_message_id).toBeUndefined();
    expect(await text(BOB, '/vote 1 no')).toBe(
      'Proposal #1 no longer takes votes: /vote 1 shows how it ended.',
    );
  });

  it('lets an admin veto an open proposal; who and why show in /proposals, and nothing changes', async () => {
    const card = await h.say(GROUP, CAROL, '/propose dailyBonus 20 Бонус побольше');
    expect(card.text).toMatch(/#2 «Бонус побольше», автор @carol\nrewards\.dailyBonus: 10 → 20/);
    expect(await text(ALICE, '/veto 2 Not this month')).toMatch(
      /^Proposal #2 is vetoed; it will not change anything\.\n\n#2 "Бонус побольше" by @carol\n.*\nVetoed by @alice: Not this month$/s,
    );
    expect(await text(ALICE, '/veto 2 Again')).toMatch(/^Proposal #2 can no longer be vetoed/);
    expect(await text(BOB, '/proposals')).toMatch(
      /^Recent results:\n\n#2 .*Vetoed by @alice: Not this month\n\n#1 /s,
    );
    const [yes] = buttonsOf(card);
    expect(await press(BOB, card.messageId, yes!.callback_data)).toMatchObject({
      show_alert: true,
      text: 'Proposal #2 no longer takes votes: /vote 2 shows how it ended.',
    });
    expect((await proposals())[0]).toMatchObject({
      id: 2,
      status: 'vetoed',
      veto: { reason: 'Not this month' },
    });
    const news = await h.emulator.waitForMessage(GROUP, (sent) =>
      sent.text.startsWith('Новости по предложению:'),
    );
    expect(news.text).toMatch(
      /^Новости по предложению:\n\n#2 «Бонус побольше», автор @carol\n[\s\S]*\nНаложено вето \(@alice\): Not this month$/,
    );
    expect(
      h.emulator.sent(GROUP).filter((sent) => /^(Proposal update|Новости по предложению):/.test(sent.text)),
    ).toHaveLength(2);
    const settings = await h.client.request(AccountsCommands.settingsGet, { communityId: COMMUNITY });
    expect(settings.rewards.dailyBonus).toBe(10);
  });

  it('pools pledges until the target and pays them into the treasury; a bad pool or pledge holds nothing', async () => {
    for (const who of ['@bob', '@carol'])
      expect(await text(ALICE, `/mint ${who} 100`)).toMatch(/^Minted 100 /);
    expect(await text(BOB, '/pool')).toBe('No open pools. /pool 500 3d <title> opens one.');
    expect(await text(BOB, '/pool 150 1h Projector for the club')).toMatch(
      /^New pool: .*\n\nPool #1 "Projector for the club" by @bob: for the treasury\nPledged 0 of 150 tickets by 0 members\.\nOpen until .* UTC: \/pledge 1 <amount>\.$/s,
    );
    const refusals: [number, string, RegExp][] = [
      [BOB, '/pledge 1 500', /^Not enough tickets: you have 100\.$/],
      [BOB, '/pledge 9 5', /^There is no pool #9 in this group/],
      [BOB, '/pledge x 5', /^"x" is not a pool number/],
      [BOB, '/pledge 1', /^Say how many tickets\. Usage: \/pledge <pool> <amount>$/],
      [
        BOB,
        '/pool 150 8d Too long',
        /^"8d" does not fit: say how long the pool takes pledges, from 1s to 6d 23h/,
      ],
      [BOB, '/pool 150 1h prize @nobody Best poster', /^I don't know @nobody in this group yet/],
      [CAROL, '/pool 150 1h', /^Добавьте название/],
    ];
    for (const [user, command, expected] of refusals) {
      const reply = await text(user, command);
      expect({ command, reply }).toEqual({ command, reply: expect.stringMatching(expected) });
    }
    expect(await h.client.request(PoolCommands.poolList, { communityId: COMMUNITY })).toMatchObject({
      items: [{ id: 1, pledgedAmount: 0 }],
    });

    expect(await text(BOB, '/pledge 1 100')).toMatch(
      /^You pledged 100 tickets to pool #1; .*\n\nPool #1 .*\nPledged 100 of 150 tickets by 1 member\./s,
    );
    expect(await text(CAROL, '/pool')).toMatch(
      /^Открытые сборы:\n\nСбор #1 «Projector for the club», открыл @bob: в казну\n/,
    );
    expect(await text(CAROL, '/pledge 1 50')).toMatch(
      /Собрано 150 из 150 билетов, взносов: 2\.\nЦель достигнута/,
    );
    await waitFor(
      async () =>
        (await h.client.request(PoolCommands.poolGet, { communityId: COMMUNITY, poolId: 1 })).pool.status ===
        'settled',
      { description: 'the pool to settle' },
    );
    expect(await text(BOB, '/pledge 1 5')).toBe(
      'Pool #1 no longer takes pledges: /pool 1 shows how it ended.',
    );
    expect(await text(BOB, '/pool 1')).toMatch(/\nTarget reached: 150 tickets paid into the treasury\.$/);
    const news = await h.emulator.waitForMessage(GROUP, (sent) => sent.text.startsWith('Pool update:'));
    expect(news.text).toMatch(
      /^Pool update:\n\nPool #1 "Projector for the club" by @bob: .*\nTarget reached: 150 tickets/s,
    );
    expect({ bob: await h.balanceOf(GROUP, BOB), carol: await h.balanceOf(GROUP, CAROL) }).toEqual({
      bob: 0,
      carol: 50,
    });
  });
});

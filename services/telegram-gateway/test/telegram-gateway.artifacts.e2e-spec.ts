/**
 * Artifacts through the real system: nats-server, the built ledger, accounts and artifacts services, the
 * gateway, and the Bot API emulator. An admin creates an artifact and stocks the shop, members buy, sell,
 * gift and trade it; every reply is checked, and so are the ledger balances it moves (or must not move).
 */
import { AccountsCommands, ArtifactsCommands, LedgerCommands } from '@ticketonomics/contracts';
import { waitFor } from '@ticketonomics/testing';
import { startGatewayHarness, type GatewayHarness } from './support/gateway.harness';

const GROUP = -100_888;
const COMMUNITY = `tg${GROUP}`;
const ADMIN = 2001;
const BOB = 2002;
const CAROL = 2003;
const DAVE = 2004;

describe('telegram-gateway: artifacts', () => {
  let h: GatewayHarness;

  beforeAll(async () => {
    h = await startGatewayHarness({ artifacts: true });
    h.emulator.addChat({ id: GROUP, type: 'supergroup', title: 'Artifact Club' });
    h.emulator.addUser({ id: ADMIN, first_name: 'Alice', username: 'alice', language_code: 'en' });
    h.emulator.addUser({ id: BOB, first_name: 'Bob', username: 'bob', language_code: 'en' });
    h.emulator.addUser({ id: CAROL, first_name: 'Карина', username: 'carol', language_code: 'ru' });
    h.emulator.addUser({ id: DAVE, first_name: 'Dave', username: 'dave', language_code: 'en' });
    h.emulator.setMember(GROUP, ADMIN, 'creator');
    for (const user of [BOB, CAROL, DAVE]) h.emulator.setMember(GROUP, user, 'member');
    await h.client.request(AccountsCommands.communityUpsert, {
      telegramChatId: String(GROUP),
      title: 'Artifact Club',
    });
    await h.client.request(AccountsCommands.settingsSet, {
      communityId: COMMUNITY,
      rewards: { messageReward: 0 },
    });
    for (const user of [ADMIN, BOB, CAROL, DAVE]) await h.say(GROUP, user, '/start');
    await h.say(GROUP, ADMIN, '/mint @bob 500');
    await h.say(GROUP, ADMIN, '/mint @carol 500');
    await h.say(GROUP, ADMIN, '/mint @dave 20');
  });

  afterAll(async () => {
    await h?.close();
  });

  const text = async (user: number, command: string, options?: { replyToMessageId?: number }) =>
    (await h.say(GROUP, user, command, options)).text;
  const balances = async () => ({
    alice: await h.balanceOf(GROUP, ADMIN),
    bob: await h.balanceOf(GROUP, BOB),
    carol: await h.balanceOf(GROUP, CAROL),
    dave: await h.balanceOf(GROUP, DAVE),
    treasury: (await h.client.request(LedgerCommands.supplyGet, { communityId: COMMUNITY })).treasury,
  });
  const ownerOf = async (editionId: number) =>
    (await h.client.request(ArtifactsCommands.editionGet, { communityId: COMMUNITY, editionId })).edition;
  const userIdOf = async (telegramUserId: number) =>
    (
      await h.client.request(AccountsCommands.userFind, {
        provider: 'telegram',
        externalId: String(telegramUserId),
      })
    ).id;

  it('lists the artifact commands in the menu and in /help, in both languages', async () => {
    const commands = h.emulator.registeredCommands().map((command) => command.command);
    expect(commands).toEqual(
      expect.arrayContaining([
        'shop',
        'buy',
        'inventory',
        'artifact',
        'gift',
        'sell',
        'market',
        'unlist',
        'trade',
        'trades',
        'newartifact',
        'restock',
      ]),
    );
    const ru = h.emulator.registeredCommands({ language_code: 'ru' });
    expect(ru.find((command) => command.command === 'shop')?.description).toBe(
      'Артефакты в продаже; /buy <номер> — купить',
    );
    const help = await text(BOB, '/help');
    expect(help).toContain('/buy — Buy from the shop (/buy 3) or the market (/buy m3)');
    expect(help).toContain('e5 is an edition');
  });

  it('lets an admin create an artifact and put it in the shop; members may not unless allowed', async () => {
    expect(
      await text(ADMIN, '/newartifact 🎫 Golden Ticket supply 100 royalty 10% legendary price 25 stock 10'),
    ).toBe(
      [
        'Created 🎫 Golden Ticket: artifact type 1, legendary, supply 100, royalty 10%.',
        'In the shop as item 1 for 25 tickets (10 left): /buy 1.',
      ].join('\n'),
    );
    expect(await text(BOB, '/newartifact 🐸 Pepe')).toMatch(
      /^In this group only the admins create artifacts/,
    );
    expect(await text(BOB, '/newartifact 🐸 Pepe price 5')).toMatch(
      /^Only the group admins can put artifacts in the shop/,
    );
    expect(await text(BOB, '/restock 1 5')).toBe('Only the group admins can do that.');
    expect(await text(BOB, '/shop')).toBe(
      'On sale now (buy one with /buy <number>):\n1. 🎫 Golden Ticket (legendary) — 25 tickets, 10 left',
    );
  });

  it('sells from the shop once per command, even when Telegram delivers it twice', async () => {
    const before = await balances();
    const message = h.emulator.sendText(GROUP, BOB, '/buy 1');
    const bought = await h.emulator.waitForMessage(
      GROUP,
      (sent) => sent.reply_to_message_id === message.message_id,
    );
    expect(bought.text).toBe(
      'You bought e1 🎫 Golden Ticket #1 of 100 for 25 tickets. It is e1 in your /inventory.',
    );
    const after = h.emulator.sent(GROUP).length;
    h.emulator.injectUpdate({ message } as never);
    const again = await h.emulator.waitForMessage(
      GROUP,
      (sent) => sent.reply_to_message_id === message.message_id,
      {
        after,
      },
    );
    expect(again.text).toBe(bought.text);
    expect(await balances()).toEqual({ ...before, bob: before.bob - 25, treasury: before.treasury + 25 });
    expect(await text(BOB, '/shop')).toMatch(/— 25 tickets, 9 left$/);
  });

  it('shows /inventory (own and @user) and /artifact with its provenance', async () => {
    expect(await text(BOB, '/inventory')).toBe(
      [
        'Your artifacts: 1, worth 25 tickets at their last prices.',
        'e1 🎫 Golden Ticket #1 of 100 (legendary)',
      ].join('\n'),
    );
    expect(await text(CAROL, '/inv @bob')).toBe(
      [
        'Артефакты @bob: 1, стоимость 25 билетов по последним ценам.',
        'e1 🎫 Golden Ticket #1 из 100 (легендарный)',
      ].join('\n'),
    );
    expect(await text(DAVE, '/inv')).toBe('You have no artifacts yet: see /shop and /market.');
    const detail = (await text(DAVE, '/artifact e1')).split('\n');
    expect(detail).toEqual([
      'e1 🎫 Golden Ticket #1 of 100',
      'legendary · artifact type 1 by @alice · royalty 10%',
      'Owner: @bob',
      'Last price of its type: 25 tickets',
      'History, latest first:',
      expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d UTC · bought from the shop by @bob for 25 tickets$/),
    ]);
  });

  it('lists on the market, and another member buys: seller, treasury fee and creator royalty are paid', async () => {
    expect(await text(BOB, '/sell e1 40')).toBe(
      'e1 🎫 Golden Ticket #1 of 100 is on the market for 40 tickets as m1. Anyone can buy it with /buy m1; the market fee is 2.5%. Take it back with /unlist m1.',
    );
    expect(await text(DAVE, '/market')).toBe(
      'On the market, cheapest first (buy with /buy m<number>):\nm1 · e1 🎫 Golden Ticket — 40 tickets, from @bob',
    );
    expect(await text(DAVE, '/market 1')).toContain('m1 · e1');
    expect(await text(BOB, '/gift e1 @carol')).toBe(
      'e1 is on the market: take it off with /unlist first (see /market).',
    );
    expect(await text(BOB, '/buy m1')).toBe('That is your own listing: take it back with /unlist instead.');
    expect(await text(DAVE, '/buy m1')).toBe('Not enough tickets: you have 20.');
    const before = await balances();
    expect(await text(CAROL, '/buy m1 40')).toBe(
      'Вы купили e1 🎫 Golden Ticket #1 из 100 у @bob за 40 билетов.',
    );
    // 40 = 35 to bob + 1 market fee (2.5%, rounded down) + 4 royalty (10%) to alice, the creator.
    expect(await balances()).toEqual({
      ...before,
      carol: before.carol - 40,
      bob: before.bob + 35,
      alice: before.alice + 4,
      treasury: before.treasury + 1,
    });
    expect(await text(DAVE, '/market')).toBe(
      'Nothing is on the market right now. Sell one of yours with /sell.',
    );
    expect(await text(DAVE, '/artifact e1')).toMatch(
      /· sold by @bob to @carol for 40 tickets\n.* · bought from the shop by @bob/,
    );
  });

  it('settles a trade the recipient accepts by button, and refuses anyone else pressing it', async () => {
    const offer = await h.say(GROUP, CAROL, '/trade @bob give e1 for 30');
    expect(offer.text).toMatch(
      /^@bob, @carol предлагает вам e1 🎫 Golden Ticket #1 из 100 за 30 билетов\.\nОбмен t1, открыт до \d{4}-\d\d-\d\d \d\d:\d\d UTC\.$/,
    );
    const buttons = (offer.reply_markup as any).inline_keyboard.flat();
    expect(buttons.map((button: any) => button.text)).toEqual(['Принять', 'Отклонить']);
    expect(await text(CAROL, '/sell e1 10')).toMatch(/^e1 участвует в открытом обмене/);
    const before = await balances();

    const daveClick = h.emulator.clickButton(GROUP, DAVE, offer.messageId, buttons[0].callback_data);
    const refused = await waitFor(() =>
      h.emulator.answeredCallbacks().find((answer) => answer.callbackQueryId === daveClick),
    );
    expect(refused).toMatchObject({
      show_alert: true,
      text: 'Only the member this offer is for can accept it.',
    });
    const carolClick = h.emulator.clickButton(GROUP, CAROL, offer.messageId, buttons[0].callback_data);
    await waitFor(() =>
      h.emulator.answeredCallbacks().find((answer) => answer.callbackQueryId === carolClick),
    );
    expect(await balances()).toEqual(before);

    const bobClick = h.emulator.clickButton(GROUP, BOB, offer.messageId, buttons[0].callback_data);
    const done = await h.emulator.waitForMessage(
      GROUP,
      (sent) => sent.messageId === offer.messageId && sent.edits.length > 0,
    );
    expect(done.text).toBe('Trade t1 done: @bob got e1 🎫 Golden Ticket #1 of 100; @carol got 30 tickets.');
    expect(done.reply_markup).toBeUndefined();
    await waitFor(() => h.emulator.answeredCallbacks().find((answer) => answer.callbackQueryId === bobClick));
    // 2.5% of 30 rounds down to no fee.
    expect(await balances()).toEqual({ ...before, bob: before.bob - 30, carol: before.carol + 30 });
    expect((await ownerOf(1)).ownerId).toBe(await userIdOf(BOB));
  });

  it('closes a declined offer and a withdrawn one with nothing moved, and lists open ones in /trades', async () => {
    await text(BOB, '/buy 1');
    const before = await balances();
    const declined = await h.say(GROUP, BOB, '/trade @dave give e2 for 20');
    expect(declined.text).toMatch(
      /^@dave, @bob offers you e2 🎫 Golden Ticket #2 of 100 for 20 tickets\.\nTrade t2, open/,
    );
    const decline = (declined.reply_markup as any).inline_keyboard[0][1].callback_data;
    h.emulator.clickButton(GROUP, DAVE, declined.messageId, decline);
    const closed = await h.emulator.waitForMessage(
      GROUP,
      (sent) => sent.messageId === declined.messageId && sent.edits.length > 0,
    );
    expect(closed.text).toBe('Trade t2 declined by @dave. Nothing moved.');

    const open = await h.say(GROUP, BOB, '/trade @carol give e2 for 5');
    expect(open.text).toMatch(/^Trade t3/m);
    expect(await text(BOB, '/trade @carol give e1 for e2')).toBe(
      'Every edition you give must be yours, and every edition you ask for must be theirs.',
    );
    expect(await text(BOB, '/trades')).toMatch(
      /^Your open trade offers:\nt3 · @bob → @carol: e2 for 5 tickets \(until \d{4}-\d\d-\d\d \d\d:\d\d UTC\)$/,
    );
    expect(await text(CAROL, '/trades')).toMatch(
      /^Ваши открытые предложения обмена:\nt3 · @bob → @carol: e2 за 5 билетов/,
    );
    h.emulator.clickButton(
      GROUP,
      BOB,
      open.messageId,
      (open.reply_markup as any).inline_keyboard[0][1].callback_data,
    );
    const withdrawn = await h.emulator.waitForMessage(
      GROUP,
      (sent) => sent.messageId === open.messageId && sent.edits.length > 0,
    );
    expect(withdrawn.text).toBe('Trade t3 withdrawn by @bob. Nothing moved.');
    expect(await text(BOB, '/trades')).toBe('You have no open trade offers.');
    expect(await balances()).toEqual(before);
  });

  it('gives an artifact by @user and by reply', async () => {
    expect(await text(BOB, '/gift e2 @dave')).toBe('You gave e2 🎫 Golden Ticket #2 of 100 to @dave.');
    expect(await text(DAVE, '/inventory')).toMatch(
      /^Your artifacts: 1, worth 25 tickets at their last prices\.\ne2 /,
    );
    const bobSays = h.emulator.sendText(GROUP, BOB, 'thanks, I will give it back');
    expect(await text(DAVE, '/gift e2', { replyToMessageId: bobSays.message_id })).toBe(
      'You gave e2 🎫 Golden Ticket #2 of 100 to @bob.',
    );
    expect((await ownerOf(2)).ownerId).toBe(await userIdOf(BOB));
    expect(await text(DAVE, '/artifact e2')).toMatch(
      /· gifted by @dave to @bob\n.* · gifted by @bob to @dave\n/,
    );
  });

  it('lets only the seller /unlist, and admins /restock within the supply', async () => {
    const listed = await text(BOB, '/sell e2 50');
    expect(listed).toMatch(/as m2\./);
    expect(await text(CAROL, '/unlist m2')).toBe('Снять лот с рынка может только его продавец.');
    expect(await text(BOB, '/unlist m2')).toBe('m2 is off the market; the artifact is yours as before.');
    expect(await text(BOB, '/market')).toMatch(/^Nothing is on the market/);
    expect(await text(ADMIN, '/restock 1 5')).toBe('Shop item 1 (🎫 Golden Ticket): 13 left now.');
    expect(await text(ADMIN, '/restock 1 1000')).toBe(
      'Only 98 editions of its supply are left: the stock can be at most that many.',
    );
  });

  it('restocks once when Telegram delivers a /restock again to a restarted gateway', async () => {
    const stockOf = async () =>
      (await h.client.request(ArtifactsCommands.shopBrowse, { communityId: COMMUNITY })).items[0]?.item.stock;
    const before = await stockOf();
    const message = h.emulator.sendText(GROUP, ADMIN, '/restock 1 2');
    const first = await h.emulator.waitForMessage(
      GROUP,
      (sent) => sent.reply_to_message_id === message.message_id,
    );
    expect(first.text).toBe(`Shop item 1 (🎫 Golden Ticket): ${before! + 2} left now.`);
    // A new gateway remembers nothing: only the request id (from the chat and message) stops a second restock.
    await h.stopGateway();
    await h.startGateway();
    const after = h.emulator.sent(GROUP).length;
    h.emulator.injectUpdate({ message } as never);
    const again = await h.emulator.waitForMessage(
      GROUP,
      (sent) => sent.reply_to_message_id === message.message_id,
      { after, timeoutMs: 15_000 },
    );
    expect(again.text).toBe(first.text);
    expect(await stockOf()).toBe(before! + 2);
  });

  it('shows and sets the artifact rules in /settings; members then create for the fee', async () => {
    const shown = await text(ADMIN, '/settings');
    expect(shown).toContain('\nmarketFee: 2.5%\nmemberCreation: off\ncreationFee: 100\ntradeTtl: 1d\n');
    expect(await text(ADMIN, '/settings marketfee 5%')).toBe('Done: marketFee is now 5%.');
    expect(await text(ADMIN, '/settings memberCreation on')).toBe('Done: memberCreation is now on.');
    expect(await text(ADMIN, '/settings tradeTtl 2h')).toBe('Done: tradeTtl is now 2h.');
    expect(await text(ADMIN, '/settings tradeTtl 10s')).toMatch(
      /^That value does not fit tradeTtl: use a time from 1m to 30d/,
    );
    expect(await text(ADMIN, '/settings marketFee 60%')).toMatch(/^That value does not fit marketFee/);
    expect(await text(ADMIN, '/settings colour red')).toMatch(
      /^There is no setting "colour"\. .*marketFee, memberCreation/,
    );
    expect(await text(BOB, '/settings marketFee 0')).toBe('Only the group admins can do that.');
    const before = await balances();
    expect(await text(BOB, '/newartifact 🐸 Pepe rare')).toBe(
      'Created 🐸 Pepe: artifact type 2, rare, unlimited supply, royalty 0%. The creation fee of 100 tickets went to the treasury.',
    );
    expect(await text(DAVE, '/newartifact 🦄 Unicorn')).toBe('Not enough tickets: you have 20.');
    expect(await balances()).toEqual({ ...before, bob: before.bob - 100, treasury: before.treasury + 100 });
  });

  it('answers every bad artifact command clearly and moves nothing', async () => {
    const before = await balances();
    const owners = [(await ownerOf(1)).ownerId, (await ownerOf(2)).ownerId];
    const botReply = await h.say(GROUP, BOB, '/shop');
    const cases: [number, string, RegExp | string, { replyToMessageId?: number }?][] = [
      [BOB, '/buy', /^Usage: \/buy <number from \/shop>/],
      [BOB, '/buy 0', '"0" is not a shop item number: use one such as 3 (see /shop).'],
      [BOB, '/buy -1', /^"-1" is not a shop item number/],
      [BOB, '/buy 1.5', /^"1.5" is not a shop item number/],
      [BOB, '/buy 99999999999999999999', /^"99999999999999999999" is not a shop item number/],
      [BOB, '/buy 99', 'There is no shop item 99 here: see /shop.'],
      [BOB, '/buy m99', 'There is no listing m99 here: see /market.'],
      [BOB, '/buy 1 10', /^The price is not what you agreed to/],
      [BOB, '/buy 1 -10', 'The amount cannot be negative.'],
      [BOB, '/artifact', 'Usage: /artifact e5'],
      [BOB, '/artifact e0', '"e0" is not an edition number: use one such as e5 (see /inventory).'],
      [BOB, '/artifact e99', 'There is no edition e99 here: see /inventory.'],
      [BOB, '/gift e1', /^Who gets them\?/],
      [BOB, '/gift e1 @bob', 'You cannot give an artifact to yourself.'],
      [BOB, '/gift e1 @TicketBot', 'Bots cannot hold artifacts.'],
      [BOB, '/gift e1', 'Bots cannot hold artifacts.', { replyToMessageId: botReply.messageId }],
      [BOB, '/gift e1 @nobody', /^I don't know @nobody in this group yet/],
      [BOB, '/gift e99 @carol', 'There is no edition e99 here: see /inventory.'],
      [DAVE, '/gift e1 @carol', 'e1 is not yours: see /inventory.'],
      [BOB, '/sell e1', /^Say how many tickets/],
      [BOB, '/sell e1 0', 'The amount must be at least 1.'],
      [BOB, '/sell e1 -5', 'The amount cannot be negative.'],
      [BOB, '/sell e1 2.5', 'Tickets cannot be split: use a whole number.'],
      [BOB, '/sell e99 5', 'There is no edition e99 here: see /inventory.'],
      [BOB, '/market x', /^"x" is not an artifact type number/],
      [BOB, '/unlist m99', 'There is no listing m99 here: see /market.'],
      [BOB, '/unlist', 'Usage: /unlist m3'],
      [BOB, '/trade @carol give e1', /^Say what you want for them after "for"/],
      [BOB, '/trade @bob give e1 for 5', 'You cannot trade with yourself.'],
      [BOB, '/trade @carol give e99 for 5', 'There is no edition e99 here: see /inventory.'],
      [BOB, '/trade @carol give e1 for 5 6', /^Ask for one amount of tickets/],
      [BOB, '/trade @carol give e1 for 0', 'The amount must be at least 1.'],
      [BOB, '/trade give e1 for 5', /^Who gets them\?/],
      [BOB, '/inventory @nobody', /^I don't know @nobody in this group yet/],
      [BOB, '/inventory @TicketBot', 'Bots cannot hold artifacts.'],
      [ADMIN, '/newartifact Ticket', /^Start with the artifact's emoji/],
      [ADMIN, '/newartifact 🎫 Ticket supply 0', /^The supply must be a whole number from 1 to 1000000/],
      [ADMIN, '/newartifact 🎫 Ticket royalty 80%', /^The royalty must be a percentage from 0 to 50%/],
      [ADMIN, '/newartifact 🎫 Ticket stock 5', 'A stock needs a price: add price <tickets>.'],
      [ADMIN, '/restock 1 0', /^The stock must be a whole number from 1/],
      [ADMIN, '/restock 99 5', 'There is no shop item 99 here: see /shop.'],
      [CAROL, '/buy 0', '«0» — не номер товара: укажите номер вроде 3 (см. /shop).'],
    ];
    for (const [user, command, expected, options] of cases) {
      const reply = await text(user, command, options);
      expect({ command, reply }).toEqual({
        command,
        reply: typeof expected === 'string' ? expected : expect.stringMatching(expected),
      });
    }
    expect(await balances()).toEqual(before);
    expect([(await ownerOf(1)).ownerId, (await ownerOf(2)).ownerId]).toEqual(owners);
    expect((await h.client.request(LedgerCommands.journalVerify, {})).ok).toBe(true);
    expect((await h.client.request(ArtifactsCommands.provenanceVerify, { communityId: COMMUNITY })).ok).toBe(
      true,
    );
  });

  it('says artifacts are unavailable when the service is down, and the rest of the bot still works', async () => {
    await h.stopArtifacts();
    expect(await text(BOB, '/shop')).toBe(
      'Artifacts are temporarily unavailable. Please try again in a minute.',
    );
    expect(await text(CAROL, '/inventory')).toBe('Артефакты временно недоступны. Попробуйте через минуту.');
    expect(await text(ADMIN, '/settings')).toContain('\nartifact settings: temporarily unavailable\n');
    expect(await text(BOB, '/balance')).toMatch(/^Bob, your balance is \d+ tickets\.$/);
  });
});

/**
 * /link through the real system: nats-server, the built ledger and accounts services, the gateway, and the
 * Bot API emulator. The one-time code must reach only the member who asked, privately, and link a game
 * identity to that member alone when a game redeems it.
 */
import { AccountsCommands, isDomainError, PROVIDER_TELEGRAM } from '@ticketonomics/contracts';
import { startGatewayHarness, type GatewayHarness } from './support/gateway.harness';

const GROUP = -100_777;
const COMMUNITY = `tg${GROUP}`;
const DANA = 5001;
const EGOR = 5002;
const CODE = /\b[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}\b/;
const OPEN_PRIVATE_CHAT =
  'I cannot write to you privately yet, and a link code is never posted in the group: open a private chat with @TicketBot, send /start, then send /link again. No code was made.';

describe('telegram-gateway: /link', () => {
  let h: GatewayHarness;

  beforeAll(async () => {
    h = await startGatewayHarness();
    h.emulator.addChat({ id: GROUP, type: 'supergroup', title: 'Crafters' });
    h.emulator.addUser({ id: DANA, first_name: 'Dana', username: 'dana', language_code: 'en' });
    h.emulator.addUser({ id: EGOR, first_name: 'Егор', username: 'egor', language_code: 'ru' });
    h.emulator.setMember(GROUP, DANA, 'member');
    h.emulator.setMember(GROUP, EGOR, 'member');
    await h.client.request(AccountsCommands.communityUpsert, {
      telegramChatId: String(GROUP),
      title: 'Crafters',
    });
    await h.client.request(AccountsCommands.settingsSet, {
      communityId: COMMUNITY,
      rewards: { messageReward: 0 },
    });
  });

  afterAll(async () => {
    await h?.close();
  });

  const text = async (user: number, command: string) => (await h.say(GROUP, user, command)).text;
  const userIdOf = async (telegramUserId: number) =>
    (
      await h.client.request(AccountsCommands.userFind, {
        provider: PROVIDER_TELEGRAM,
        externalId: String(telegramUserId),
      })
    ).id;
  /** What a game server does with the code its player typed: redeem it for the community's member. */
  const redeem = (provider: string, externalId: string, code: string) =>
    h.client
      .request(AccountsCommands.linkCodeRedeem, { communityId: COMMUNITY, provider, externalId, code })
      .catch((error: unknown) => {
        if (isDomainError(error)) return { refused: error.code };
        throw error;
      });
  const openPrivateChat = async (user: number) => {
    h.emulator.addChat({ id: user, type: 'private' });
    await h.say(user, user, '/start');
  };
  const noCodeInTheGroup = () => {
    for (const sent of h.emulator.sent(GROUP)) expect(sent.text).not.toMatch(CODE);
  };

  it('lists /link in the command menu and in /help, in both languages', async () => {
    const menu = h.emulator.registeredCommands();
    expect(menu.find((command) => command.command === 'link')?.description).toBe(
      'Link your player in a game to you: /link minecraft (the code comes privately)',
    );
    expect(
      h.emulator.registeredCommands({ language_code: 'ru' }).find((c) => c.command === 'link')?.description,
    ).toMatch(/^Привязать своего игрока/);
    expect(await text(DANA, '/help')).toContain('\n/link — Link your player in a game to you');
    expect(await text(EGOR, '/help')).toContain('\n/link — Привязать своего игрока');
  });

  it('asks a member who never started the bot privately to do so, and makes no code', async () => {
    expect(await text(DANA, '/link minecraft')).toBe(OPEN_PRIVATE_CHAT);
    expect(await text(EGOR, '/link minecraft')).toMatch(
      /^Я пока не могу написать вам лично.*Код не создан\.$/,
    );
    noCodeInTheGroup();
  });

  it('sends the code privately to the member who asked, never to the group, and a game redeems it for them', async () => {
    await openPrivateChat(DANA);
    expect(await text(DANA, '/link Minecraft')).toBe(
      'I sent you a one-time code for minecraft in a private message.',
    );
    const dm = await h.emulator.waitForMessage(DANA, /^Your one-time code to link your minecraft player:/);
    const code = CODE.exec(dm.text)![0];
    expect(dm.text).toContain('within 10 minutes');
    expect(dm.text).toContain('Never give it to anyone');
    noCodeInTheGroup();

    // Another player's game account cannot be attached with a wrong code; Dana's code links hers to her.
    expect(await redeem('minecraft', 'dana-uuid', 'AAAA-AAAA')).toEqual({ refused: 'LINK_CODE_INVALID' });
    const linked = await redeem('minecraft', 'dana-uuid', code);
    expect(linked).toMatchObject({ id: await userIdOf(DANA) });
    expect(await redeem('minecraft', 'someone-else', code)).toEqual({ refused: 'LINK_CODE_INVALID' });
    const dana = await h.client.request(AccountsCommands.userFind, {
      provider: 'minecraft',
      externalId: 'dana-uuid',
      communityId: COMMUNITY,
    });
    expect(dana.id).toBe(await userIdOf(DANA));
  });

  it('answers with the code itself in a private chat, in the member’s language', async () => {
    const reply = (await h.say(DANA, DANA, '/link steam')).text;
    expect(reply).toMatch(/^Your one-time code to link your steam player:/);
    expect(await redeem('steam', 'dana-steam', CODE.exec(reply)![0])).toMatchObject({
      id: await userIdOf(DANA),
    });

    await openPrivateChat(EGOR);
    const ru = (await h.say(EGOR, EGOR, '/link minecraft')).text;
    expect(ru).toMatch(/^Ваш одноразовый код для привязки игрока minecraft:/);
    expect(await redeem('minecraft', 'egor-uuid', CODE.exec(ru)![0])).toMatchObject({
      id: await userIdOf(EGOR),
    });
  });

  it('a member’s refused delivery leaves no code in the group', async () => {
    h.emulator.failNextWith('sendMessage', 400, 'Bad Request: chat not found', { chatId: DANA });
    expect(await text(DANA, '/link minecraft')).toBe(
      'I could not send you the code privately: send /link minecraft to me in a private chat.',
    );
    noCodeInTheGroup();
  });

  it('answers every bad /link clearly, in the member’s language', async () => {
    const cases: [number, string, string | RegExp][] = [
      [DANA, '/link', /^Usage: \/link <game>, such as \/link minecraft\./],
      [DANA, '/link minecraft steve', /^Usage: \/link <game>/],
      [
        DANA,
        '/link telegram',
        'Your Telegram account is yours already: name a game to link, such as /link minecraft.',
      ],
      [
        DANA,
        '/link mine.craft',
        '"mine.craft" is not a game name: use up to 32 lower-case letters, digits, _ or -, such as /link minecraft.',
      ],
      [EGOR, '/link', /^Использование: \/link <игра>/],
      [EGOR, '/link 9lives', /^«9lives» — не название игры/],
    ];
    for (const [user, command, expected] of cases) {
      const reply = await text(user, command);
      expect({ command, reply }).toEqual({
        command,
        reply: typeof expected === 'string' ? expected : expect.stringMatching(expected),
      });
    }
  });
});

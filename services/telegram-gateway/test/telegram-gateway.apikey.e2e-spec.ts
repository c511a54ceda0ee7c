/**
 * /apikey through the real system: nats-server, the built ledger and accounts services, the gateway, and
 * the Bot API emulator. A key's secret must reach its admin privately and never the group; a key whose
 * secret could not be delivered must not stay usable.
 */
import {
  AccountsCommands,
  ApiKeyCommands,
  apiKeyProof,
  isDomainError,
  PROVIDER_TELEGRAM,
} from '@ticketonomics/contracts';
import { startGatewayHarness, type GatewayHarness } from './support/gateway.harness';

const GROUP = -100_666;
const COMMUNITY = `tg${GROUP}`;
const OTHER_GROUP = -100_667;
const ADMIN = 4001;
const BOB = 4002;
const CAROL = 4003;
const KEY = /tk_[0-9A-Z]{26}_[A-Za-z0-9_-]{43}/;
const SENT =
  /^Done: I sent you the API key "(.+)" \((.+)\) in a private message; it is shown only there, once\. Its id: ([0-9A-Z]{26})\.$/;
const OPEN_PRIVATE_CHAT =
  'I cannot write to you privately yet, and an API key is never posted in the group: open a private chat with @TicketBot, send /start, then ask again. No key was issued.';

describe('telegram-gateway: /apikey', () => {
  let h: GatewayHarness;

  beforeAll(async () => {
    h = await startGatewayHarness();
    h.emulator.addChat({ id: GROUP, type: 'supergroup', title: 'Key Club' });
    h.emulator.addUser({ id: ADMIN, first_name: 'Alice', username: 'alice', language_code: 'en' });
    h.emulator.addUser({ id: BOB, first_name: 'Bob', username: 'bob', language_code: 'en' });
    h.emulator.addUser({ id: CAROL, first_name: 'Карина', username: 'carol', language_code: 'ru' });
    h.emulator.setMember(GROUP, ADMIN, 'creator');
    h.emulator.setMember(GROUP, BOB, 'member');
    h.emulator.setMember(GROUP, CAROL, 'administrator');
    await h.client.request(AccountsCommands.communityUpsert, {
      telegramChatId: String(GROUP),
      title: 'Key Club',
    });
    await h.client.request(AccountsCommands.settingsSet, {
      communityId: COMMUNITY,
      rewards: { messageReward: 0 },
    });
    for (const user of [ADMIN, BOB, CAROL]) await h.say(GROUP, user, '/start');
  });

  afterAll(async () => {
    await h?.close();
  });

  const text = async (user: number, command: string) => (await h.say(GROUP, user, command)).text;
  const keys = async (includeRevoked = false) =>
    (await h.client.request(ApiKeyCommands.apiKeyList, { communityId: COMMUNITY, includeRevoked })).items;
  const userIdOf = async (telegramUserId: number) =>
    (
      await h.client.request(AccountsCommands.userFind, {
        provider: PROVIDER_TELEGRAM,
        externalId: String(telegramUserId),
      })
    ).id;
  const verify = (key: string) =>
    h.client.request(ApiKeyCommands.apiKeyVerify, apiKeyProof(key)!).catch((error: unknown) => {
      if (isDomainError(error)) return { refused: error.code, reason: error.details?.reason };
      throw error;
    });
  /** A user opens a private chat with the bot and sends /start there. */
  const openPrivateChat = async (user: number) => {
    h.emulator.addChat({ id: user, type: 'private' });
    await h.say(user, user, '/start');
  };
  const noSecretInTheGroup = () => {
    for (const sent of h.emulator.sent(GROUP)) expect(sent.text).not.toMatch(KEY);
  };

  it('lists /apikey in the command menu and in /help, in both languages', async () => {
    expect(h.emulator.registeredCommands().at(-1)).toEqual({
      command: 'apikey',
      description: 'Admins: API keys for integrations: /apikey create <name> <scopes>, list, revoke <key id>',
    });
    expect(h.emulator.registeredCommands({ language_code: 'ru' }).at(-1)?.description).toMatch(
      /^Админам: API-ключи/,
    );
    expect(await text(BOB, '/help')).toContain('\n/apikey — Admins: API keys for integrations');
  });

  it('refuses members who are not admins, and creates nothing', async () => {
    await openPrivateChat(BOB);
    expect(await text(BOB, '/apikey create Game read')).toBe('Only the group admins can do that.');
    expect(await text(BOB, '/apikey list')).toBe('Only the group admins can do that.');
    expect(await text(BOB, '/apikey revoke 01KB3A5K7Q2W3E4R5T6Y7Z8A9B')).toBe(
      'Only the group admins can do that.',
    );
    expect(await keys(true)).toEqual([]);
    expect(h.emulator.sent(BOB).map((sent) => sent.text)).toEqual([expect.stringMatching(/^Hi, Bob!/)]);
  });

  it('asks an admin who never started the bot privately to do so (Telegram answers 403), and creates no key', async () => {
    expect(await text(ADMIN, '/apikey create Game server read,transfer')).toBe(OPEN_PRIVATE_CHAT);
    expect(h.emulator.calls('sendChatAction').at(-1)).toMatchObject({
      params: { chat_id: ADMIN },
      httpStatus: 403,
      error: "Forbidden: bot can't initiate conversation with a user",
    });
    expect(await keys(true)).toEqual([]);
    expect(await text(CAROL, '/apikey create Game read')).toMatch(
      /^Я пока не могу написать вам лично.*Ключ не выдан\.$/,
    );
    expect(await keys(true)).toEqual([]);
  });

  let keyId: string;
  let secret: string;

  it('sends the key to the admin privately, posts only its id in the group, and the key works', async () => {
    await openPrivateChat(ADMIN);
    const reply = await text(ADMIN, '/apikey create Game server read, transfer');
    const [, name, scopes, id] = SENT.exec(reply) ?? [];
    expect({ name, scopes }).toEqual({ name: 'Game server', scopes: 'read, transfer' });
    keyId = id!;
    const dm = await h.emulator.waitForMessage(
      ADMIN,
      /^Your API key "Game server" for Key Club \(read, transfer\):/,
    );
    secret = KEY.exec(dm.text)![0];
    expect(dm.text).toContain(`/apikey revoke ${keyId}`);
    noSecretInTheGroup();

    expect(await verify(secret)).toEqual({
      keyId,
      communityId: COMMUNITY,
      scopes: ['read', 'transfer'],
      rateLimitPerMinute: 600,
    });
    const [stored] = await keys();
    expect(stored).toMatchObject({
      id: keyId,
      name: 'Game server',
      createdBy: await userIdOf(ADMIN),
      revokedAt: null,
    });
  });

  it('lists the keys without their secrets, in the admin’s language', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const listed = await text(ADMIN, '/apikey list');
    expect(listed).toBe(
      [
        'Active API keys (1):',
        `• Game server (read, transfer) — id ${keyId}, created ${today}, last used ${today}`,
      ].join('\n'),
    );
    expect(listed).not.toContain(secret.slice(-43));
    expect(await text(CAROL, '/apikey list')).toMatch(
      /^Активные API-ключи \(1\):\n• Game server \(read, transfer\) — id /,
    );
  });

  it('revokes a key of this group only; a revoked key no longer works', async () => {
    // Another group's key cannot be revoked from here.
    await h.client.request(AccountsCommands.communityUpsert, {
      telegramChatId: String(OTHER_GROUP),
      title: 'Other',
    });
    const other = await h.client.request(ApiKeyCommands.apiKeyCreate, {
      communityId: `tg${OTHER_GROUP}`,
      name: 'Other',
      scopes: ['read'],
      createdBy: 'cli:test',
    });
    expect(await text(ADMIN, `/apikey revoke ${other.apiKey.id}`)).toBe(
      `This group has no API key ${other.apiKey.id}: see /apikey list.`,
    );
    expect(await verify(other.secret!)).toMatchObject({ keyId: other.apiKey.id });

    expect(await text(ADMIN, `/apikey revoke ${keyId.toLowerCase()}`)).toBe(
      `Revoked the API key "Game server" (${keyId}): it no longer works.`,
    );
    expect(await verify(secret)).toEqual({ refused: 'UNAUTHENTICATED', reason: 'revoked' });
    expect(await text(ADMIN, '/apikey list')).toBe(
      'This group has no active API keys. Create one: /apikey create <name> <scopes>.',
    );
    const [revoked] = await keys(true);
    expect(revoked).toMatchObject({ id: keyId, revokedBy: await userIdOf(ADMIN) });
  });

  it('revokes at once a key whose private message Telegram refused, so no working key exists that nobody saw', async () => {
    // The admin blocks the bot between the check and the message with the key.
    h.emulator.failNextWith('sendMessage', 403, 'Forbidden: bot was blocked by the user', { chatId: ADMIN });
    expect(await text(ADMIN, '/apikey create Blocked read')).toBe(OPEN_PRIVATE_CHAT);
    h.emulator.failNextWith('sendMessage', 400, 'Bad Request: chat not found', { chatId: ADMIN });
    expect(await text(ADMIN, '/apikey create Lost reward')).toBe(
      'I could not send you the key privately, so it was withdrawn at once and nobody can use it. Please try again.',
    );
    expect(await keys()).toEqual([]);
    const withdrawn = (await keys(true)).filter((key) => key.name === 'Blocked' || key.name === 'Lost');
    expect(withdrawn).toHaveLength(2);
    for (const key of withdrawn) expect(key.revokedAt).not.toBeNull();
    expect(h.emulator.sent(ADMIN).filter((sent) => KEY.test(sent.text))).toHaveLength(1);
    noSecretInTheGroup();
  });

  it('answers every bad /apikey clearly, in the member’s language, and creates nothing', async () => {
    const before = (await keys(true)).length;
    const usage =
      'Usage: /apikey create <name> <scopes>, /apikey list, /apikey revoke <key id>. Scopes, separated by commas: read, transfer, reward, governance, admin.';
    const cases: [number, string, string | RegExp][] = [
      [ADMIN, '/apikey', usage],
      [ADMIN, '/apikey rotate', usage],
      [ADMIN, '/apikey create', /^Give the key a name and its scopes/],
      [ADMIN, '/apikey create read', /^Give the key a name and its scopes/],
      [
        ADMIN,
        '/apikey create Game write',
        '"write" is not a scope. Scopes, separated by commas: read, transfer, reward, governance, admin.',
      ],
      [ADMIN, `/apikey create ${'n'.repeat(65)} read`, 'The key name is too long: at most 64 characters.'],
      [ADMIN, '/apikey revoke', usage],
      [
        ADMIN,
        '/apikey revoke 42',
        '"42" is not a key id: copy the id from /apikey list (26 letters and digits).',
      ],
      [
        ADMIN,
        '/apikey revoke 01KB3A5K7Q2W3E4R5T6Y7Z8A9B',
        'This group has no API key 01KB3A5K7Q2W3E4R5T6Y7Z8A9B: see /apikey list.',
      ],
      [CAROL, '/apikey create Game write', /^«write» — не право доступа\./],
      [CAROL, '/apikey', /^Использование: \/apikey create/],
    ];
    for (const [user, command, expected] of cases) {
      const reply = await text(user, command);
      expect({ command, reply }).toEqual({
        command,
        reply: typeof expected === 'string' ? expected : expect.stringMatching(expected),
      });
    }
    // In a private chat there is no group whose keys these would be.
    expect((await h.say(ADMIN, ADMIN, '/apikey list')).text).toBe(
      'This command works in a group chat, where your tickets live.',
    );
    expect((await keys(true)).length).toBe(before);
  });
  it('creates one key for a /apikey create Telegram delivers twice, and says so the second time', async () => {
    const replyTo = async (message: { message_id: number }, after: number) =>
      (
        await h.emulator.waitForMessage(GROUP, (sent) => sent.reply_to_message_id === message.message_id, {
          after,
          timeoutMs: 15_000,
        })
      ).text;
    const keysBefore = (await keys(true)).length;
    const secretsBefore = h.emulator.sent(ADMIN).filter((sent) => KEY.test(sent.text)).length;

    const command = h.emulator.sendText(GROUP, ADMIN, '/apikey create Twice read');
    const [, , , twiceId] = SENT.exec(await replyTo(command, h.emulator.sent(GROUP).length)) ?? [];
    expect(twiceId).toMatch(/^[0-9A-Z]{26}$/);
    h.emulator.injectUpdate({ message: command } as never);
    expect(await replyTo(command, h.emulator.sent(GROUP).length)).toBe(
      `This command was already done: it created the API key "Twice" (read), id ${twiceId}, and I sent you its secret privately then. The secret is never shown again: if it did not reach you, or is lost, revoke the key (/apikey revoke ${twiceId}) and create a new one.`,
    );

    // A key withdrawn because its secret could not be delivered stays withdrawn on a redelivery.
    h.emulator.failNextWith('sendMessage', 400, 'Bad Request: chat not found', { chatId: ADMIN });
    const lost = h.emulator.sendText(GROUP, ADMIN, '/apikey create Lost twice reward');
    expect(await replyTo(lost, h.emulator.sent(GROUP).length)).toMatch(
      /^I could not send you the key privately/,
    );
    h.emulator.injectUpdate({ message: lost } as never);
    expect(await replyTo(lost, h.emulator.sent(GROUP).length)).toMatch(
      /^This command was already done: the API key "Lost twice" \([0-9A-Z]{26}\) it created has been revoked since\./,
    );

    const all = await keys(true);
    const made = all.slice(0, all.length - keysBefore);
    expect(made.map((key) => key.name).sort()).toEqual(['Lost twice', 'Twice']);
    expect(h.emulator.sent(ADMIN).filter((sent) => KEY.test(sent.text))).toHaveLength(secretsBefore + 1);
    noSecretInTheGroup();
  });
});

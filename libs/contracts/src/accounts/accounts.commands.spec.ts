import type { z } from 'zod';
import { PAGE_SIZE_MAX } from '../primitives';
import { firstRejectedField, parseOrThrow } from '../validation';
import {
  ACCOUNTS_EXAMPLE_ORDER,
  ACCOUNTS_EXAMPLES,
  AccountsCommands,
  ensuredCommunityId,
} from './accounts.commands';
import {
  isTelegramCommunityId,
  LINK_CODE_ALPHABET,
  normalizeLinkCode,
  telegramCommunityId,
  USER_ID_PATTERN,
  USER_MEMBERSHIPS_MAX,
} from './accounts.schemas';

const commands = Object.entries(AccountsCommands);
const EX = ACCOUNTS_EXAMPLES;

describe('AccountsCommands', () => {
  it('uses unique subjects of the form tk.cmd.accounts.<entity>.<verb>', () => {
    const subjects = commands.map(([, spec]) => spec.subject);
    for (const subject of subjects) expect(subject).toMatch(/^tk\.cmd\.accounts\.[a-z]+\.[a-z]+$/);
    expect(new Set(subjects).size).toBe(subjects.length);
  });

  it.each(commands)('%s has a summary and an example its request schema accepts', (_key, spec) => {
    expect(spec.summary.length).toBeGreaterThan(10);
    expect(() => parseOrThrow(spec.request, spec.example)).not.toThrow();
  });

  it('orders every example exactly once, creating the user and the community before they are used', () => {
    expect([...ACCOUNTS_EXAMPLE_ORDER].sort()).toEqual(Object.keys(AccountsCommands).sort());
    expect(ACCOUNTS_EXAMPLE_ORDER[0]).toBe('userUpsert');
    expect(ACCOUNTS_EXAMPLE_ORDER.indexOf('communityUpsert')).toBeLessThan(
      ACCOUNTS_EXAMPLE_ORDER.indexOf('membershipJoin'),
    );
    expect(ACCOUNTS_EXAMPLE_ORDER.at(-1)).toBe('membershipLeave');
    expect(EX.aliceId).toMatch(USER_ID_PATTERN);
    expect(telegramCommunityId(EX.chatId)).toBe(EX.community);
  });
});

describe('accounts request schemas reject bad payloads, naming the field', () => {
  const upsert = AccountsCommands.userUpsert;
  const good = upsert.example;

  it.each<[string, z.ZodType, unknown, string]>([
    ['upsert without identity', upsert.request, { displayName: 'x' }, 'identity'],
    ['upsert without displayName', upsert.request, { identity: good.identity }, 'displayName'],
    ['upsert with a blank displayName', upsert.request, { ...good, displayName: '   ' }, 'displayName'],
    [
      'upsert with a long displayName',
      upsert.request,
      { ...good, displayName: 'x'.repeat(129) },
      'displayName',
    ],
    ['upsert with an @username', upsert.request, { ...good, username: '@alice' }, 'username'],
    ['upsert with a spaced username', upsert.request, { ...good, username: 'a b' }, 'username'],
    ['upsert with a bad language', upsert.request, { ...good, language: 'english!' }, 'language'],
    ['upsert with a bad userId', upsert.request, { ...good, userId: 'alice' }, 'userId'],
    [
      'upsert with a non-numeric Telegram id',
      upsert.request,
      { ...good, identity: { provider: 'telegram', externalId: 'alice' } },
      'identity.externalId',
    ],
    [
      'upsert with an upper-case provider',
      upsert.request,
      { ...good, identity: { provider: 'Telegram', externalId: '1' } },
      'identity.provider',
    ],
    ['upsert with an unknown field', upsert.request, { ...good, admin: true }, 'admin'],
    ['get with a bad userId', AccountsCommands.userGet.request, { userId: 'x' }, 'userId'],
    [
      'find without externalId',
      AccountsCommands.userFind.request,
      { provider: 'minecraft', communityId: EX.community },
      'externalId',
    ],
    [
      'find with a spaced externalId',
      AccountsCommands.userFind.request,
      { provider: 'minecraft', externalId: 'a b', communityId: EX.community },
      'externalId',
    ],
    [
      "find a game's identity without the community that vouches for it",
      AccountsCommands.userFind.request,
      { provider: 'minecraft', externalId: 'steve' },
      'communityId',
    ],
    [
      'find a Telegram identity within a community',
      AccountsCommands.userFind.request,
      { provider: 'telegram', externalId: '42', communityId: EX.community },
      'communityId',
    ],
    [
      "upsert a game's identity without its community",
      upsert.request,
      { ...good, identity: { provider: 'minecraft', externalId: 'steve' } },
      'identity.communityId',
    ],
    [
      'lookup with a bad username',
      AccountsCommands.userLookup.request,
      { communityId: EX.community, username: '@@alice' },
      'username',
    ],
    [
      'lookup with a bad community',
      AccountsCommands.userLookup.request,
      { communityId: 'a b', username: 'alice' },
      'communityId',
    ],
    [
      'link with an empty externalId',
      AccountsCommands.identityLink.request,
      { userId: EX.aliceId, provider: 'minecraft', externalId: '', communityId: EX.community },
      'externalId',
    ],
    [
      "link a game's identity without its community",
      AccountsCommands.identityLink.request,
      { userId: EX.aliceId, provider: 'minecraft', externalId: 'steve' },
      'communityId',
    ],
    [
      'link with a non-numeric Telegram id',
      AccountsCommands.identityLink.request,
      { userId: EX.aliceId, provider: 'telegram', externalId: '@alice' },
      'externalId',
    ],
    [
      'a link code for a Telegram identity',
      AccountsCommands.linkCodeCreate.request,
      { userId: EX.aliceId, provider: 'telegram' },
      'provider',
    ],
    [
      'a link code without a provider',
      AccountsCommands.linkCodeCreate.request,
      { userId: EX.aliceId },
      'provider',
    ],
    [
      'a redeem with a short code',
      AccountsCommands.linkCodeRedeem.request,
      { ...AccountsCommands.linkCodeRedeem.example, code: 'K7Q2-9XF' },
      'code',
    ],
    [
      'a redeem with a code of other characters',
      AccountsCommands.linkCodeRedeem.request,
      { ...AccountsCommands.linkCodeRedeem.example, code: 'K7Q2_9XF3' },
      'code',
    ],
    [
      'a redeem of a Telegram identity',
      AccountsCommands.linkCodeRedeem.request,
      { ...AccountsCommands.linkCodeRedeem.example, provider: 'telegram', externalId: '42' },
      'provider',
    ],
    [
      'a redeem without an identity',
      AccountsCommands.linkCodeRedeem.request,
      { communityId: EX.community, provider: 'steam', code: EX.linkCode },
      'externalId',
    ],
    [
      'a redeem without a community',
      AccountsCommands.linkCodeRedeem.request,
      { provider: 'steam', externalId: 'x', code: EX.linkCode },
      'communityId',
    ],
    ['community without id or chat', AccountsCommands.communityUpsert.request, { title: 'x' }, 'id'],
    [
      'community with a Telegram-shaped id',
      AccountsCommands.communityUpsert.request,
      { id: 'tg-100', title: 'x' },
      'id',
    ],
    ['community named global', AccountsCommands.communityUpsert.request, { id: 'global', title: 'x' }, 'id'],
    [
      'community whose id does not match its chat',
      AccountsCommands.communityUpsert.request,
      { id: 'other', telegramChatId: '-100', title: 'x' },
      'id',
    ],
    [
      'community with a bad chat id',
      AccountsCommands.communityUpsert.request,
      { telegramChatId: '-0x10', title: 'x' },
      'telegramChatId',
    ],
    [
      'community without a title',
      AccountsCommands.communityUpsert.request,
      { telegramChatId: '-100' },
      'title',
    ],
    [
      'join with an unknown role',
      AccountsCommands.membershipJoin.request,
      { communityId: EX.community, userId: EX.aliceId, role: 'king' },
      'role',
    ],
    [
      'role without a role',
      AccountsCommands.membershipRole.request,
      { communityId: EX.community, userId: EX.aliceId },
      'role',
    ],
    [
      'list with a huge limit',
      AccountsCommands.membershipList.request,
      { communityId: EX.community, limit: PAGE_SIZE_MAX + 1 },
      'limit',
    ],
    [
      'list with an unknown status',
      AccountsCommands.membershipList.request,
      { communityId: EX.community, status: 'banned' },
      'status',
    ],
    [
      "a user's memberships with too many asked for",
      AccountsCommands.userMemberships.request,
      { userId: EX.aliceId, limit: USER_MEMBERSHIPS_MAX + 1 },
      'limit',
    ],
    [
      "a user's memberships of a user id that is none",
      AccountsCommands.userMemberships.request,
      { userId: 'alice' },
      'userId',
    ],
    [
      'leave without a user',
      AccountsCommands.membershipLeave.request,
      { communityId: EX.community },
      'userId',
    ],
  ])('%s', (_name, schema, payload, field) => {
    expect(firstRejectedField(schema, payload)).toBe(field);
  });

  it('accepts a chosen community id, and a Telegram chat with or without its derived id', () => {
    const schema = AccountsCommands.communityUpsert.request;
    expect(() => parseOrThrow(schema, { id: 'minecraft-survival', title: 'Survival' })).not.toThrow();
    expect(() =>
      parseOrThrow(schema, { id: 'tg-100', telegramChatId: '-100', title: 'Group' }),
    ).not.toThrow();
    expect(isTelegramCommunityId('tg-100')).toBe(true);
    expect(isTelegramCommunityId('tgames')).toBe(false);
  });

  it('accepts a link code as a player types it, and reads it as the code it stands for', () => {
    const schema = AccountsCommands.linkCodeRedeem.request;
    for (const code of ['K7Q2-9XF3', 'k7q29xf3', 'K7Q2 9XF3']) {
      expect(() => parseOrThrow(schema, { ...AccountsCommands.linkCodeRedeem.example, code })).not.toThrow();
      expect(normalizeLinkCode(code)).toBe('K7Q29XF3');
    }
    expect(normalizeLinkCode('0ilo-ILOo')).toBe('01101100');
    for (const char of normalizeLinkCode('K7Q2-9XF3')) expect(LINK_CODE_ALPHABET).toContain(char);
  });

  it('lists active memberships unless told otherwise, and trims display names', () => {
    expect(parseOrThrow(AccountsCommands.membershipList.request, { communityId: 'c' }).status).toBe('active');
    expect(parseOrThrow(upsert.request, { ...good, displayName: '  Alice  ' }).displayName).toBe('Alice');
  });
});

describe('membership.ensure', () => {
  const ensure = AccountsCommands.membershipEnsure;
  const telegramUser = ensure.example.user;
  const game = {
    identity: { provider: 'minecraft', externalId: 'GusPark', communityId: 'demo-town' },
    newUserId: EX.aliceId,
    displayName: 'Gus Park',
    profile: 'keep',
  };

  it("accepts a Telegram chat with its title, or an existing community with a game's identity kept there", () => {
    expect(() => parseOrThrow(ensure.request, ensure.example)).not.toThrow();
    const parsed = parseOrThrow(ensure.request, { community: { communityId: 'demo-town' }, user: game });
    expect(parsed.user.profile).toBe('keep');
    expect(ensuredCommunityId(parsed.community)).toBe('demo-town');
    expect(ensuredCommunityId(ensure.example.community)).toBe(EX.community);
    expect(parseOrThrow(ensure.request, ensure.example).user.profile).toBe('update');
  });

  it.each<[string, unknown, string]>([
    ['no community', { community: {}, user: telegramUser }, 'community.communityId'],
    [
      'a chat without its title',
      { community: { telegramChatId: EX.chatId }, user: telegramUser },
      'community.title',
    ],
    [
      'a title for an existing community',
      { community: { communityId: 'demo-town', title: 'x' }, user: telegramUser },
      'community.title',
    ],
    [
      "a chat whose id is not its community's",
      { community: { communityId: 'other', telegramChatId: EX.chatId, title: 'x' }, user: telegramUser },
      'community.communityId',
    ],
    [
      "a game's identity of another community",
      { community: { communityId: 'other-town' }, user: game },
      'user.identity.communityId',
    ],
    [
      'an unknown profile mode',
      { community: { communityId: 'demo-town' }, user: { ...game, profile: 'replace' } },
      'user.profile',
    ],
    [
      'a new user id that is no ULID',
      { community: { communityId: 'demo-town' }, user: { ...game, newUserId: 'gus' } },
      'user.newUserId',
    ],
    ['no user', { community: ensure.example.community }, 'user'],
  ])('refuses %s, naming the field', (_name, payload, field) => {
    expect(firstRejectedField(ensure.request, payload)).toBe(field);
  });
});

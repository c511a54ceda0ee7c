import { AccountsEvents, ledgerAccountId } from '@ticketonomics/contracts';
import { waitFor } from '@ticketonomics/testing';
import { startAccountsHarness, type AccountsHarness } from './support/accounts.harness';

const ENSURE = 'tk.cmd.accounts.membership.ensure';
const S = (verb: string) => `tk.cmd.accounts.${verb}`;
const CHAT = '-1005550077';
const C = `tg${CHAT}`;
const GAME_TOWN = 'ensure-town';
const GUS_ID = '01KB2Y6ZJ8ZQ0V7M3N4P5Q6G05';
const OTHER_ID = '01KB2Y6ZJ8ZQ0V7M3N4P5Q6G06';

const telegram = (externalId: string, profile: Record<string, unknown>) => ({
  community: { telegramChatId: CHAT, title: 'Tea party' },
  user: { identity: { provider: 'telegram', externalId }, ...profile },
});

/** A game's player as the HTTP gateway's register route sends one: its id chosen, its profile kept. */
const player = (newUserId: string, displayName: string) => ({
  community: { communityId: GAME_TOWN },
  user: {
    identity: { provider: 'minecraft', externalId: 'GusPark', communityId: GAME_TOWN },
    newUserId,
    displayName,
    profile: 'keep',
  },
});

describe('membership.ensure: community, user and membership in one transaction', () => {
  let h: AccountsHarness;

  /** The types of the accounts events published so far about `subject` (a user or community id). */
  const typesAbout = async (subject: string) =>
    (await h.streamEvents())
      .filter((event) => event.subject.startsWith('tk.evt.accounts.') && event.data.subject === subject)
      .map((event) => event.data.type);
  /** Waits for `count` events about `subject`, then a little longer, to see that no more come. */
  const settledTypes = async (subject: string, count: number) => {
    await waitFor(async () => (await typesAbout(subject)).length >= count);
    await new Promise((resolve) => setTimeout(resolve, 300));
    return typesAbout(subject);
  };

  beforeAll(async () => {
    h = await startAccountsHarness();
    await h.ok(S('community.upsert'), { id: GAME_TOWN, title: 'Ensure Town' });
  });

  afterAll(async () => {
    await h?.close();
  });

  it('makes a Telegram chat, its new user and their membership at once, emitting what the separate commands do', async () => {
    const ensured = await h.ok(ENSURE, telegram('2001', { username: 'Dora', displayName: 'Dora' }));
    const userId = ensured.user.id;
    expect(ensured).toMatchObject({
      communityId: C,
      user: { username: 'Dora', displayName: 'Dora', language: 'en' },
      membership: { communityId: C, userId, role: 'member', status: 'active', leftAt: null },
      accountId: ledgerAccountId('user', C, userId),
    });
    expect(await h.ok(S('community.get'), { communityId: C })).toMatchObject({
      title: 'Tea party',
      telegramChatId: CHAT,
    });
    expect(await h.ok(S('user.lookup'), { communityId: C, username: 'dora' })).toEqual(ensured.user);
    expect(await settledTypes(C, 1)).toEqual([AccountsEvents.communityCreated.type]);
    expect(await settledTypes(userId, 2)).toEqual([
      AccountsEvents.userCreated.type,
      AccountsEvents.membershipJoined.type,
    ]);
  });

  it('is idempotent: the same request changes and emits nothing; a new profile or title is brought up to date', async () => {
    const first = await h.ok(ENSURE, telegram('2001', { username: 'Dora', displayName: 'Dora' }));
    const again = await h.ok(ENSURE, telegram('2001', { username: 'Dora', displayName: 'Dora' }));
    expect(again).toEqual(first);
    expect(await settledTypes(first.user.id, 2)).toHaveLength(2);

    const renamed = await h.ok(ENSURE, {
      community: { telegramChatId: CHAT, title: 'Mad tea party' },
      user: {
        identity: { provider: 'telegram', externalId: '2001' },
        displayName: 'Dora M.',
        language: 'ru',
      },
    });
    expect(renamed.user).toMatchObject({ id: first.user.id, username: 'Dora', displayName: 'Dora M.' });
    expect(renamed.user.language).toBe('ru');
    expect(renamed.membership).toEqual(first.membership);
    expect(await settledTypes(first.user.id, 3)).toEqual([
      AccountsEvents.userCreated.type,
      AccountsEvents.membershipJoined.type,
      AccountsEvents.userUpdated.type,
    ]);
    expect(await settledTypes(C, 2)).toEqual([
      AccountsEvents.communityCreated.type,
      AccountsEvents.communityUpdated.type,
    ]);
  });

  it('joins a member who left again, as membership.join does, with a fresh stay as a member', async () => {
    const before = await h.ok(ENSURE, telegram('2002', { displayName: 'Eve' }));
    await h.ok(S('membership.role'), { communityId: C, userId: before.user.id, role: 'admin' });
    const left = await h.ok(S('membership.leave'), { communityId: C, userId: before.user.id });
    expect(left.status).toBe('left');
    const back = await h.ok(ENSURE, telegram('2002', { displayName: 'Eve' }));
    expect(back.membership).toMatchObject({ status: 'active', role: 'member', leftAt: null });
    expect(back.membership.joinedAt >= left.leftAt).toBe(true);
    const joins = (await settledTypes(before.user.id, 5)).filter(
      (type) => type === AccountsEvents.membershipJoined.type,
    );
    expect(joins).toHaveLength(2);
  });

  it("registers a game's player in an existing community with the caller's id, and answers them as they are afterwards", async () => {
    const gus = await h.ok(ENSURE, player(GUS_ID, 'Gus Park'));
    expect(gus).toMatchObject({
      communityId: GAME_TOWN,
      user: {
        id: GUS_ID,
        displayName: 'Gus Park',
        identities: [{ provider: 'minecraft', externalId: 'GusPark', communityId: GAME_TOWN }],
      },
      membership: { status: 'active', role: 'member' },
      accountId: ledgerAccountId('user', GAME_TOWN, GUS_ID),
    });
    // A retry with another new id and another name answers the same user, untouched.
    const again = await h.ok(ENSURE, player(OTHER_ID, 'Someone Else'));
    expect(again).toEqual(gus);
    expect(await settledTypes(GUS_ID, 2)).toEqual([
      AccountsEvents.userCreated.type,
      AccountsEvents.membershipJoined.type,
    ]);
    expect(await h.call(S('user.get'), { userId: OTHER_ID })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  it('refuses an unknown community, and a new id another user has, changing nothing', async () => {
    expect(
      await h.call(ENSURE, {
        community: { communityId: 'no-such-town' },
        user: { identity: { provider: 'telegram', externalId: '2003' }, displayName: 'Fay' },
      }),
    ).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', details: { field: 'community.communityId' } } });
    const taken = await h.call(ENSURE, {
      community: { telegramChatId: '-1005550078', title: 'Other party' },
      user: { identity: { provider: 'telegram', externalId: '2003' }, newUserId: GUS_ID, displayName: 'Fay' },
    });
    expect(taken).toMatchObject({ ok: false, error: { code: 'CONFLICT', details: { field: 'userId' } } });
    // All or nothing: the chat's community was not created by the refused request.
    expect(await h.call(S('community.get'), { communityId: 'tg-1005550078' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await h.call(S('user.find'), { provider: 'telegram', externalId: '2003' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  it('serializes simultaneous ensures of a new member: one user, one membership, one event of each', async () => {
    const replies = await Promise.all(
      Array.from({ length: 20 }, () => h.ok(ENSURE, telegram('2004', { displayName: 'Gil' }))),
    );
    const ids = new Set(replies.map((reply) => reply.user.id));
    expect(ids.size).toBe(1);
    const [id] = [...ids] as [string];
    expect(await settledTypes(id, 2)).toEqual([
      AccountsEvents.userCreated.type,
      AccountsEvents.membershipJoined.type,
    ]);
  });
});

import { AccountsEvents, CloudEventSchema, USER_ID_PATTERN } from '@ticketonomics/contracts';
import { encodeJson } from '@ticketonomics/messaging';
import { partitionOf } from '@ticketonomics/partitions';
import { waitFor } from '@ticketonomics/testing';
import { setTimeout as sleep } from 'node:timers/promises';
import { startAccountsHarness, type AccountsHarness } from './support/accounts.harness';

const S = (verb: string) => `tk.cmd.accounts.${verb}`;
const CHAT = '-1005550001';
const C = `tg${CHAT}`;

/** Every event type the service publishes, by its type. */
const SPECS = new Map(Object.values(AccountsEvents).map((spec) => [spec.type, spec]));

describe('accounts commands over NATS', () => {
  let h: AccountsHarness;
  let alice: any;
  let bob: any;

  const upsert = (telegramId: string, profile: Record<string, unknown>) =>
    h.ok(S('user.upsert'), { identity: { provider: 'telegram', externalId: telegramId }, ...profile });
  const accountsEvents = async () =>
    (await h.streamEvents()).filter((event) => event.subject.startsWith('tk.evt.accounts.'));

  beforeAll(async () => {
    h = await startAccountsHarness();
    await h.ok(S('community.upsert'), { telegramChatId: CHAT, title: 'Tea party' });
    alice = await upsert('1001', { username: 'Alice', displayName: 'Alice' });
    bob = await upsert('1002', { username: 'BoB', displayName: 'Bob', language: 'ru' });
    await h.ok(S('membership.join'), { communityId: C, userId: alice.id });
    await h.ok(S('membership.join'), { communityId: C, userId: bob.id });
  });

  afterAll(async () => {
    await h?.close();
  });

  describe('users', () => {
    it('creates a user with a ULID, its Telegram identity and default language', async () => {
      expect(alice).toMatchObject({
        username: 'Alice',
        displayName: 'Alice',
        language: 'en',
        identities: [
          { provider: 'telegram', externalId: '1001', communityId: null, linkedAt: expect.any(String) },
        ],
      });
      expect(alice.id).toMatch(USER_ID_PATTERN);
      expect(bob.id > alice.id).toBe(true);
      expect(bob.language).toBe('ru');
    });

    it('is idempotent: the same profile returns the same user; a change updates only what was sent', async () => {
      const again = await upsert('1001', { username: 'Alice', displayName: 'Alice' });
      expect(again).toEqual(alice);
      const renamed = await upsert('1001', { displayName: 'Alice L.', language: 'en-GB' });
      expect(renamed).toMatchObject({
        id: alice.id,
        username: 'Alice',
        displayName: 'Alice L.',
        language: 'en-GB',
      });
      expect(renamed.createdAt).toBe(alice.createdAt);
      const cleared = await upsert('1003', { displayName: 'Nameless', username: null });
      expect(cleared.username).toBeNull();
    });

    it('reads a user by id and finds one by identity; unknown ones are NOT_FOUND', async () => {
      expect((await h.ok(S('user.get'), { userId: alice.id })).id).toBe(alice.id);
      expect((await h.ok(S('user.find'), { provider: 'telegram', externalId: '1002' })).id).toBe(bob.id);
      expect(await h.call(S('user.get'), { userId: '01KB0000000000000000000000' })).toMatchObject({
        ok: false,
        error: { code: 'NOT_FOUND', details: { field: 'userId' } },
      });
      expect(await h.call(S('user.find'), { provider: 'telegram', externalId: '999' })).toMatchObject({
        ok: false,
        error: { code: 'NOT_FOUND', details: { field: 'externalId' } },
      });
    });

    it('creates a user with a chosen id once; that id with another identity, or another id, is CONFLICT', async () => {
      const chosen = '01KB2Y6ZJ8ZQ0V7M3N4P5Q6R00';
      const carol = await upsert('1004', { userId: chosen, displayName: 'Carol' });
      expect(carol.id).toBe(chosen);
      expect((await upsert('1004', { userId: chosen, displayName: 'Carol' })).id).toBe(chosen);
      expect(
        await h.call(S('user.upsert'), {
          identity: { provider: 'telegram', externalId: '1005' },
          userId: chosen,
          displayName: 'Not Carol',
        }),
      ).toMatchObject({
        ok: false,
        error: { code: 'CONFLICT', details: { field: 'userId', userId: chosen } },
      });
      expect(
        await h.call(S('user.upsert'), {
          identity: { provider: 'telegram', externalId: '1004' },
          userId: alice.id,
          displayName: 'Carol',
        }),
      ).toMatchObject({
        ok: false,
        error: { code: 'CONFLICT', details: { field: 'userId', userId: chosen } },
      });
    });

    it('links an external identity once; another user linking it is CONFLICT; unknown users NOT_FOUND', async () => {
      const link = { userId: alice.id, provider: 'minecraft', externalId: 'steve-42', communityId: C };
      const linked = await h.ok(S('identity.link'), link);
      expect(linked.identities.map((i: any) => `${i.provider}:${i.externalId}@${i.communityId}`)).toEqual([
        'telegram:1001@null',
        `minecraft:steve-42@${C}`,
      ]);
      expect(await h.ok(S('identity.link'), link)).toEqual(linked);
      expect(
        (await h.ok(S('user.find'), { provider: 'minecraft', externalId: 'steve-42', communityId: C })).id,
      ).toBe(alice.id);
      expect(await h.call(S('identity.link'), { ...link, userId: bob.id })).toMatchObject({
        ok: false,
        error: { code: 'CONFLICT', details: { field: 'externalId', userId: alice.id } },
      });
      expect(
        await h.call(S('identity.link'), {
          ...link,
          userId: bob.id,
          provider: 'telegram',
          externalId: '1001',
          communityId: undefined,
        }),
      ).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
      expect(
        await h.call(S('identity.link'), { ...link, userId: '01KB0000000000000000000000' }),
      ).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', details: { field: 'userId' } } });
      expect(await h.call(S('identity.link'), { ...link, communityId: 'nowhere' })).toMatchObject({
        ok: false,
        error: { code: 'NOT_FOUND', details: { field: 'communityId' } },
      });
    });

    it('looks members up by username whatever the case, with or without @', async () => {
      for (const username of ['bob', 'BOB', '@bob', '@BoB']) {
        const found = await h.ok(S('user.lookup'), { communityId: C, username });
        expect(found.id).toBe(bob.id);
      }
      expect((await h.ok(S('user.lookup'), { communityId: C, username: '@alice' })).id).toBe(alice.id);
    });

    it('finds no one by a username that is unknown, not a member, or in an unknown community', async () => {
      await upsert('1006', { username: 'dora', displayName: 'Dora' });
      for (const username of ['nobody', 'dora']) {
        expect(await h.call(S('user.lookup'), { communityId: C, username })).toMatchObject({
          ok: false,
          error: { code: 'NOT_FOUND', details: { field: 'username' } },
        });
      }
      expect(await h.call(S('user.lookup'), { communityId: 'nowhere', username: 'bob' })).toMatchObject({
        ok: false,
        error: { code: 'NOT_FOUND', details: { field: 'communityId' } },
      });
    });

    it('moves a username taken by another user (any case) to that user and clears it on the first', async () => {
      const eve = await upsert('1007', { username: 'eve', displayName: 'Eve' });
      const mallory = await upsert('1008', { username: 'EVE', displayName: 'Mallory' });
      expect(mallory.username).toBe('EVE');
      expect((await h.ok(S('user.get'), { userId: eve.id })).username).toBeNull();
      await waitFor(async () =>
        (await accountsEvents()).some(
          (e) =>
            e.data.type === AccountsEvents.userUpdated.type &&
            e.data.data.id === eve.id &&
            e.data.data.username === null,
        ),
      );
    });
  });

  describe('communities', () => {
    it('creates a Telegram community as tg + chat id, idempotently, and updates its title', async () => {
      const community = await h.ok(S('community.get'), { communityId: C });
      expect(community).toMatchObject({ id: C, title: 'Tea party', telegramChatId: CHAT });
      expect(await h.ok(S('community.upsert'), { telegramChatId: CHAT, title: 'Tea party' })).toEqual(
        community,
      );
      const renamed = await h.ok(S('community.upsert'), {
        id: C,
        telegramChatId: CHAT,
        title: 'Mad tea party',
      });
      expect(renamed).toMatchObject({ id: C, title: 'Mad tea party', createdAt: community.createdAt });
    });

    it('creates a community with a chosen id; an unknown one is NOT_FOUND', async () => {
      const server = await h.ok(S('community.upsert'), { id: 'mc-survival', title: 'Survival' });
      expect(server).toMatchObject({ id: 'mc-survival', telegramChatId: null });
      expect(await h.call(S('community.get'), { communityId: 'nowhere' })).toMatchObject({
        ok: false,
        error: { code: 'NOT_FOUND', details: { field: 'communityId' } },
      });
    });
  });

  describe('memberships', () => {
    it('joins idempotently, and refuses unknown communities and users', async () => {
      const first = await h.ok(S('membership.get'), { communityId: C, userId: alice.id });
      expect(first).toMatchObject({ role: 'member', status: 'active', leftAt: null });
      expect(await h.ok(S('membership.join'), { communityId: C, userId: alice.id, role: 'owner' })).toEqual(
        first,
      );
      expect(await h.call(S('membership.join'), { communityId: 'nowhere', userId: alice.id })).toMatchObject({
        ok: false,
        error: { code: 'NOT_FOUND', details: { field: 'communityId' } },
      });
      expect(
        await h.call(S('membership.join'), { communityId: C, userId: '01KB0000000000000000000000' }),
      ).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', details: { field: 'userId' } } });
      const stranger = await upsert('1010', { displayName: 'Stranger' });
      expect(await h.call(S('membership.get'), { communityId: C, userId: stranger.id })).toMatchObject({
        ok: false,
        error: { code: 'NOT_FOUND', details: { field: 'userId' } },
      });
    });

    it('leaves and re-joins: a left member is not looked up and gets a fresh stay as a member', async () => {
      const frank = await upsert('1011', { username: 'frank', displayName: 'Frank' });
      await h.ok(S('membership.join'), { communityId: C, userId: frank.id, role: 'admin' });
      const left = await h.ok(S('membership.leave'), { communityId: C, userId: frank.id });
      expect(left).toMatchObject({ status: 'left', role: 'admin', leftAt: expect.any(String) });
      expect(await h.ok(S('membership.leave'), { communityId: C, userId: frank.id })).toEqual(left);
      expect(await h.call(S('user.lookup'), { communityId: C, username: 'frank' })).toMatchObject({
        ok: false,
        error: { code: 'NOT_FOUND' },
      });
      expect(
        await h.call(S('membership.role'), { communityId: C, userId: frank.id, role: 'owner' }),
      ).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN', details: { field: 'userId' } },
      });
      const back = await h.ok(S('membership.join'), { communityId: C, userId: frank.id });
      expect(back).toMatchObject({ status: 'active', role: 'member', leftAt: null });
      expect(Date.parse(back.joinedAt)).toBeGreaterThanOrEqual(Date.parse(left.joinedAt));
      expect((await h.ok(S('user.lookup'), { communityId: C, username: 'FRANK' })).id).toBe(frank.id);
      expect(await h.call(S('membership.leave'), { communityId: 'nowhere', userId: frank.id })).toMatchObject(
        {
          ok: false,
          error: { code: 'NOT_FOUND', details: { field: 'communityId' } },
        },
      );
    });

    it('changes a role, idempotently', async () => {
      const admin = await h.ok(S('membership.role'), { communityId: C, userId: bob.id, role: 'admin' });
      expect(admin).toMatchObject({ role: 'admin', status: 'active' });
      expect(await h.ok(S('membership.role'), { communityId: C, userId: bob.id, role: 'admin' })).toEqual(
        admin,
      );
      expect((await h.ok(S('membership.get'), { communityId: C, userId: bob.id })).role).toBe('admin');
    });

    it('lists a page at a time in user id order, filtered by role and status', async () => {
      const P = 'paging';
      await h.ok(S('community.upsert'), { id: P, title: 'Paging' });
      const ids: string[] = [];
      for (let i = 0; i < 7; i += 1) {
        const user = await upsert(String(2000 + i), { displayName: `User ${i}` });
        await h.ok(S('membership.join'), {
          communityId: P,
          userId: user.id,
          role: i % 3 === 0 ? 'admin' : 'member',
        });
        ids.push(user.id);
      }
      await h.ok(S('membership.leave'), { communityId: P, userId: ids[6] });
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page: any = await h.ok(S('membership.list'), {
          communityId: P,
          limit: 2,
          ...(cursor ? { cursor } : {}),
        });
        seen.push(...page.items.map((m: any) => m.userId));
        cursor = page.nextCursor ?? undefined;
        pages += 1;
      } while (cursor !== undefined);
      expect(seen).toEqual(ids.slice(0, 6));
      expect(pages).toBe(3);
      const admins = await h.ok(S('membership.list'), { communityId: P, role: 'admin' });
      expect(admins.items.map((m: any) => m.userId)).toEqual([ids[0], ids[3]]);
      expect(admins.nextCursor).toBeNull();
      const left = await h.ok(S('membership.list'), { communityId: P, status: 'left' });
      expect(left.items.map((m: any) => m.userId)).toEqual([ids[6]]);
      expect(await h.call(S('membership.list'), { communityId: P, cursor: 'garbage' })).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION_FAILED', details: { field: 'cursor' } },
      });
      expect(await h.call(S('membership.list'), { communityId: 'nowhere' })).toMatchObject({
        ok: false,
        error: { code: 'NOT_FOUND', details: { field: 'communityId' } },
      });
    });
  });

  describe("a user's communities", () => {
    it('lists the active memberships from every partition, newest first, with titles; limit cuts and says so', async () => {
      const grace = await upsert('1020', { displayName: 'Grace' });
      const ids = ['guild-a', 'guild-b', 'guild-c', 'guild-d'];
      for (const id of ids) await h.ok(S('community.upsert'), { id, title: `Guild ${id.slice(-1)}` });
      // The four spread over more than one of the harness's three partitions, so the answer is a merge.
      expect(new Set(ids.map((id) => partitionOf(id, 3))).size).toBeGreaterThan(1);
      for (const id of ids) {
        await h.ok(S('membership.join'), {
          communityId: id,
          userId: grace.id,
          role: id === 'guild-b' ? 'admin' : 'member',
        });
        await sleep(5);
      }
      await h.ok(S('membership.leave'), { communityId: 'guild-c', userId: grace.id });

      const all = await h.ok(S('user.memberships'), { userId: grace.id });
      expect(all).toEqual({
        items: [
          { communityId: 'guild-d', title: 'Guild d', role: 'member', joinedAt: expect.any(String) },
          { communityId: 'guild-b', title: 'Guild b', role: 'admin', joinedAt: expect.any(String) },
          { communityId: 'guild-a', title: 'Guild a', role: 'member', joinedAt: expect.any(String) },
        ],
        complete: true,
      });
      expect(await h.ok(S('user.memberships'), { userId: grace.id, limit: 2 })).toEqual({
        items: all.items.slice(0, 2),
        complete: false,
      });
      const loner = await upsert('1021', { displayName: 'Loner' });
      expect(await h.ok(S('user.memberships'), { userId: loner.id })).toEqual({ items: [], complete: true });
      expect(await h.call(S('user.memberships'), { userId: grace.id, limit: 0 })).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION_FAILED', details: { field: 'limit' } },
      });
    });
  });

  describe('concurrent writes', () => {
    it('serializes them: 25 simultaneous upserts of one new identity make one user, joins one membership', async () => {
      const replies = await Promise.all(
        Array.from({ length: 25 }, () =>
          h.call(S('user.upsert'), {
            identity: { provider: 'minecraft', externalId: 'race-1', communityId: C },
            displayName: 'Racer',
          }),
        ),
      );
      const ids = new Set(replies.map((reply: any) => reply.data?.id));
      expect(ids.size).toBe(1);
      const [id] = [...ids];
      const joins = await Promise.all(
        Array.from({ length: 25 }, () => h.call(S('membership.join'), { communityId: C, userId: id })),
      );
      expect(joins.every((reply) => reply.ok)).toBe(true);
      const events = await waitFor(async () => {
        const found = (await accountsEvents()).filter((e) => e.data.subject === id);
        return found.length >= 2 && found;
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect((await accountsEvents()).filter((e) => e.data.subject === id).map((e) => e.data.type)).toEqual(
        events.map((e) => e.data.type),
      );
      expect(events.map((e) => e.data.type)).toEqual([
        AccountsEvents.userCreated.type,
        AccountsEvents.membershipJoined.type,
      ]);
    });
  });

  describe('bad payloads get VALIDATION_FAILED naming the field', () => {
    const tg = { provider: 'telegram', externalId: '1' };
    it.each<[string, unknown, string]>([
      ['user.upsert', { displayName: 'x' }, 'identity'],
      ['user.upsert', { identity: tg }, 'displayName'],
      [
        'user.upsert',
        { identity: { provider: 'telegram', externalId: 'abc' }, displayName: 'x' },
        'identity.externalId',
      ],
      ['user.upsert', { identity: tg, displayName: 'x', username: '@x' }, 'username'],
      ['user.upsert', { identity: tg, displayName: 'x', language: 42 }, 'language'],
      ['user.upsert', { identity: tg, displayName: 'x', role: 'admin' }, 'role'],
      ['user.get', {}, 'userId'],
      ['user.get', { userId: 'alice' }, 'userId'],
      ['user.find', { provider: 'TG', externalId: '1' }, 'provider'],
      ['user.lookup', { communityId: C }, 'username'],
      ['user.lookup', { communityId: C, username: 'a b' }, 'username'],
      ['identity.link', { userId: '01KB0000000000000000000000', provider: 'minecraft' }, 'externalId'],
      ['community.upsert', { title: 'x' }, 'id'],
      ['community.upsert', { id: 'global', title: 'x' }, 'id'],
      ['community.upsert', { telegramChatId: 123, title: 'x' }, 'telegramChatId'],
      ['community.get', { communityId: 'has space' }, 'communityId'],
      ['membership.join', { communityId: C, userId: '01KB0000000000000000000000', role: 'king' }, 'role'],
      ['membership.role', { communityId: C, userId: '01KB0000000000000000000000' }, 'role'],
      ['membership.list', { communityId: C, limit: 0 }, 'limit'],
      ['membership.leave', [], '$'],
    ])('%s %j', async (verb, payload, field) => {
      const reply = await h.call(S(verb), payload);
      expect(reply).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', details: { field } } });
      if (!reply.ok) expect(reply.error.message.startsWith(`${field}: `)).toBe(true);
    });

    it('answers a body that is not JSON with VALIDATION_FAILED', async () => {
      const reply = await h.callRaw(S('user.get'), new TextEncoder().encode('{not json'));
      expect(reply).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
      expect((await h.callRaw(S('user.get'), encodeJson({ userId: alice.id }))).ok).toBe(true);
    });
  });

  describe('events and restart', () => {
    it('publishes each change once to JetStream, as a CloudEvent carrying the entity after the change', async () => {
      const events = await waitFor(
        async () => {
          const found = await accountsEvents();
          return found.some((e) => e.data.type === AccountsEvents.membershipRoleChanged.type) && found;
        },
        { timeoutMs: 10_000 },
      );
      const ids = events.map((e) => e.data.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const event of events) {
        expect(event.msgId).toBe(event.data.id);
        expect(event.subject).toBe(event.data.type);
        const spec = SPECS.get(event.data.type);
        expect(spec).toBeDefined();
        expect(CloudEventSchema.extend({ data: spec!.data }).safeParse(event.data).success).toBe(true);
        expect(event.data.source).toBe('ticketonomics/accounts');
      }
      const ofType = (type: string) => events.filter((e) => e.data.type === type).map((e) => e.data);
      const [created] = ofType(AccountsEvents.userCreated.type).filter((e) => e.subject === alice.id);
      expect(created).toMatchObject({ communityid: 'global', data: { id: alice.id, username: 'Alice' } });
      // user.upsert repeated with the same profile emitted nothing.
      expect(ofType(AccountsEvents.userUpdated.type).filter((e) => e.subject === alice.id)).toHaveLength(1);
      expect(ofType(AccountsEvents.identityLinked.type)).toEqual([
        expect.objectContaining({
          subject: alice.id,
          communityid: 'global',
          data: expect.objectContaining({ identity: expect.objectContaining({ externalId: 'steve-42' }) }),
        }),
      ]);
      expect(ofType(AccountsEvents.communityCreated.type).filter((e) => e.subject === C)).toHaveLength(1);
      expect(ofType(AccountsEvents.communityUpdated.type)).toEqual([
        expect.objectContaining({
          communityid: C,
          data: expect.objectContaining({ title: 'Mad tea party' }),
        }),
      ]);
      const roleChanged = ofType(AccountsEvents.membershipRoleChanged.type);
      expect(roleChanged).toEqual([
        expect.objectContaining({
          communityid: C,
          subject: bob.id,
          data: expect.objectContaining({ userId: bob.id, role: 'admin' }),
        }),
      ]);
      const joinsOfAlice = ofType(AccountsEvents.membershipJoined.type).filter(
        (e) => e.communityid === C && e.subject === alice.id,
      );
      expect(joinsOfAlice).toHaveLength(1);
      expect(
        ofType(AccountsEvents.membershipLeft.type)
          .filter((e) => e.communityid === C || e.communityid === 'paging')
          .map((e) => e.data.status),
      ).toEqual(['left', 'left']);
      const frankJoins = ofType(AccountsEvents.membershipJoined.type).filter(
        (e) => e.communityid === C && e.data.role === 'admin',
      );
      expect(frankJoins).toHaveLength(1);
    });

    it('keeps everything across a restart and publishes nothing twice', async () => {
      await waitFor(() => h.unsentEvents() === 0);
      const before = await accountsEvents();
      const members = await h.ok(S('membership.list'), { communityId: C, limit: 200 });
      await h.restart();
      expect(await h.ok(S('user.get'), { userId: alice.id })).toMatchObject({
        id: alice.id,
        displayName: 'Alice L.',
        identities: [
          expect.objectContaining({ provider: 'telegram' }),
          expect.objectContaining({ provider: 'minecraft' }),
        ],
      });
      expect((await h.ok(S('user.lookup'), { communityId: C, username: '@bob' })).id).toBe(bob.id);
      expect(await h.ok(S('membership.list'), { communityId: C, limit: 200 })).toEqual(members);
      expect((await h.ok(S('community.get'), { communityId: C })).title).toBe('Mad tea party');
      const carol = await upsert('3000', { displayName: 'After restart' });
      expect(carol.id > alice.id).toBe(true);
      const after = await waitFor(async () => {
        const found = await accountsEvents();
        return found.length === before.length + 1 && found;
      });
      expect(after.slice(0, before.length)).toEqual(before);
      expect(after.at(-1)!.data).toMatchObject({ type: AccountsEvents.userCreated.type, subject: carol.id });
    });
  });
});

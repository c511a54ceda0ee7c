import {
  AccountsCommands,
  AccountsEvents,
  communityOfAccountId,
  EVENT_STREAM,
  type ActivityRewarded,
  type CloudEvent,
} from '@ticketonomics/contracts';
import { buildEvent, encodeJson } from '@ticketonomics/messaging';
import {
  makeTempDir,
  removeDir,
  spawnBackendService,
  waitFor,
  type ServiceProcess,
} from '@ticketonomics/testing';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { headers } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { LOGGER } from '../src/ledger.tokens';
import { startLedgerHarness, type LedgerHarness } from './support/ledger.harness';

/**
 * The ledger opens accounts from the accounts service's events: a community's system accounts when it
 * is created, a member's account when they join, once each however often an event is delivered. It mints
 * the rewards accounts decides (activity.rewarded), once each, and drops what it can never apply.
 */
describe('ledger accounts from accounts events', () => {
  let h: LedgerHarness;
  let accounts: ServiceProcess | undefined;
  let accountsDir: string;

  beforeAll(async () => {
    h = await startLedgerHarness();
    accountsDir = await makeTempDir('accounts-for-ledger-');
    accounts = (await spawnBackendService({ name: 'accounts', nats: h.nats, dataDir: accountsDir })).process;
  });

  afterAll(async () => {
    await accounts?.stop();
    await h?.close();
    await removeDir(accountsDir);
  });

  /** The account as opened, or undefined (account.get would read a member's unopened account as empty). */
  const accountExists = async (accountId: string) => {
    const reply = await h.call<{ items: { id: string }[] }>('tk.cmd.ledger.account.list', {
      communityId: communityOfAccountId(accountId),
      limit: 200,
    });
    return reply.ok ? reply.data.items.find((account) => account.id === accountId) : undefined;
  };

  it('opens the system accounts of a new community and the account of each member who joins', async () => {
    const community = await h.client.request(AccountsCommands.communityUpsert, {
      telegramChatId: '-1001234567890',
      title: 'Sync test',
    });
    const user = await h.client.request(AccountsCommands.userUpsert, {
      identity: { provider: 'telegram', externalId: '4242' },
      username: 'syncer',
      displayName: 'Sync Er',
    });
    await waitFor(() => accountExists(`treasury:${community.id}`), {
      timeoutMs: 10_000,
      description: 'treasury opened from community.created',
    });
    expect(await accountExists(`user:${community.id}:${user.id}`)).toBeUndefined();

    await h.client.request(AccountsCommands.membershipJoin, { communityId: community.id, userId: user.id });
    const account = await waitFor(() => accountExists(`user:${community.id}:${user.id}`), {
      timeoutMs: 10_000,
      description: 'member account opened from membership.joined',
    });
    expect(account).toMatchObject({ kind: 'user', ownerId: user.id, communityId: community.id, balance: 0 });
    await h.ok('tk.cmd.ledger.supply.mint', {
      id: 'sync-welcome',
      accountId: `user:${community.id}:${user.id}`,
      amount: 5,
    });
  });

  it('applies a redelivered event once and ignores events it has nothing to do for', async () => {
    const event = buildEvent(AccountsEvents.membershipJoined, {
      source: 'ticketonomics/accounts',
      communityId: 'redelivered',
      subject: '01KB2Y6ZJ8ZQ0V7M3N4P5Q6R70',
      data: {
        ...AccountsEvents.membershipJoined.example,
        communityId: 'redelivered',
        userId: '01KB2Y6ZJ8ZQ0V7M3N4P5Q6R70',
      },
    });
    const js = jetstream(h.nc);
    for (const msgId of [`${event.id}`, `${event.id}-again`, `${event.id}-and-again`]) {
      const h2 = headers();
      h2.set('Nats-Msg-Id', msgId);
      await js.publish(event.type, encodeJson(event), { headers: h2 });
    }
    await waitFor(() => accountExists('user:redelivered:01KB2Y6ZJ8ZQ0V7M3N4P5Q6R70'), {
      timeoutMs: 10_000,
      description: 'account opened',
    });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const events = await h.streamEvents();
    const opened = events.filter(
      (e) =>
        e.subject === 'tk.evt.ledger.account.opened' &&
        e.data.data.id === 'user:redelivered:01KB2Y6ZJ8ZQ0V7M3N4P5Q6R70',
    );
    expect(opened).toHaveLength(1);
    const jsm = await jetstreamManager(h.nc);
    const info = await jsm.consumers.info(EVENT_STREAM, 'ledger-accounts-sync');
    expect(info.num_pending).toBe(0);
    expect(info.num_ack_pending).toBe(0);
  });

  const publish = async (event: CloudEvent, msgIds: string[] = [event.id]) => {
    const js = jetstream(h.nc);
    for (const msgId of msgIds) {
      const h2 = headers();
      h2.set('Nats-Msg-Id', msgId);
      await js.publish(event.type, encodeJson(event), { headers: h2 });
    }
  };
  const rewardEvent = (data: Partial<ActivityRewarded> | Record<string, unknown>) =>
    buildEvent(AccountsEvents.activityRewarded, {
      source: 'ticketonomics/accounts',
      communityId: 'rewarded',
      subject: REWARDED_USER,
      data: { ...AccountsEvents.activityRewarded.example, ...data } as ActivityRewarded,
    });
  const balance = async (accountId: string) => {
    const reply = await h.call<{ balance: number }>('tk.cmd.ledger.balance.get', { accountId });
    return reply.ok ? reply.data.balance : undefined;
  };
  const consumerSettled = async () => {
    const jsm = await jetstreamManager(h.nc);
    const info = await jsm.consumers.info(EVENT_STREAM, 'ledger-accounts-sync');
    return info.num_pending === 0 && info.num_ack_pending === 0;
  };
  const REWARDED_USER = '01KB2Y6ZJ8ZQ0V7M3N4P5Q6R71';
  const REWARDED_ACCOUNT = `user:rewarded:${REWARDED_USER}`;

  it('mints a reward once, opening the account, however often it arrives; a mint made earlier counts', async () => {
    const reward = rewardEvent({
      mintId: 'tg-reward:-100777:1',
      communityId: 'rewarded',
      userId: REWARDED_USER,
      amount: 7,
    });
    // Redelivered under other message ids, and the same reward decided again as a new event.
    await publish(reward, [reward.id, `${reward.id}-again`]);
    await publish({ ...reward, id: `${reward.id}x` });
    await waitFor(async () => (await balance(REWARDED_ACCOUNT)) === 7, {
      timeoutMs: 10_000,
      description: 'reward minted into a newly opened account',
    });
    // The gateway used to mint rewards itself, with the same ids and memos: those are not paid twice.
    await h.ok('tk.cmd.ledger.supply.mint', {
      id: 'tg-reward:-100777:2',
      accountId: REWARDED_ACCOUNT,
      amount: 5,
      memo: 'message reward',
    });
    await publish(
      rewardEvent({
        mintId: 'tg-reward:-100777:2',
        communityId: 'rewarded',
        userId: REWARDED_USER,
        amount: 5,
      }),
    );
    await waitFor(consumerSettled, { timeoutMs: 10_000, description: 'every event acknowledged' });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await balance(REWARDED_ACCOUNT)).toBe(12);
    const mint = await h.ok('tk.cmd.ledger.transfer.get', { transferId: 'tg-reward:-100777:1' });
    expect(mint).toMatchObject({
      code: 'mint',
      amount: 7,
      memo: 'message reward',
      creditAccountId: REWARDED_ACCOUNT,
      creditBalanceAfter: 7,
    });
    const history = await h.ok('tk.cmd.ledger.transfer.history', {
      communityId: 'rewarded',
      accountId: REWARDED_ACCOUNT,
    });
    expect(history.items).toHaveLength(2);
  });

  it('acknowledges and logs a reward it can never mint, and goes on with the next', async () => {
    const logger = h.service.app.get<Logger>(LOGGER);
    const errors = jest.spyOn(logger, 'error');
    try {
      const malformed = rewardEvent({ communityId: 'rewarded', userId: REWARDED_USER, amount: -3 });
      // Same id as an earlier mint with another amount: IDEMPOTENCY_CONFLICT, refused however often it is tried.
      const conflicting = rewardEvent({
        mintId: 'tg-reward:-100777:1',
        communityId: 'rewarded',
        userId: REWARDED_USER,
        amount: 8,
      });
      const good = rewardEvent({
        mintId: 'tg-daily:rewarded:01KB2Y6ZJ8ZQ0V7M3N4P5Q6R71:2026-11-28',
        communityId: 'rewarded',
        userId: REWARDED_USER,
        kind: 'daily',
        amount: 10,
        memo: 'daily bonus, day 1',
      });
      await publish(malformed);
      await publish(conflicting);
      await publish(good);
      await waitFor(async () => (await balance(REWARDED_ACCOUNT)) === 22, {
        timeoutMs: 10_000,
        description: 'the good reward after the poison ones minted',
      });
      await waitFor(consumerSettled, { timeoutMs: 10_000, description: 'poison events acknowledged' });
      const logged = errors.mock.calls.map(([fields, message]) => ({ fields, message }));
      expect(logged).toEqual(
        expect.arrayContaining([
          { fields: expect.objectContaining({ eventId: malformed.id }), message: 'event rejected; dropped' },
          {
            fields: expect.objectContaining({ eventId: conflicting.id, mintId: 'tg-reward:-100777:1' }),
            message: 'reward refused by the ledger; not minted',
          },
        ]),
      );
      expect(await balance(REWARDED_ACCOUNT)).toBe(22);
    } finally {
      errors.mockRestore();
    }
  });

  it('mints what the accounts service decides: a message reward and the daily bonus', async () => {
    const community = await h.client.request(AccountsCommands.communityUpsert, {
      telegramChatId: '-1009990001',
      title: 'Rewards',
    });
    const user = await h.client.request(AccountsCommands.userUpsert, {
      identity: { provider: 'telegram', externalId: '4343' },
      displayName: 'Earner',
    });
    await h.client.request(AccountsCommands.membershipJoin, { communityId: community.id, userId: user.id });
    const decision = await h.client.request(AccountsCommands.activityRecord, {
      communityId: community.id,
      userId: user.id,
      messageKey: 'tg:-1009990001:31',
      textHash: 'a591a6d40bf420404a011733cfb7b190d62c65bf0bcda32b57b277d9ad9f146e',
      textLength: 24,
    });
    expect(decision).toMatchObject({ earns: true, amount: 1 });
    const claim = await h.client.request(AccountsCommands.activityDaily, {
      communityId: community.id,
      userId: user.id,
    });
    expect(claim.amount).toBe(10);
    const accountId = `user:${community.id}:${user.id}`;
    await waitFor(async () => (await balance(accountId)) === 11, {
      timeoutMs: 10_000,
      description: 'message reward and daily bonus minted',
    });
    expect(
      await h.ok('tk.cmd.ledger.transfer.get', { transferId: 'tg-reward:-1009990001:31' }),
    ).toMatchObject({
      amount: 1,
      memo: 'message reward',
    });
    expect(
      await h.ok('tk.cmd.ledger.transfer.get', {
        transferId: `tg-daily:${community.id}:${user.id}:${claim.day}`,
      }),
    ).toMatchObject({ amount: 10, memo: 'daily bonus, day 1' });
  });
});

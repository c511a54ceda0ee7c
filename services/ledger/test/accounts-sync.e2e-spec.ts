import { AccountsCommands, AccountsEvents, EVENT_STREAM } from '@ticketonomics/contracts';
import { buildEvent, encodeJson } from '@ticketonomics/messaging';
import {
  freePort,
  makeTempDir,
  removeDir,
  spawnService,
  waitFor,
  type ServiceProcess,
} from '@ticketonomics/testing';
import { headers } from 'nats';
import { startLedgerHarness, type LedgerHarness } from './support/ledger.harness';

/**
 * The ledger opens accounts from the accounts service's events: a community's system accounts when it
 * is created, a member's account when they join, once each however often an event is delivered.
 */
describe('ledger accounts from accounts events', () => {
  let h: LedgerHarness;
  let accounts: ServiceProcess | undefined;
  let accountsDir: string;

  beforeAll(async () => {
    h = await startLedgerHarness();
    accountsDir = await makeTempDir('accounts-for-ledger-');
    const port = await freePort();
    accounts = await spawnService({
      name: 'accounts',
      env: { NATS_URL: h.nats.url, DATA_DIR: accountsDir, HTTP_PORT: String(port), LOG_LEVEL: 'warn' },
      readyUrl: `http://127.0.0.1:${port}/readyz`,
    });
  });

  afterAll(async () => {
    await accounts?.stop();
    await h?.close();
    await removeDir(accountsDir);
  });

  const accountExists = async (accountId: string) => {
    const reply = await h.call('tk.cmd.ledger.account.get', { accountId });
    return reply.ok ? reply.data : undefined;
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
    const js = h.nc.jetstream();
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
    const jsm = await h.nc.jetstreamManager();
    const info = await jsm.consumers.info(EVENT_STREAM, 'ledger-accounts-sync');
    expect(info.num_pending).toBe(0);
    expect(info.num_ack_pending).toBe(0);
  });
});

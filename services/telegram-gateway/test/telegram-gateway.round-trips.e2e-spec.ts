/**
 * How many NATS requests a /pay costs the bot before the payment itself. The subjects are observed on the
 * real nats-server: an operator connection subscribes to every command subject and keeps the ones whose
 * reply inbox is the gateway's (every role has its own), so nothing in the gateway is wrapped or replaced.
 */
import { AccountsCommands, LedgerCommands, ledgerAccountId } from '@ticketonomics/contracts';
import { waitFor } from '@ticketonomics/testing';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { startGatewayHarness, type GatewayHarness } from './support/gateway.harness';

const GROUP = -100_4242;
const COMMUNITY = `tg${GROUP}`;
const SAM = 4001;
const RITA = 4002;
const BOB = 4003;
const GATEWAY_INBOX = '_INBOX.telegram-gateway.';
const TRANSFER = LedgerCommands.transferCreate.subject;

describe('telegram-gateway: NATS round trips of a /pay', () => {
  let h: GatewayHarness;
  let observer: NatsConnection;
  let subscription: Subscription;
  /** The command subjects the gateway sent, in the order the server passed them on. */
  let sent: string[] = [];

  /** Sends a /pay and answers the subjects the gateway requested before its transfer.create. */
  const requestsBeforeTransfer = async (text: string, replyToMessageId?: number) => {
    sent = [];
    const reply = await h.say(GROUP, SAM, text, replyToMessageId === undefined ? {} : { replyToMessageId });
    expect(reply.text).toMatch(/^Paid 5 tickets to /);
    await waitFor(() => sent.includes(TRANSFER), { description: 'transfer.create seen on the bus' });
    return sent.slice(0, sent.indexOf(TRANSFER));
  };
  /** A fresh gateway process: nothing remembered about anyone. */
  const coldGateway = async () => {
    await h.stopGateway();
    await h.startGateway();
  };

  beforeAll(async () => {
    h = await startGatewayHarness();
    h.emulator.addChat({ id: GROUP, type: 'supergroup', title: 'Round trips' });
    h.emulator.addUser({ id: SAM, first_name: 'Sam', username: 'sam', language_code: 'en' });
    h.emulator.addUser({ id: RITA, first_name: 'Rita', username: 'rita', language_code: 'en' });
    h.emulator.addUser({ id: BOB, first_name: 'Bob', username: 'bobby', language_code: 'en' });
    for (const user of [SAM, RITA, BOB]) h.emulator.setMember(GROUP, user, 'member');
    await h.client.request(AccountsCommands.communityUpsert, {
      telegramChatId: String(GROUP),
      title: 'Round trips',
    });
    await h.client.request(AccountsCommands.settingsSet, {
      communityId: COMMUNITY,
      rewards: { messageReward: 0 },
    });
    // Bob is a member the accounts service knows (as if he had written before), whom the ledger never saw.
    await h.client.request(AccountsCommands.membershipEnsure, {
      community: { communityId: COMMUNITY },
      user: {
        identity: { provider: 'telegram', externalId: String(BOB) },
        username: 'bobby',
        displayName: 'Bob',
      },
    });
    // Sam gets tickets minted into his derived account before he ever writes: the ledger opens it then.
    const sam = await h.client.request(AccountsCommands.membershipEnsure, {
      community: { communityId: COMMUNITY },
      user: {
        identity: { provider: 'telegram', externalId: String(SAM) },
        username: 'sam',
        displayName: 'Sam',
      },
    });
    await h.client.request(LedgerCommands.supplyMint, {
      id: 'round-trips-seed',
      accountId: ledgerAccountId('user', COMMUNITY, sam.user.id),
      amount: 100,
    });
    observer = await h.nats.connect();
    subscription = observer.subscribe('tk.cmd.>', {
      callback: (error, message) => {
        if (error === null && message.reply?.startsWith(GATEWAY_INBOX) === true) sent.push(message.subject);
      },
    });
    await observer.flush();
  });

  afterAll(async () => {
    subscription?.unsubscribe();
    await observer?.close();
    await h?.close();
  });

  it('pays by reply from a cold gateway with at most two requests first, and with none when warm', async () => {
    const ritaSays = h.emulator.sendText(GROUP, RITA, 'hello there');
    await waitFor(() => sent.includes(AccountsCommands.activityRecord.subject), {
      description: "Rita's message recorded",
    });
    await coldGateway();

    const cold = await requestsBeforeTransfer('/pay 5', ritaSays.message_id);
    expect(cold).toEqual([
      AccountsCommands.membershipEnsure.subject,
      AccountsCommands.membershipEnsure.subject,
    ]);
    expect(await requestsBeforeTransfer('/pay 5', ritaSays.message_id)).toEqual([]);
  });

  it('pays @username from a cold gateway with at most two requests first, and with none when warm', async () => {
    await coldGateway();
    const cold = await requestsBeforeTransfer('/pay @bobby 5');
    expect(cold).toEqual([AccountsCommands.membershipEnsure.subject, AccountsCommands.userLookup.subject]);
    expect(await requestsBeforeTransfer('/pay @Bobby 5')).toEqual([]);
    // The ledger opened Bob's account with his first payment; both payments reached it.
    expect(await h.balanceOf(GROUP, BOB)).toBe(10);
    expect(await h.balanceOf(GROUP, RITA)).toBe(10);
    expect(await h.balanceOf(GROUP, SAM)).toBe(80);
  });

  it('forgets an @username at once when its member leaves the chat', async () => {
    h.emulator.leftChatMember(GROUP, BOB);
    await waitFor(() => sent.includes(AccountsCommands.membershipLeave.subject), {
      description: "Bob's leaving recorded",
    });
    sent = [];
    const reply = await h.say(GROUP, SAM, '/pay @bobby 5');
    // Asked afresh, accounts answers that no active member has the username: nothing is paid.
    expect(sent).toEqual([AccountsCommands.userLookup.subject]);
    expect(reply.text).not.toMatch(/^Paid/);
    expect(reply.text).toMatch(/@bobby/);
    expect(await h.balanceOf(GROUP, BOB)).toBe(10);
  });
});

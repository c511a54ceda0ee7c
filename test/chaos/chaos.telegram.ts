/**
 * Telegram users in groups during chaos, through the Bot API emulator that the telegram-gateway replicas
 * poll (one of them at a time: the poller lease): they pay each other with /pay and chat (which earns
 * rewards). A user does not resend a message (Telegram delivers it, the bot must answer it), so a payment
 * counts as acknowledged when the bot answers "Paid ..." to it, whenever that is; its ledger id is the
 * gateway's `tg-pay:<chatId>:<messageId>`.
 */
import {
  AccountsCommands,
  ledgerAccountId,
  LedgerCommands,
  PROVIDER_TELEGRAM,
  telegramCommunityId,
} from '@ticketonomics/contracts';
import type { Random } from '@ticketonomics/demo';
import type { SentMessage, TelegramEmulator } from '@ticketonomics/telegram-emulator';
import type { RetryingCommands } from './chaos.commands';
import { sleep, type ChaosRecord } from './chaos.record';

const USERS_PER_GROUP = 4;
const FUNDS = 5_000;
/** Long enough for a poller's lease to expire and another replica to answer the waiting updates. */
const REPLY_TIMEOUT_MS = 60_000;
const SETUP_REPLY_TIMEOUT_MS = 90_000;
/** A user writes every 8-16 s: 4 users stay under the bot's inbound limit of 30 a minute per chat. */
const PAUSE_MS: [number, number] = [8_000, 16_000];
const PAID = /^Paid \d+ tickets to /;
const CHAT_LINES = [
  'good game everyone',
  'who is up for a match tonight?',
  'thanks for the tip!',
  'nice trade',
];

interface Member {
  chatId: number;
  userId: number;
  username: string;
}

export class TelegramCommunity {
  private readonly groups: Member[][] = [];
  /** /pay messages sent, by `<chatId>:<messageId>`. */
  private readonly payments = new Map<string, { chatId: number; messageId: number }>();

  constructor(
    private readonly emulator: TelegramEmulator,
    private readonly commands: RetryingCommands,
    private readonly record: ChaosRecord,
    private readonly random: Random,
    private readonly stopped: () => boolean,
  ) {}

  get communityIds(): string[] {
    return this.groups.map((group) => telegramCommunityId(String(group[0]!.chatId)));
  }

  /** The groups and their members, each known to the bot (one /balance) and funded by the operator. */
  async setUp(groupCount: number): Promise<void> {
    for (let g = 0; g < groupCount; g += 1) {
      const chatId = -100_900_000 - g;
      this.emulator.addChat({ id: chatId, type: 'supergroup', title: `Chaos Club ${g + 1}` });
      const members: Member[] = [];
      for (let u = 0; u < USERS_PER_GROUP; u += 1) {
        const member = { chatId, userId: 900_000 + g * 100 + u, username: `chaos${g}u${u}` };
        this.emulator.addUser({
          id: member.userId,
          first_name: `Player ${u}`,
          username: member.username,
          language_code: 'en',
        });
        this.emulator.setMember(chatId, member.userId, 'member');
        members.push(member);
      }
      this.groups.push(members);
    }
    await Promise.all(
      this.groups.flat().map(async (member) => {
        await this.say(member, '/balance', SETUP_REPLY_TIMEOUT_MS);
        const user = await this.commands.request(AccountsCommands.userFind, {
          provider: PROVIDER_TELEGRAM,
          externalId: String(member.userId),
        });
        const communityId = telegramCommunityId(String(member.chatId));
        // The ledger opens it from membership.joined as well; opening it here (idempotent) means it is there now.
        await this.commands.request(LedgerCommands.accountOpen, {
          communityId,
          kind: 'user',
          ownerId: user.id,
        });
        await this.commands.request(LedgerCommands.supplyMint, {
          id: `chaos-tg-fund-${member.chatId}-${member.userId}`,
          accountId: ledgerAccountId('user', communityId, user.id),
          amount: FUNDS,
          memo: 'chaos starting funds',
        });
      }),
    );
  }

  /** Every member plays until stopped; resolves once each has its last message answered or timed out. */
  async run(): Promise<void> {
    await Promise.all(this.groups.flat().map((member) => this.play(member)));
  }

  /**
   * Payments the bot answered "Paid" to, however late (after the run too): recorded as acknowledged.
   * Returns the ledger ids of the /pay messages that got no answer at all, and how many got more than one.
   */
  collect(): { unanswered: string[]; answeredTwice: number } {
    const unanswered: string[] = [];
    let answeredTwice = 0;
    for (const [key, { chatId, messageId }] of this.payments) {
      const replies = this.emulator.sent(chatId).filter((sent) => sent.reply_to_message_id === messageId);
      if (replies.length === 0) unanswered.push(`tg-pay:${key}`);
      if (replies.length > 1) answeredTwice += 1;
      if (replies.some((reply) => PAID.test(reply.text))) {
        this.record.transfer({
          id: `tg-pay:${key}`,
          communityId: telegramCommunityId(String(chatId)),
          channel: 'telegram',
        });
      }
    }
    return { unanswered, answeredTwice };
  }

  /** A user writes /help and the bot answers it (after the chaos: the bot is there again). */
  async answers(): Promise<boolean> {
    const member = this.groups[0]![0]!;
    return (await this.say(member, '/help', REPLY_TIMEOUT_MS).catch(() => undefined)) !== undefined;
  }

  private async play(member: Member): Promise<void> {
    const group = this.groups.find((members) => members[0]!.chatId === member.chatId)!;
    while (!this.stopped()) {
      await sleep(PAUSE_MS[0] + this.random() * (PAUSE_MS[1] - PAUSE_MS[0]));
      if (this.stopped()) return;
      if (this.random() < 0.6) {
        const others = group.filter((other) => other.userId !== member.userId);
        const to = others[Math.floor(this.random() * others.length)]!;
        const amount = 1 + Math.floor(this.random() * 20);
        const reply = await this.say(member, `/pay @${to.username} ${amount}`, REPLY_TIMEOUT_MS, true).catch(
          () => undefined,
        );
        this.record.count(
          reply === undefined
            ? 'telegram /pay unanswered in time'
            : PAID.test(reply.text)
              ? 'telegram /pay paid'
              : 'telegram /pay refused',
        );
      } else {
        const line = CHAT_LINES[Math.floor(this.random() * CHAT_LINES.length)]!;
        this.emulator.sendText(member.chatId, member.userId, `${line} (${Date.now() % 100_000})`);
        this.record.count('telegram chat message');
      }
    }
  }

  private async say(member: Member, text: string, timeoutMs: number, payment = false): Promise<SentMessage> {
    const message = this.emulator.sendText(member.chatId, member.userId, text);
    if (payment)
      this.payments.set(`${member.chatId}:${message.message_id}`, {
        chatId: member.chatId,
        messageId: message.message_id,
      });
    return this.emulator.waitForMessage(
      member.chatId,
      (sent) => sent.reply_to_message_id === message.message_id,
      {
        timeoutMs,
      },
    );
  }
}

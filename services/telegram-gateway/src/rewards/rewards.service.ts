import { Inject, Injectable } from '@nestjs/common';
import { AccountsCommands, LedgerCommands } from '@ticketonomics/contracts';
import { CommandClient } from '@ticketonomics/messaging';
import type { Logger } from 'pino';
import type { User as TelegramUser, Message } from 'telegraf/types';
import { LOGGER } from '../gateway.tokens';
import type { Messages } from '../i18n/messages.en';
import type { GroupChat, Member } from '../members/member';
import { MembersService } from '../members/members.service';
import { dailyTransferId, rewardCandidateOf, rewardTransferId } from './reward-candidate';
import { RewardMintRetrier } from './reward-mint.retrier';

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

/**
 * Activity rewards and the daily bonus. The counters and the decision live in the accounts service
 * (activity.record / activity.daily), so a restart or a second gateway replica counts nothing twice;
 * the gateway only mints what was decided, with ids derived from the message or the day.
 */
@Injectable()
export class RewardsService {
  constructor(
    @Inject(CommandClient) private readonly client: CommandClient,
    @Inject(MembersService) private readonly members: MembersService,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(RewardMintRetrier) private readonly mints: RewardMintRetrier,
  ) {}

  /** An ordinary group message: earns silently when the rules say so; a mint the ledger missed is retried. */
  async onGroupMessage(chat: GroupChat, from: TelegramUser, message: Message): Promise<void> {
    const candidate = rewardCandidateOf(message);
    if (candidate === undefined) return;
    try {
      const member = await this.members.ensureMember(chat, from);
      const decision = await this.client.request(AccountsCommands.activityRecord, {
        communityId: member.communityId,
        userId: member.userId,
        ...candidate,
      });
      if (!decision.earns || decision.amount === 0) return;
      await this.mints.mint({
        id: rewardTransferId(chat.id, message.message_id),
        accountId: member.accountId,
        amount: decision.amount,
        memo: 'message reward',
      });
    } catch (error) {
      this.logger.warn(
        { chatId: chat.id, messageId: message.message_id, err: error },
        'message reward failed',
      );
    }
  }

  /**
   * /daily. Every claim of the day mints with the same id and amount (the ledger answers a repeat with the
   * first transfer), so a claim whose mint failed is paid by the next /daily that day.
   */
  async daily(member: Member, t: Messages): Promise<string> {
    const claim = await this.client.request(AccountsCommands.activityDaily, {
      communityId: member.communityId,
      userId: member.userId,
    });
    if (claim.barred) return t.dailyBarred;
    let balance: number | undefined;
    if (claim.amount > 0) {
      const transfer = await this.client.request(LedgerCommands.supplyMint, {
        id: dailyTransferId(member.communityId, member.userId, claim.day),
        accountId: member.accountId,
        amount: claim.amount,
        memo: `daily bonus, day ${claim.streak}`,
      });
      balance = transfer.creditBalanceAfter;
    }
    if (!claim.firstClaim) {
      const waitMs = Math.max(0, Date.parse(claim.nextClaimAt) - Date.now());
      return t.dailyAlready({
        hours: Math.floor(waitMs / HOUR_MS),
        minutes: Math.ceil((waitMs % HOUR_MS) / MINUTE_MS),
      });
    }
    if (balance === undefined) return t.dailyOff;
    return t.dailyClaimed({ amount: claim.amount, streak: claim.streak, balance });
  }
}

import { Inject, Injectable } from '@nestjs/common';
import {
  AccountsCommands,
  dailyRewardMintId,
  isDomainError,
  LedgerCommands,
  type Transfer,
} from '@ticketonomics/contracts';
import { CommandClient } from '@ticketonomics/messaging';
import type { Logger } from 'pino';
import type { User as TelegramUser, Message } from 'telegraf/types';
import { LOGGER } from '../gateway.tokens';
import type { Messages } from '../i18n/messages.en';
import type { GroupChat, Member } from '../members/member';
import { MembersService } from '../members/members.service';
import { rewardCandidateOf } from './reward-candidate';

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
/**
 * How long /daily waits for the ledger to mint the bonus before answering without the new balance. The
 * mint usually lands within tens of milliseconds (outbox, JetStream, one group commit).
 */
export const DAILY_MINT_WAIT_MS = 3_000;
const DAILY_MINT_POLL_MS = 100;

/**
 * Activity rewards and the daily bonus. The counters and the decision live in the accounts service
 * (activity.record / activity.daily), so a restart or a second gateway replica counts nothing twice.
 * Accounts writes each reward as an activity.rewarded event in the same transaction, and the ledger mints
 * it from the stream: the gateway mints nothing, so a reward survives a ledger outage and a gateway
 * restart alike.
 */
@Injectable()
export class RewardsService {
  constructor(
    @Inject(CommandClient) private readonly client: CommandClient,
    @Inject(MembersService) private readonly members: MembersService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** An ordinary group message: earns silently when the rules say so. */
  async onGroupMessage(chat: GroupChat, from: TelegramUser, message: Message): Promise<void> {
    const candidate = rewardCandidateOf(message);
    if (candidate === undefined) return;
    try {
      const member = await this.members.ensureMember(chat, from);
      await this.client.request(AccountsCommands.activityRecord, {
        communityId: member.communityId,
        userId: member.userId,
        ...candidate,
      });
    } catch (error) {
      this.logger.warn(
        { chatId: chat.id, messageId: message.message_id, err: error },
        'message reward not recorded',
      );
    }
  }

  /** /daily: the claim is accounts' decision; the reply shows the balance once the ledger has minted it. */
  async daily(member: Member, t: Messages): Promise<string> {
    const claim = await this.client.request(AccountsCommands.activityDaily, {
      communityId: member.communityId,
      userId: member.userId,
    });
    if (claim.barred) return t.dailyBarred;
    if (!claim.firstClaim) {
      const waitMs = Math.max(0, Date.parse(claim.nextClaimAt) - Date.now());
      return t.dailyAlready({
        hours: Math.floor(waitMs / HOUR_MS),
        minutes: Math.ceil((waitMs % HOUR_MS) / MINUTE_MS),
      });
    }
    if (claim.amount === 0) return t.dailyOff;
    const minted = await this.mintedTransfer(dailyRewardMintId(member.communityId, member.userId, claim.day));
    if (minted === undefined) return t.dailyClaimedLater({ amount: claim.amount, streak: claim.streak });
    return t.dailyClaimed({ amount: claim.amount, streak: claim.streak, balance: minted.creditBalanceAfter });
  }

  /** The ledger's transfer under `id` once it exists; undefined if it does not within DAILY_MINT_WAIT_MS. */
  private async mintedTransfer(id: string): Promise<Transfer | undefined> {
    const deadline = Date.now() + DAILY_MINT_WAIT_MS;
    for (;;) {
      const remainingMs = deadline - Date.now();
      if (remainingMs <= 0) return undefined;
      try {
        return await this.client.request(
          LedgerCommands.transferGet,
          { transferId: id },
          { timeoutMs: remainingMs },
        );
      } catch (error) {
        // Not minted yet goes on waiting; the ledger being away ends the wait: it mints when back.
        if (!isDomainError(error) || error.code !== 'NOT_FOUND') return undefined;
      }
      await new Promise((resolve) => setTimeout(resolve, DAILY_MINT_POLL_MS));
    }
  }
}

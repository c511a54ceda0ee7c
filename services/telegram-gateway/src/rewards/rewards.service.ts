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
import type { GroupChat, Member } from '../members/member';
import { MembersService } from '../members/members.service';
import { rewardCandidateOf } from './reward-candidate';

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
/** What /daily did: `balance` is null when the ledger had not minted the bonus within DAILY_MINT_WAIT_MS. */
export type DailyOutcome =
  | { kind: 'barred' }
  | { kind: 'off' }
  | { kind: 'already'; waitMs: number }
  | { kind: 'claimed'; amount: number; streak: number; balance: number | null };

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

  /** /daily: the claim is accounts' decision; the balance is shown once the ledger has minted it. */
  async daily(member: Member): Promise<DailyOutcome> {
    const claim = await this.client.request(AccountsCommands.activityDaily, {
      communityId: member.communityId,
      userId: member.userId,
    });
    if (claim.barred) return { kind: 'barred' };
    if (!claim.firstClaim) {
      return { kind: 'already', waitMs: Math.max(0, Date.parse(claim.nextClaimAt) - Date.now()) };
    }
    if (claim.amount === 0) return { kind: 'off' };
    const minted = await this.mintedTransfer(dailyRewardMintId(member.communityId, member.userId, claim.day));
    const { amount, streak } = claim;
    return { kind: 'claimed', amount, streak, balance: minted?.creditBalanceAfter ?? null };
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

import { Inject, Injectable } from '@nestjs/common';
import {
  PoolCommands,
  POOL_LIMITS,
  type CommandRequest,
  type CommandResponse,
  type CommandSpec,
  type Pool,
  type PoolPurpose,
  type User as AccountsUser,
} from '@ticketonomics/contracts';
import { CommandClient } from '@ticketonomics/messaging';
import type { Member } from '../members/member';
import type { Labeler } from './governance.format';
import { poolRefusal, type PoolAbout } from './pools-refusal';
import { poolView, type PoolView } from './pools.format';
import { labelFrom, usersById } from './user-labels';

/**
 * Cooperation pools through the bot: every request goes to the governance service, which holds each pledge
 * in the ledger and posts them all when the target is reached (or releases them at the deadline).
 */
@Injectable()
export class PoolsService {
  constructor(@Inject(CommandClient) private readonly client: CommandClient) {}

  /** The community's open pools, oldest first (at most its cap, so all of them). */
  async open(communityId: string): Promise<PoolView[]> {
    const page = await this.call(
      PoolCommands.poolList,
      { communityId, status: 'open', limit: POOL_LIMITS.openPoolsMax },
      { act: 'open' },
    );
    const pools = [...page.items].reverse();
    const label = await this.labeler(pools);
    return pools.map((pool) => poolView(pool, label));
  }

  async get(communityId: string, poolId: number): Promise<PoolView> {
    const { pool } = await this.call(PoolCommands.poolGet, { communityId, poolId }, { act: 'read', poolId });
    return poolView(pool, await this.labeler([pool]));
  }

  /** Opens a pool; its id is derived from the chat and the message, so a redelivered /pool opens one. */
  async openPool(
    member: Member,
    message: { chatId: number; messageId: number },
    args: {
      targetAmount: number;
      deadlineInMs: number;
      purpose: PoolPurpose;
      title: string;
      recipientId?: string;
    },
  ): Promise<PoolView> {
    const pool = await this.call(
      PoolCommands.poolOpen,
      {
        requestId: `tg-pool:${message.chatId}:${message.messageId}`,
        communityId: member.communityId,
        openerId: member.userId,
        title: args.title,
        purpose: args.purpose,
        ...(args.recipientId === undefined ? {} : { recipientId: args.recipientId }),
        targetAmount: args.targetAmount,
        deadline: new Date(Date.now() + args.deadlineInMs).toISOString(),
      },
      { act: 'open' },
    );
    return poolView(pool, await this.labeler([pool]));
  }

  /** A pledge, held by the ledger; its id is derived from the chat and the message like /pool's. */
  async pledge(
    member: Member,
    message: { chatId: number; messageId: number },
    poolId: number,
    amount: number,
  ): Promise<PoolView> {
    const { pool } = await this.call(
      PoolCommands.poolPledge,
      {
        requestId: `tg-pledge:${message.chatId}:${message.messageId}`,
        communityId: member.communityId,
        poolId,
        memberId: member.userId,
        amount,
      },
      { act: 'pledge', poolId, accountId: member.accountId },
    );
    return poolView(pool, await this.labeler([pool]));
  }

  private async call<C extends CommandSpec>(
    command: C,
    payload: CommandRequest<C>,
    about: PoolAbout,
  ): Promise<CommandResponse<C>> {
    try {
      return await this.client.request(command, payload);
    } catch (error) {
      throw poolRefusal(error, about);
    }
  }

  /** A pool as its group is told of it, in its opener's language. */
  async news(pool: Pool): Promise<{ view: PoolView; languageCode: string | undefined }> {
    const users = await this.users([pool]);
    return { view: poolView(pool, labelFrom(users)), languageCode: users.get(pool.openerId)?.language };
  }

  private async labeler(pools: Pool[]): Promise<Labeler> {
    return labelFrom(await this.users(pools));
  }

  /** Openers and prize winners as accounts has them. */
  private users(pools: Pool[]): Promise<Map<string, AccountsUser>> {
    return usersById(
      this.client,
      pools.flatMap((pool) => [pool.openerId, ...(pool.recipientId === null ? [] : [pool.recipientId])]),
    );
  }
}

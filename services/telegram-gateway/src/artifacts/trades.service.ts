import { Inject, Injectable } from '@nestjs/common';
import { ArtifactsCommands, type Trade } from '@ticketonomics/contracts';
import type { Logger } from 'pino';
import type { ButtonOutcome } from '../bot/button-outcome';
import { replyForError } from '../errors/error-replies';
import { userError } from '../errors/user-facing.error';
import { LOGGER } from '../gateway.tokens';
import { render, type MessageKey } from '../i18n/catalogue';
import type { Messages } from '../i18n/messages.en';
import type { GroupChat, Member } from '../members/member';
import type { Recipient } from '../members/target.resolver';
import type { TradeArgs } from './artifact-args.parser';
import { artifactRequestId, refText } from './artifact-refs';
import { ArtifactsClient } from './artifacts.client';
import { editionRefTitle, tradeTerms, type Labeler } from './artifacts.format';
import type { MessageRef, TypedEdition } from './artifacts.service';
import type { TradeButtonAction } from './trade-buttons';

/** How many open offers /trades reads (it shows the newest LIST_LINES_MAX). */
const TRADES_PAGE = 50;

/**
 * Trade offers between members: /trade posts an offer with Accept / Decline buttons, /trades lists the
 * open ones. The artifacts service locks the offered editions and settles an accepted offer.
 */
/** An offer made: the trade, its editions as they can be read, and both sides' names. */
export interface TradeOffer {
  trade: Trade;
  editions: Map<number, TypedEdition>;
  from: string;
  to: string;
}

@Injectable()
export class TradesService {
  constructor(
    @Inject(ArtifactsClient) private readonly artifacts: ArtifactsClient,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** An offer to `recipient` (resolved from @user or the replied message), shown with its buttons. */
  async offer(member: Member, from: MessageRef, args: TradeArgs, recipient: Recipient): Promise<TradeOffer> {
    if (recipient.userId === member.userId) throw userError('artTradeYourself');
    const editions = [...args.giveEditionIds, ...args.wantEditionIds];
    const trade = await this.artifacts.call(
      ArtifactsCommands.tradeOffer,
      {
        requestId: artifactRequestId('trade', from.chatId, from.messageId),
        communityId: member.communityId,
        fromId: member.userId,
        toId: recipient.userId,
        giveEditionIds: args.giveEditionIds,
        wantEditionIds: args.wantEditionIds,
        wantAmount: args.wantAmount,
      },
      {
        kind: 'edition',
        ...(editions.length === 1 ? { id: editions[0] } : {}),
        notOwner: 'artErrTradeNotOwner',
      },
    );
    return {
      trade,
      editions: await this.editions(member.communityId, trade),
      from: member.label,
      to: recipient.label,
    };
  }

  /** The member's open offers, made and received, with the names of both sides. */
  async list(member: Member): Promise<{ trades: Trade[]; label: Labeler }> {
    const page = await this.artifacts.call(ArtifactsCommands.tradeList, {
      communityId: member.communityId,
      memberId: member.userId,
      status: 'open',
      limit: TRADES_PAGE,
    });
    const label = await this.artifacts.labeler(page.items.flatMap((trade) => [trade.fromId, trade.toId]));
    return { trades: page.items, label };
  }

  /**
   * A press of Accept (the recipient only) or Decline (the recipient, or the author withdrawing it). Anyone
   * else gets a notice and the offer stays. A refusal that leaves the offer open (not enough tickets, say)
   * is a notice too, so the recipient can try again; one that closes it replaces the offer.
   */
  async press(
    presser: Member,
    chat: GroupChat,
    action: TradeButtonAction,
    tradeId: number,
    t: Messages,
  ): Promise<ButtonOutcome> {
    const communityId = presser.communityId;
    const about = { kind: 'trade' as const, id: tradeId };
    try {
      const trade = await this.artifacts.call(ArtifactsCommands.tradeGet, { communityId, tradeId }, about);
      const isRecipient = trade.toId === presser.userId;
      if (action === 'accept' && !isRecipient) return { alert: t.artTradeNotYours };
      if (action === 'decline' && !isRecipient && trade.fromId !== presser.userId) {
        return { alert: t.artTradeNotYoursDecline };
      }
      return action === 'accept'
        ? await this.accept(presser, chat, trade, t)
        : await this.decline(presser, trade, t);
    } catch (error) {
      if (!(await this.stillOpen(communityId, tradeId))) throw error;
      const { key, params, unexpected } = replyForError(error);
      if (unexpected) this.logger.error({ chatId: chat.id, tradeId, err: error }, 'trade button failed');
      return { alert: render(t, key as MessageKey, params as never) };
    }
  }

  private async accept(presser: Member, chat: GroupChat, trade: Trade, t: Messages): Promise<ButtonOutcome> {
    const { communityId, id: tradeId } = trade;
    const settlement = await this.artifacts.call(
      ArtifactsCommands.tradeAccept,
      {
        requestId: artifactRequestId('tacc', chat.id, tradeId),
        communityId,
        tradeId,
        byId: presser.userId,
      },
      { kind: 'trade', id: tradeId, forbidden: 'artTradeNotYours', notOwner: 'artErrTradeNotOwner' },
      presser.accountId,
    );
    const [editions, label] = await Promise.all([
      this.editions(communityId, trade),
      this.artifacts.labeler([trade.fromId, trade.toId]),
    ]);
    const { give, want } = tradeTerms(trade, editionTitles(editions, t), t);
    return {
      edit: t.artTradeAccepted({
        trade: refText('trade', tradeId),
        from: label(trade.fromId),
        to: label(trade.toId),
        give,
        want,
        fee: settlement.payment.fee,
      }),
    };
  }

  private async decline(presser: Member, trade: Trade, t: Messages): Promise<ButtonOutcome> {
    const closed = await this.artifacts.call(
      ArtifactsCommands.tradeDecline,
      { communityId: trade.communityId, tradeId: trade.id, byId: presser.userId },
      { kind: 'trade', id: trade.id, forbidden: 'artTradeNotYoursDecline' },
    );
    const params = { trade: refText('trade', trade.id), by: presser.label };
    return { edit: closed.status === 'cancelled' ? t.artTradeCancelled(params) : t.artTradeDeclined(params) };
  }

  private async stillOpen(communityId: string, tradeId: number): Promise<boolean> {
    try {
      const trade = await this.artifacts.call(ArtifactsCommands.tradeGet, { communityId, tradeId });
      return trade.status === 'open';
    } catch {
      // Unreadable (the service is down): keep the buttons, so the recipient can try again later.
      return true;
    }
  }

  /** The editions of a trade that can be read now, by id; one that cannot is left out. */
  private async editions(communityId: string, trade: Trade): Promise<Map<number, TypedEdition>> {
    const ids = [...trade.giveEditionIds, ...trade.wantEditionIds];
    const editions = new Map<number, TypedEdition>();
    await Promise.all(
      ids.map(async (editionId) => {
        try {
          const detail = await this.artifacts.call(ArtifactsCommands.editionGet, { communityId, editionId });
          editions.set(editionId, { type: detail.type, edition: detail.edition });
        } catch {
          // The offer stands; its text shows the number alone.
        }
      }),
    );
    return editions;
  }
}

/** "e5 🎫 Golden Ticket #1 of 100" for each edition of a trade; a plain "e5" for one that could not be read. */
export function editionTitles(
  editions: Map<number, TypedEdition>,
  t: Messages,
): (editionId: number) => string {
  return (editionId) => {
    const known = editions.get(editionId);
    return known === undefined
      ? refText('edition', editionId)
      : editionRefTitle(known.type, known.edition, t);
  };
}

import { Inject, Injectable } from '@nestjs/common';
import { ArtifactsCommands, type Trade } from '@ticketonomics/contracts';
import type { Logger } from 'pino';
import type { Message } from 'telegraf/types';
import type { ButtonOutcome, CommandReply } from '../bot/command.runner';
import { replyForError } from '../errors/error-replies';
import { userError } from '../errors/user-facing.error';
import { LOGGER } from '../gateway.tokens';
import { render, type MessageKey } from '../i18n/catalogue';
import type { Messages } from '../i18n/messages.en';
import type { GroupChat, Member } from '../members/member';
import { commandArgs } from '../parsing/command-args.parser';
import { parseTradeArgs } from './artifact-args.parser';
import { artifactRequestId, refText } from './artifact-refs';
import { ArtifactsClient } from './artifacts.client';
import { editionRefTitle, formatTime, tradesText, tradeTerms } from './artifacts.format';
import { tradeKeyboard, type TradeButtonAction } from './trade-buttons';
import { repliedMessageOf } from '../members/sender';

/** How many open offers /trades reads (it shows the newest LIST_LINES_MAX). */
const TRADES_PAGE = 50;

/**
 * Trade offers between members: /trade posts an offer with Accept / Decline buttons, /trades lists the
 * open ones. The artifacts service locks the offered editions and settles an accepted offer.
 */
@Injectable()
export class TradesService {
  constructor(
    @Inject(ArtifactsClient) private readonly artifacts: ArtifactsClient,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** /trade @user give e5 e6 for 30 e7 (or replying to them): the offer, with its buttons. */
  async offer(
    member: Member,
    chat: GroupChat,
    message: Message.TextMessage,
    botUsername: string,
    t: Messages,
  ): Promise<CommandReply> {
    const args = parseTradeArgs(commandArgs(message.text), repliedMessageOf(message) !== undefined);
    const recipient = await this.artifacts.holder(chat, message, args.target, botUsername);
    if (recipient.userId === member.userId) throw userError('artTradeYourself');
    const editions = [...args.giveEditionIds, ...args.wantEditionIds];
    const trade = await this.artifacts.call(
      ArtifactsCommands.tradeOffer,
      {
        requestId: artifactRequestId('trade', chat.id, message.message_id),
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
    const { give, want } = tradeTerms(trade, await this.titles(member.communityId, trade, t), t);
    return {
      text: t.artTradeOffer({
        to: recipient.label,
        from: member.label,
        give,
        want,
        trade: refText('trade', trade.id),
        expires: formatTime(trade.expiresAt),
      }),
      replyMarkup: tradeKeyboard(trade.id, t),
    };
  }

  /** /trades: the member's open offers, made and received. */
  async list(member: Member, t: Messages): Promise<string> {
    const page = await this.artifacts.call(ArtifactsCommands.tradeList, {
      communityId: member.communityId,
      memberId: member.userId,
      status: 'open',
      limit: TRADES_PAGE,
    });
    const label = await this.artifacts.labeler(page.items.flatMap((trade) => [trade.fromId, trade.toId]));
    return tradesText(page.items, label, t);
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
    const [titleOf, label] = await Promise.all([
      this.titles(communityId, trade, t),
      this.artifacts.labeler([trade.fromId, trade.toId]),
    ]);
    const { give, want } = tradeTerms(trade, titleOf, t);
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

  /** "e5 🎫 Golden Ticket #1 of 100" for each edition of a trade; a plain "e5" for one that cannot be read. */
  private async titles(
    communityId: string,
    trade: Trade,
    t: Messages,
  ): Promise<(editionId: number) => string> {
    const ids = [...trade.giveEditionIds, ...trade.wantEditionIds];
    const titles = new Map<number, string>();
    await Promise.all(
      ids.map(async (editionId) => {
        try {
          const detail = await this.artifacts.call(ArtifactsCommands.editionGet, { communityId, editionId });
          titles.set(editionId, editionRefTitle(detail.type, detail.edition, t));
        } catch {
          // The offer stands; its text shows the number alone.
        }
      }),
    );
    return (editionId) => titles.get(editionId) ?? refText('edition', editionId);
  }
}

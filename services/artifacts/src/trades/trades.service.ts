import { Injectable } from '@nestjs/common';
import { ArtifactsCommands, DomainError, PAGE_SIZE_DEFAULT, type Trade } from '@ticketonomics/contracts';
import { decodeSeqCursor, encodeCursor } from '@ticketonomics/persistence';
import type { ArtifactsRequest, ArtifactsResponse } from '../artifacts.commands';
import { EditionMoves } from '../editions/edition-moves';
import { ArtifactsEventsEmitter } from '../events/artifacts-events.emitter';
import { runOnce } from '../requests/idempotent';
import { accountIdOf, memberOf, treasuryOf } from '../sagas/ledger.gateway';
import { Purchases } from '../sagas/purchases';
import type { Settlement } from '../sagas/settlement';
import { ArtifactsStores } from '../store/artifacts.stores';
import { TradeSwap } from './trade-swap';
import { acceptRefusal, offerRefusal, swapRefusal, tradeSplit } from './trade.rules';
import { toTrade, type TradeRow } from './trades.store';

const C = ArtifactsCommands;

@Injectable()
export class TradesService {
  constructor(
    private readonly stores: ArtifactsStores,
    private readonly moves: EditionMoves,
    private readonly swaps: TradeSwap,
    private readonly events: ArtifactsEventsEmitter,
    private readonly purchases: Purchases,
  ) {}

  offer(request: ArtifactsRequest<'tradeOffer'>): Trade {
    return runOnce(this.stores, C.tradeOffer.subject, request, (at) => {
      const { communityId } = request;
      const load = (ids: number[], field: string) =>
        ids.map((id) => this.stores.editions.require(communityId, id, field));
      const give = load(request.giveEditionIds, 'giveEditionIds');
      const want = load(request.wantEditionIds, 'wantEditionIds');
      const refusal = offerRefusal(give, want, request.fromId, request.toId);
      if (refusal !== null) throw refusal;
      for (const edition of give) this.moves.setStatus(edition, 'in_trade', at);
      const ttlMs = request.ttlMs ?? this.stores.settings.get(communityId).tradeTtlMs;
      const row: TradeRow = {
        communityId,
        id: this.stores.counters.next(communityId, 'trade'),
        fromId: request.fromId,
        toId: request.toId,
        giveEditionIds: request.giveEditionIds,
        wantEditionIds: request.wantEditionIds,
        wantAmount: request.wantAmount,
        status: 'open',
        expiresAt: at + ttlMs,
        createdAt: at,
        updatedAt: at,
      };
      this.stores.trades.save(row);
      const trade = toTrade(row);
      this.events.tradeOffered(trade);
      return trade;
    });
  }

  /** Editions only: one transaction. With tickets: a purchase through a ledger hold. */
  async accept(request: ArtifactsRequest<'tradeAccept'>): Promise<ArtifactsResponse<'tradeAccept'>> {
    const { communityId } = request;
    const trade = this.stores.trades.require(communityId, request.tradeId);
    if (trade.wantAmount === 0) {
      return runOnce(this.stores, C.tradeAccept.subject, request, (at) => {
        const current = this.stores.trades.require(communityId, request.tradeId);
        const refusal = acceptRefusal(current, request.byId, at);
        if (refusal !== null) throw refusal;
        const payment = { price: 0, toPayee: 0, fee: 0, royalty: 0, holdId: null };
        const editions = this.swaps.swap(current, request.requestId, null, null, at);
        this.events.tradeClosed(toTrade(this.stores.trades.require(communityId, current.id)), null);
        const result: Settlement = { requestId: request.requestId, payment, editions };
        return result;
      });
    }
    const result = await this.purchases.run(C.tradeAccept.subject, request, (at) => {
      const current = this.stores.trades.require(communityId, request.tradeId);
      const { give, want } = this.swaps.editionsOf(current);
      const refusal = acceptRefusal(current, request.byId, at) ?? swapRefusal(current, give, want);
      if (refusal !== null) throw refusal;
      const { marketFeeBps } = this.stores.settings.get(communityId);
      const split = tradeSplit(current.wantAmount, marketFeeBps);
      const offerer = memberOf(communityId, current.fromId);
      return {
        draft: {
          communityId,
          requestId: request.requestId,
          kind: 'trade_accept',
          buyerId: request.byId,
          price: current.wantAmount,
          payouts: [
            { creditAccountId: accountIdOf(offerer), amount: split.toOfferer, code: 'trade' },
            { creditAccountId: accountIdOf(treasuryOf(communityId)), amount: split.fee, code: 'fee' },
          ],
          split: { toPayee: split.toOfferer, fee: split.fee, royalty: 0 },
          plan: { tradeId: current.id },
          memo: `artifacts: trade ${current.id}`,
        },
        payees: [offerer],
      };
    });
    return result as ArtifactsResponse<'tradeAccept'>;
  }

  /** The recipient declines, the offerer cancels; repeating returns the closed offer. */
  decline(request: ArtifactsRequest<'tradeDecline'>): Trade {
    return this.stores.write(() => {
      const trade = this.stores.trades.require(request.communityId, request.tradeId);
      if (request.byId !== trade.toId && request.byId !== trade.fromId) {
        throw new DomainError(
          'FORBIDDEN',
          `byId: only ${trade.toId} (to decline) or ${trade.fromId} (to cancel) can close trade ${trade.id}`,
          { field: 'byId' },
        );
      }
      if (trade.status === 'accepted') {
        throw new DomainError('CONFLICT', `tradeId: trade ${trade.id} was already accepted`, {
          field: 'tradeId',
          reason: 'closed',
        });
      }
      if (trade.status !== 'open') return toTrade(trade);
      return this.swaps.close(trade, request.byId === trade.toId ? 'declined' : 'cancelled', Date.now());
    });
  }

  get(communityId: string, tradeId: number): Trade {
    return toTrade(this.stores.trades.require(communityId, tradeId));
  }

  list(request: ArtifactsRequest<'tradeList'>): ArtifactsResponse<'tradeList'> {
    const limit = request.limit ?? PAGE_SIZE_DEFAULT;
    const rows = this.stores.trades.ofMember({
      communityId: request.communityId,
      memberId: request.memberId,
      status: request.status ?? null,
      beforeId: request.cursor === undefined ? Number.MAX_SAFE_INTEGER : decodeSeqCursor(request.cursor),
      limit: limit + 1,
    });
    const items = rows.slice(0, limit).map(toTrade);
    return { items, nextCursor: rows.length > limit ? encodeCursor(items[items.length - 1]!.id) : null };
  }
}

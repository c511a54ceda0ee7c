import type { Edition, PaymentSplit, Trade } from '@ticketonomics/contracts';
import type { EditionMoves } from '../editions/edition-moves';
import type { EditionRow } from '../editions/editions.store';
import type { ArtifactsEventsEmitter } from '../events/artifacts-events.emitter';
import type { ArtifactsStores } from '../store/artifacts.stores';
import { perEditionPrice, swapRefusal } from './trade.rules';
import { toTrade, type TradeRow, type TradeStatus } from './trades.store';

/** Swapping and closing trades, inside a write; shared by accept (free or paid), decline and expiry. */
export class TradeSwap {
  constructor(
    private readonly stores: ArtifactsStores,
    private readonly moves: EditionMoves,
    private readonly events: ArtifactsEventsEmitter,
  ) {}

  editionsOf(trade: TradeRow): { give: EditionRow[]; want: EditionRow[] } {
    const load = (ids: number[], field: string) =>
      ids.map((id) => this.stores.editions.require(trade.communityId, id, field));
    return {
      give: load(trade.giveEditionIds, 'giveEditionIds'),
      want: load(trade.wantEditionIds, 'wantEditionIds'),
    };
  }

  /**
   * Check again and swap: the offered editions to the recipient, the wanted ones to the offerer, each
   * with a 'traded' provenance row. `settling` keeps them from moving again until the payment is posted.
   */
  swap(
    trade: TradeRow,
    requestId: string,
    payment: PaymentSplit | null,
    settling: string | null,
    at: number,
  ): Edition[] {
    const { give, want } = this.editionsOf(trade);
    const refusal = swapRefusal(trade, give, want);
    if (refusal !== null) throw refusal;
    const share = perEditionPrice(trade.wantAmount, give.length);
    const move = (edition: EditionRow, toId: string, price: number | null) =>
      this.moves.move(edition, {
        kind: 'traded',
        toId,
        status: 'owned',
        price,
        requestId,
        payment,
        settling,
        at,
      });
    const moved = [
      ...give.map((edition) => move(edition, trade.toId, share)),
      ...want.map((edition) => move(edition, trade.fromId, null)),
    ];
    // Only a trade for tickets alone says what an edition is worth; with editions in return it does not.
    if (share !== null && want.length === 0) {
      for (const edition of give) this.stores.types.setLastPrice(trade.communityId, edition.typeId, share);
    }
    this.stores.trades.save({ ...trade, status: 'accepted', updatedAt: at });
    return moved;
  }

  /**
   * Undo swap(): every edition back where it was (offered ones locked again), the lastPrice it set
   * recomputed without it, and the offer open again.
   */
  unswap(trade: TradeRow, requestId: string, at: number): void {
    const back = (id: number, toId: string, status: 'owned' | 'in_trade') =>
      this.moves.move(this.stores.editions.require(trade.communityId, id), {
        kind: 'reverted',
        toId,
        status,
        price: null,
        requestId,
        payment: null,
        settling: null,
        at,
      });
    for (const id of trade.giveEditionIds) back(id, trade.fromId, 'in_trade');
    for (const id of trade.wantEditionIds) back(id, trade.toId, 'owned');
    // A trade for tickets alone set its given editions' types' lastPrice; recomputing the others is harmless.
    const typeIds = new Set(
      trade.giveEditionIds.map((id) => this.stores.editions.require(trade.communityId, id).typeId),
    );
    for (const typeId of typeIds) this.stores.types.recomputeLastPrice(trade.communityId, typeId);
    this.stores.trades.save({ ...trade, status: 'open', updatedAt: at });
  }

  /** Close an open offer without a swap (declined, cancelled, expired): its editions are unlocked. */
  close(trade: TradeRow, status: Exclude<TradeStatus, 'open' | 'accepted'>, at: number): Trade {
    for (const id of trade.giveEditionIds) {
      const edition = this.stores.editions.require(trade.communityId, id);
      if (edition.status === 'in_trade' && edition.ownerId === trade.fromId) {
        this.moves.setStatus(edition, 'owned', at);
      }
    }
    const closed: TradeRow = { ...trade, status, updatedAt: at };
    this.stores.trades.save(closed);
    const result = toTrade(closed);
    this.events.tradeClosed(result, null);
    return result;
  }
}

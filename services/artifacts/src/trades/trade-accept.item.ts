import type { ArtifactsEventsEmitter } from '../events/artifacts-events.emitter';
import type { SagaItem } from '../sagas/saga.item';
import type { Settlement } from '../sagas/settlement';
import type { SagaRow } from '../sagas/sagas.store';
import type { ArtifactsStores } from '../store/artifacts.stores';
import type { TradeSwap } from './trade-swap';
import { acceptRefusal } from './trade.rules';
import { toTrade } from './trades.store';

/** An accepted trade with tickets: the editions swap once the accepter's tickets are held. */
export class TradeAcceptItem implements SagaItem {
  constructor(
    private readonly stores: ArtifactsStores,
    private readonly swaps: TradeSwap,
    private readonly events: ArtifactsEventsEmitter,
  ) {}

  apply(saga: SagaRow, at: number) {
    const { tradeId } = saga.plan as { tradeId: number };
    const trade = this.stores.trades.require(saga.communityId, tradeId);
    const refusal = acceptRefusal(trade, saga.buyerId, at);
    if (refusal !== null) throw refusal;
    const editions = this.swaps.swap(trade, saga.requestId, saga.payment, saga.requestId, at);
    const result: Settlement = { requestId: saga.requestId, payment: saga.payment, editions };
    return { moved: { tradeId }, result };
  }

  revert(saga: SagaRow, at: number): void {
    const { tradeId } = saga.plan as { tradeId: number };
    this.swaps.unswap(this.stores.trades.require(saga.communityId, tradeId), saga.requestId, at);
  }

  /** Announced once the offerer and the treasury are paid. */
  completed(saga: SagaRow): void {
    const { tradeId } = saga.plan as { tradeId: number };
    this.events.tradeClosed(toTrade(this.stores.trades.require(saga.communityId, tradeId)), saga.payment);
  }
}

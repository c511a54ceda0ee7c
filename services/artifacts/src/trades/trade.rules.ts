import { DomainError } from '@ticketonomics/contracts';
import { editionConflict } from '../editions/edition.rules';
import type { EditionRow } from '../editions/editions.store';
import type { TradeRow } from './trades.store';

/** Why `byId` cannot accept the trade at `now`, or null when they can. */
export function acceptRefusal(trade: TradeRow, byId: string, now: number): DomainError | null {
  if (trade.toId !== byId) {
    return new DomainError(
      'FORBIDDEN',
      `byId: trade ${trade.id} is addressed to ${trade.toId}; only they can accept it`,
      {
        field: 'byId',
      },
    );
  }
  if (trade.status !== 'open') {
    return new DomainError('CONFLICT', `tradeId: trade ${trade.id} is ${trade.status}, no longer open`, {
      field: 'tradeId',
      reason: trade.status === 'expired' ? 'expired' : 'closed',
      status: trade.status,
    });
  }
  if (trade.expiresAt <= now) {
    return new DomainError(
      'CONFLICT',
      `tradeId: trade ${trade.id} expired at ${new Date(trade.expiresAt).toISOString()}; ask for a new offer`,
      { field: 'tradeId', reason: 'expired' },
    );
  }
  return null;
}

/** At offer time: the offerer may lock every given edition, and the recipient owns every wanted one. */
export function offerRefusal(
  give: EditionRow[],
  want: EditionRow[],
  fromId: string,
  toId: string,
): DomainError | null {
  for (const edition of give) {
    const conflict = editionConflict(edition, fromId, 'giveEditionIds');
    if (conflict !== null) return conflict;
  }
  for (const edition of want) {
    if (edition.status === 'burned' || edition.ownerId !== toId) {
      return new DomainError('CONFLICT', `wantEditionIds: edition ${edition.id} is not ${toId}'s to give`, {
        field: 'wantEditionIds',
        reason: edition.status === 'burned' ? 'burned' : 'not_owner',
        editionId: edition.id,
      });
    }
  }
  return null;
}

/** At accept time: the given editions are still locked for this trade, the wanted ones free to move. */
export function swapRefusal(trade: TradeRow, give: EditionRow[], want: EditionRow[]): DomainError | null {
  for (const edition of give) {
    if (edition.ownerId !== trade.fromId || edition.status !== 'in_trade') {
      return new DomainError(
        'CONFLICT',
        `tradeId: edition ${edition.id} offered in trade ${trade.id} is gone`,
        {
          field: 'tradeId',
          reason: 'closed',
          editionId: edition.id,
        },
      );
    }
  }
  for (const edition of want) {
    const conflict = editionConflict(edition, trade.toId, 'wantEditionIds');
    if (conflict !== null) return conflict;
  }
  return null;
}

/** The market fee on a trade's tickets (no royalty on trades), rounded down like a sale's. */
export function tradeSplit(wantAmount: number, marketFeeBps: number): { fee: number; toOfferer: number } {
  const fee = Math.floor((wantAmount * marketFeeBps) / 10_000);
  return { fee, toOfferer: wantAmount - fee };
}

/** Each given edition's share of the tickets, rounded down: its provenance price. */
export function perEditionPrice(wantAmount: number, giveCount: number): number | null {
  return wantAmount > 0 && giveCount > 0 ? Math.floor(wantAmount / giveCount) : null;
}

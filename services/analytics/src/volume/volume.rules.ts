import {
  TRANSFER_KINDS_MOVING_MONEY,
  VELOCITY_EXCLUDED_CODES,
  type AccountKind,
  type Transfer,
} from '@ticketonomics/contracts';
import { roundRatio } from '../overview/ratio';

/** A posted transfer or a settled hold moved money; a hold or its void did not. */
export function movesMoney(transfer: Pick<Transfer, 'kind'>): boolean {
  return TRANSFER_KINDS_MOVING_MONEY.includes(transfer.kind);
}

/**
 * What a transfer adds to the velocity volume: nothing for mints, burns and reversals, nor for payouts out
 * of escrow (the buyer's payment into escrow already counted that money once).
 */
export function velocityAmount(transfer: Pick<Transfer, 'code' | 'amount'>, debitKind: AccountKind): number {
  if (VELOCITY_EXCLUDED_CODES.includes(transfer.code)) return 0;
  if (debitKind === 'escrow') return 0;
  return transfer.amount;
}

/** Volume of a window over circulating supply; 0 when nothing circulates. */
export function velocity(volume: number, circulating: number): number {
  return circulating <= 0 ? 0 : roundRatio(volume / circulating);
}

import { DomainError } from '@ticketonomics/contracts';
import type { EditionRow } from './editions.store';

/** Why `ownerId` cannot move the edition now (CONFLICT with details.reason), or null when they can. */
export function editionConflict(
  edition: EditionRow,
  ownerId: string,
  field = 'editionId',
): DomainError | null {
  const refuse = (reason: string, message: string) =>
    new DomainError('CONFLICT', `${field}: ${message}`, { field, reason, editionId: edition.id });
  if (edition.status === 'burned') return refuse('burned', `edition ${edition.id} was burned`);
  if (edition.ownerId !== ownerId) {
    return refuse('not_owner', `edition ${edition.id} belongs to another member, not ${ownerId}`);
  }
  if (edition.settling !== null) {
    return refuse(
      'settling',
      `the payment for edition ${edition.id} is still being settled; retry in a moment`,
    );
  }
  if (edition.status === 'listed') {
    return refuse(
      'listed',
      `edition ${edition.id} is listed on the market; cancel the listing first (listing.cancel)`,
    );
  }
  if (edition.status === 'in_trade') {
    return refuse(
      'in_trade',
      `edition ${edition.id} is offered in an open trade; cancel the offer first (trade.decline)`,
    );
  }
  return null;
}

export function assertEditionFree(edition: EditionRow, ownerId: string, field = 'editionId'): void {
  const conflict = editionConflict(edition, ownerId, field);
  if (conflict !== null) throw conflict;
}

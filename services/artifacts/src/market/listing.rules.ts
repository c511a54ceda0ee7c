import { DomainError } from '@ticketonomics/contracts';
import type { ListingRow } from './listings.store';

/** Why a listing cannot be bought: SOLD_OUT once sold, CONFLICT once cancelled; null while active. */
export function listingRefusal(listing: ListingRow): DomainError | null {
  if (listing.status === 'sold') {
    return new DomainError('SOLD_OUT', `listingId: listing ${listing.id} was sold to someone else`, {
      field: 'listingId',
      reason: 'sold_out',
    });
  }
  if (listing.status === 'cancelled') {
    return new DomainError('CONFLICT', `listingId: listing ${listing.id} was cancelled by its seller`, {
      field: 'listingId',
      reason: 'closed',
    });
  }
  return null;
}

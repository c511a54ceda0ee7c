import { ledgerAccountId } from '@ticketonomics/contracts';

export const accountIdOf = ledgerAccountId;
export const issuanceAccountId = (communityId: string): string => ledgerAccountId('issuance', communityId);
export const treasuryAccountId = (communityId: string): string => ledgerAccountId('treasury', communityId);

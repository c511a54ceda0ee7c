import type { Edition, PaymentSplit } from '@ticketonomics/contracts';

/** The answer to a purchase, sale or accepted trade: what was paid and the editions that moved. */
export interface Settlement {
  requestId: string;
  payment: PaymentSplit;
  editions: Edition[];
}

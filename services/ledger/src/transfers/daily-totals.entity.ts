import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A member's member-payment totals for one UTC day, read and written by DailyTotalsStore. */
@Entity({ name: 'daily_payment_totals' })
export class DailyPaymentTotalEntity {
  @PrimaryColumn({ name: 'account_id', type: 'text' })
  accountId!: string;

  /** 'YYYY-MM-DD', UTC. */
  @PrimaryColumn({ type: 'text' })
  day!: string;

  @Column({ type: 'integer' })
  sent!: number;

  @Column({ type: 'integer' })
  received!: number;
}

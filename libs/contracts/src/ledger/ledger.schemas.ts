import { z } from 'zod';
import {
  AccountIdSchema,
  AmountSchema,
  BalanceSchema,
  CommunityIdSchema,
  IsoTimeSchema,
  MemoSchema,
  OwnerIdSchema,
  TransferIdSchema,
} from '../primitives';
import { DemurrageSchema, DistributionSchema, EmissionSchema, FeeDestinationSchema } from './ledger.economy';

export const ACCOUNT_KINDS = ['user', 'treasury', 'issuance', 'escrow'] as const;
export const AccountKindSchema = z.enum(ACCOUNT_KINDS);
export type AccountKind = z.infer<typeof AccountKindSchema>;

/** Why money moved. mint, burn, tax and reversal are written by the ledger itself, never sent in a transfer. */
export const TRANSFER_CODES = [
  'payment',
  'reward',
  'bonus',
  'mint',
  'burn',
  'fee',
  'tax',
  'fine',
  'purchase',
  'sale',
  'royalty',
  'refund',
  'trade',
  'adjustment',
  'reversal',
  /** A member's contribution to a cooperation pool: held, then posted with the pool or voided. */
  'pledge',
] as const;
export const TransferCodeSchema = z.enum(TRANSFER_CODES);
export type TransferCode = z.infer<typeof TransferCodeSchema>;

/** Codes a client may use in transfer.create / batch / linked. */
export const CLIENT_TRANSFER_CODES = TRANSFER_CODES.filter(
  (code) => code !== 'mint' && code !== 'burn' && code !== 'reversal',
) as Exclude<TransferCode, 'mint' | 'burn' | 'reversal'>[];
export const ClientTransferCodeSchema = z.enum(CLIENT_TRANSFER_CODES as [string, ...string[]], {
  error: `must be one of ${CLIENT_TRANSFER_CODES.join(', ')} (mint, burn and reversal have their own commands)`,
});

/**
 * What a journal row is: a one-step posted transfer, a hold (pending), or the post or void that settles
 * a hold. A reversal or a mint is a `posted` row with its own code.
 */
export const TRANSFER_KINDS = ['posted', 'pending', 'post_pending', 'void_pending'] as const;
export const TransferKindSchema = z.enum(TRANSFER_KINDS);
export type TransferKind = z.infer<typeof TransferKindSchema>;

export const PENDING_STATES = ['open', 'posted', 'voided', 'expired'] as const;
export const PendingStateSchema = z.enum(PENDING_STATES);
export type PendingState = z.infer<typeof PendingStateSchema>;

export const AccountSchema = z.strictObject({
  id: AccountIdSchema,
  communityId: CommunityIdSchema,
  kind: AccountKindSchema,
  ownerId: OwnerIdSchema.nullable(),
  frozen: z.boolean(),
  balance: BalanceSchema,
  pendingDebits: z.int().nonnegative(),
  pendingCredits: z.int().nonnegative(),
  available: BalanceSchema,
  createdAt: IsoTimeSchema,
});
export type Account = z.infer<typeof AccountSchema>;

export const TransferSchema = z.strictObject({
  seq: z.int().positive(),
  id: z.string(),
  kind: TransferKindSchema,
  communityId: CommunityIdSchema,
  debitAccountId: AccountIdSchema,
  creditAccountId: AccountIdSchema,
  amount: z.int().nonnegative(),
  code: TransferCodeSchema,
  memo: MemoSchema,
  pendingId: TransferIdSchema.nullable(),
  pendingState: PendingStateSchema.nullable(),
  expiresAt: IsoTimeSchema.nullable(),
  reversesId: z.string().nullable(),
  linkedTo: z.string().nullable(),
  debitBalanceAfter: BalanceSchema,
  creditBalanceAfter: BalanceSchema,
  createdAt: IsoTimeSchema,
  hash: z.string().regex(/^[0-9a-f]{64}$/),
});
export type Transfer = z.infer<typeof TransferSchema>;

/** What a single transfer request produced: the transfer itself and the tax the policy added, if any. */
export const TransferResultSchema = z.strictObject({
  transfer: TransferSchema,
  tax: TransferSchema.nullable(),
});
export type TransferResult = z.infer<typeof TransferResultSchema>;

export const TAX_BPS_MAX = 5_000;
export const CurrencyNameSchema = z.string().trim().min(1).max(32);
export const CurrencySymbolSchema = z.string().trim().min(1).max(8);

export const PolicySchema = z.strictObject({
  communityId: CommunityIdSchema,
  currencyName: CurrencyNameSchema,
  currencySymbol: CurrencySymbolSchema,
  taxBps: z.int().min(0).max(TAX_BPS_MAX),
  transferMin: AmountSchema,
  transferMax: AmountSchema,
  /** Most a member may pay to other members per UTC day (payments, tax included); null: no cap. */
  dailySendMax: AmountSchema.nullable(),
  /** Most a member may receive in payments from other members per UTC day; null: no cap. */
  dailyReceiveMax: AmountSchema.nullable(),
  /** Where the payment tax goes: the treasury, or out of the supply (burned). */
  taxDestination: FeeDestinationSchema,
  /** What the community mints by itself each period (mode none: nothing). */
  emission: EmissionSchema,
  /** How each period's emission is shared out. */
  distribution: DistributionSchema,
  /** A holding fee on balances above a threshold, taken each period; null: none. */
  demurrage: DemurrageSchema.nullable(),
  version: z.int().nonnegative(),
  updatedAt: IsoTimeSchema,
});
export type Policy = z.infer<typeof PolicySchema>;

export const BalanceViewSchema = z.strictObject({
  accountId: AccountIdSchema,
  balance: BalanceSchema,
  pendingDebits: z.int().nonnegative(),
  pendingCredits: z.int().nonnegative(),
  available: BalanceSchema,
});
export type BalanceView = z.infer<typeof BalanceViewSchema>;

export const SupplySchema = z.strictObject({
  communityId: CommunityIdSchema,
  supply: z.int().nonnegative(),
  treasury: z.int(),
  circulating: z.int(),
  accounts: z.int().nonnegative(),
  transfers: z.int().nonnegative(),
});
export type Supply = z.infer<typeof SupplySchema>;

export const VERIFY_FINDINGS_MAX = 100;
export const VerifyReportSchema = z.strictObject({
  ok: z.boolean(),
  entries: z.int().nonnegative(),
  headHash: z.string(),
  chainBreaks: z.array(z.strictObject({ seq: z.int(), expected: z.string(), actual: z.string() })),
  balanceMismatches: z.array(
    z.strictObject({ accountId: z.string(), field: z.string(), journal: z.int(), stored: z.int() }),
  ),
  sumByCommunity: z.array(z.strictObject({ communityId: z.string(), sum: z.int() })),
  /**
   * The SQLite files against the replicated journal in JetStream (what was acknowledged): its groups read,
   * the entries they hold, and every difference (a file edited behind the ledger's back, even with its own
   * chain rebuilt, differs).
   */
  replicated: z.strictObject({
    groups: z.int().nonnegative(),
    entries: z.int().nonnegative(),
    mismatches: z.array(
      z.strictObject({
        check: z.string(),
        accountId: z.string().optional(),
        journal: z.string(),
        file: z.string(),
      }),
    ),
  }),
});
export type VerifyReport = z.infer<typeof VerifyReportSchema>;

/** A one-line account view carried in transfer events, so a subscriber never needs a second query. */
export const AccountSnapshotSchema = z.strictObject({
  id: AccountIdSchema,
  kind: AccountKindSchema,
  ownerId: OwnerIdSchema.nullable(),
  balance: BalanceSchema,
  pendingDebits: z.int().nonnegative(),
  pendingCredits: z.int().nonnegative(),
});
export type AccountSnapshot = z.infer<typeof AccountSnapshotSchema>;

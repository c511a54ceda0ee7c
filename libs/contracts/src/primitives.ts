import { z } from 'zod';

/**
 * Amounts are integers in the currency's smallest unit. The cap keeps every sum of balances far inside
 * JavaScript's safe integer range, so no arithmetic on money ever loses precision.
 */
export const AMOUNT_MAX = 1_000_000_000_000_000;
export const AmountSchema = z
  .int({ error: 'must be an integer number of tickets (no fractions, no strings)' })
  .positive({ error: 'must be greater than zero' })
  .max(AMOUNT_MAX, { error: `must be at most ${AMOUNT_MAX}` });
export type Amount = z.infer<typeof AmountSchema>;

/** A signed balance: only a community's issuance account is ever negative. */
export const BalanceSchema = z.int();

export const CommunityIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'must be 1-64 characters of A-Z, a-z, 0-9, _ or -' });
export type CommunityId = z.infer<typeof CommunityIdSchema>;

export const OwnerIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_.-]{1,64}$/, { error: 'must be 1-64 characters of A-Z, a-z, 0-9, _, . or -' });

/**
 * Client-chosen idempotency ids. '/' is reserved for the rows the ledger derives from a request (a
 * payment's tax, a hold's post or void), so a client id can never collide with one of them.
 */
export const TransferIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_.:-]{1,128}$/, { error: 'must be 1-128 characters of A-Z, a-z, 0-9, _, ., : or -' });

export const AccountIdSchema = z.string().regex(/^[A-Za-z0-9_.:-]{1,200}$/, {
  error: 'must be an account id: 1-200 characters of A-Z, a-z, 0-9, _, ., : or - (e.g. treasury:demo-town)',
});

export const MEMO_LENGTH_MAX = 256;
export const MemoSchema = z
  .string()
  .max(MEMO_LENGTH_MAX, { error: `must be at most ${MEMO_LENGTH_MAX} characters` });

export const IsoTimeSchema = z.iso.datetime({
  error: 'must be an ISO 8601 UTC time such as 2026-01-31T12:00:00Z',
});

export const CursorSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,400}$/, { error: 'must be a cursor from a previous page' });

export const PAGE_SIZE_MAX = 200;
export const PAGE_SIZE_DEFAULT = 50;
export const PageSizeSchema = z.int().min(1).max(PAGE_SIZE_MAX);

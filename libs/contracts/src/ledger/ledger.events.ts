import { z } from 'zod';
import { defineEvent } from '../command';
import { DISTRIBUTION_DEFAULT, EMISSION_DEFAULT, EmissionAppliedSchema } from './ledger.economy';
import { AccountSchema, AccountSnapshotSchema, PolicySchema, TransferSchema } from './ledger.schemas';

const exampleTime = '2026-11-28T12:00:00.000Z';
const exampleHash = 'a'.repeat(64);

const exampleAccount = {
  id: 'user:demo:alice',
  communityId: 'demo',
  kind: 'user' as const,
  ownerId: 'alice',
  frozen: false,
  balance: 0,
  pendingDebits: 0,
  pendingCredits: 0,
  available: 0,
  createdAt: exampleTime,
};

const exampleTransfer = {
  seq: 7,
  id: 'example-pay-1',
  kind: 'posted' as const,
  communityId: 'demo',
  debitAccountId: 'user:demo:alice',
  creditAccountId: 'user:demo:bob',
  amount: 100,
  code: 'payment' as const,
  memo: 'for the pizza',
  pendingId: null,
  pendingState: null,
  expiresAt: null,
  reversesId: null,
  linkedTo: null,
  debitBalanceAfter: 890,
  creditBalanceAfter: 100,
  createdAt: exampleTime,
  hash: exampleHash,
};

/** A transfer event: the row, and both accounts as they stand right after it. */
export const TransferEventDataSchema = z.strictObject({
  transfer: TransferSchema,
  debit: AccountSnapshotSchema,
  credit: AccountSnapshotSchema,
});
export type TransferEventData = z.infer<typeof TransferEventDataSchema>;

const exampleTransferEvent = {
  transfer: exampleTransfer,
  debit: {
    id: 'user:demo:alice',
    kind: 'user' as const,
    ownerId: 'alice',
    balance: 890,
    pendingDebits: 0,
    pendingCredits: 0,
  },
  credit: {
    id: 'user:demo:bob',
    kind: 'user' as const,
    ownerId: 'bob',
    balance: 100,
    pendingDebits: 0,
    pendingCredits: 0,
  },
};

export const AccountStatusEventDataSchema = z.strictObject({ account: AccountSchema, reason: z.string() });

export const LedgerEvents = {
  accountOpened: defineEvent({
    type: 'tk.evt.ledger.account.opened',
    summary: 'An account was opened.',
    data: AccountSchema,
    example: exampleAccount,
  }),
  accountFrozen: defineEvent({
    type: 'tk.evt.ledger.account.frozen',
    summary: 'An account was frozen: it can no longer send.',
    data: AccountStatusEventDataSchema,
    example: { account: { ...exampleAccount, frozen: true }, reason: 'suspected alt account' },
  }),
  accountUnfrozen: defineEvent({
    type: 'tk.evt.ledger.account.unfrozen',
    summary: 'An account was unfrozen.',
    data: AccountStatusEventDataSchema,
    example: { account: exampleAccount, reason: 'cleared' },
  }),
  transferPosted: defineEvent({
    type: 'tk.evt.ledger.transfer.posted',
    summary:
      'Money moved: a one-step transfer, a mint or burn, a reversal, a tax, or the settlement of a hold (kind post_pending).',
    data: TransferEventDataSchema,
    example: exampleTransferEvent,
  }),
  transferPending: defineEvent({
    type: 'tk.evt.ledger.transfer.pending',
    summary: 'A hold was placed: funds reserved in the debit account until posted, voided or expired.',
    data: TransferEventDataSchema,
    example: {
      ...exampleTransferEvent,
      transfer: {
        ...exampleTransfer,
        id: 'example-hold-2',
        kind: 'pending' as const,
        code: 'purchase' as const,
        pendingState: 'open' as const,
        expiresAt: '2026-11-28T12:05:00.000Z',
        debitBalanceAfter: 990,
        creditBalanceAfter: 0,
      },
      debit: { ...exampleTransferEvent.debit, balance: 990, pendingDebits: 100 },
      credit: { ...exampleTransferEvent.credit, balance: 0, pendingCredits: 100 },
    },
  }),
  transferVoided: defineEvent({
    type: 'tk.evt.ledger.transfer.voided',
    summary: 'A hold was released without moving money, because it was voided or it expired.',
    data: TransferEventDataSchema.extend({ reason: z.enum(['voided', 'expired']) }),
    example: {
      ...exampleTransferEvent,
      transfer: {
        ...exampleTransfer,
        id: 'example-hold-2/void',
        kind: 'void_pending' as const,
        code: 'purchase' as const,
        // A void row's amount is what the hold released.
        amount: 100,
        pendingId: 'example-hold-2',
        debitBalanceAfter: 990,
        creditBalanceAfter: 0,
      },
      debit: { ...exampleTransferEvent.debit, balance: 990 },
      credit: { ...exampleTransferEvent.credit, balance: 0 },
      reason: 'voided' as const,
    },
  }),
  policyUpdated: defineEvent({
    type: 'tk.evt.ledger.policy.updated',
    summary: "A community's money policy changed.",
    data: PolicySchema,
    example: {
      communityId: 'demo',
      currencyName: 'Ticket',
      currencySymbol: '🎟',
      taxBps: 200,
      transferMin: 1,
      transferMax: 1_000_000,
      dailySendMax: null,
      dailyReceiveMax: null,
      taxDestination: 'treasury' as const,
      emission: EMISSION_DEFAULT,
      distribution: DISTRIBUTION_DEFAULT,
      demurrage: null,
      version: 1,
      updatedAt: exampleTime,
    },
  }),
  emissionApplied: defineEvent({
    type: 'tk.evt.ledger.emission.applied',
    summary:
      "A period of a community's schedule was applied, once: its emission minted and shared out (each mint also a transfer.posted), then its holding fees taken.",
    data: EmissionAppliedSchema,
    example: {
      communityId: 'demo',
      period: 'day',
      periodIndex: 20_580,
      startsAt: '2026-05-07T00:00:00.000Z',
      endsAt: '2026-05-08T00:00:00.000Z',
      emitted: 1_000,
      toTreasury: 200,
      toMembers: 800,
      recipients: 2,
      demurrage: { collected: 15, accounts: 1, destination: 'burn' as const },
      supplyAfter: 51_985,
    },
  }),
} as const;

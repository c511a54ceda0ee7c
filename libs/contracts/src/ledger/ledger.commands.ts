import { z } from 'zod';
import { defineCommand } from '../command';
import { ErrorBodySchema } from '../errors';
import {
  AccountIdSchema,
  AmountSchema,
  CommunityIdSchema,
  CursorSchema,
  IsoTimeSchema,
  MemoSchema,
  OwnerIdSchema,
  PageSizeSchema,
  TransferIdSchema,
} from '../primitives';
import {
  DemurrageSchema,
  DistributionSchema,
  EmissionSettingSchema,
  EmissionStatusSchema,
  FeeDestinationSchema,
  GrantKindSchema,
} from './ledger.economy';
import {
  AccountKindSchema,
  AccountSchema,
  BalanceViewSchema,
  ClientTransferCodeSchema,
  CurrencyNameSchema,
  CurrencySymbolSchema,
  PolicySchema,
  SupplySchema,
  TAX_BPS_MAX,
  TransferCodeSchema,
  TransferResultSchema,
  TransferSchema,
  VerifyReportSchema,
} from './ledger.schemas';

/** Limits of the ledger's commands, stated once and quoted in error messages. */
export const LEDGER_LIMITS = {
  batchTransfersMax: 1000,
  linkedTransfersMax: 100,
  /** Holds one transfer.settle posts together (a cooperation pool's pledges). */
  settleHoldsMax: 200,
  pendingTimeoutMsMin: 1_000,
  pendingTimeoutMsMax: 7 * 24 * 60 * 60 * 1000,
  freezeReasonLengthMax: 256,
} as const;

/** The demo community the examples run against, in order, on a fresh ledger. */
const EX = {
  community: 'demo',
  alice: 'user:demo:alice',
  bob: 'user:demo:bob',
} as const;

export const TransferRequestSchema = z.strictObject({
  id: TransferIdSchema,
  debitAccountId: AccountIdSchema,
  creditAccountId: AccountIdSchema,
  amount: AmountSchema,
  code: ClientTransferCodeSchema,
  memo: MemoSchema.default(''),
  pending: z
    .strictObject({
      timeoutMs: z
        .int()
        .min(LEDGER_LIMITS.pendingTimeoutMsMin)
        .max(LEDGER_LIMITS.pendingTimeoutMsMax, { error: 'must be at most 7 days (604800000 ms)' }),
    })
    .optional(),
});
export type TransferRequest = z.output<typeof TransferRequestSchema>;

const AccountOpenRequestSchema = z
  .strictObject({
    communityId: CommunityIdSchema,
    kind: AccountKindSchema,
    ownerId: OwnerIdSchema.optional(),
  })
  .superRefine((value, ctx) => {
    const needsOwner = value.kind === 'user' || value.kind === 'escrow';
    if (needsOwner && value.ownerId === undefined) {
      ctx.addIssue({ code: 'custom', path: ['ownerId'], message: `is required for a ${value.kind} account` });
    }
    if (!needsOwner && value.ownerId !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['ownerId'],
        message: `must be left out: a community has one ${value.kind} account`,
      });
    }
  });

const AccountRefSchema = z.strictObject({ accountId: AccountIdSchema });

const FreezeRequestSchema = z.strictObject({
  accountId: AccountIdSchema,
  reason: z.string().max(LEDGER_LIMITS.freezeReasonLengthMax).default(''),
});

export const LedgerCommands = {
  accountOpen: defineCommand({
    subject: 'tk.cmd.ledger.account.open',
    summary:
      "Open an account (idempotent). Opening any account also opens the community's issuance and treasury accounts.",
    request: AccountOpenRequestSchema,
    response: AccountSchema,
    example: { communityId: EX.community, kind: 'user', ownerId: 'alice' },
  }),
  accountGet: defineCommand({
    subject: 'tk.cmd.ledger.account.get',
    summary: 'Read one account with its posted and pending balances.',
    request: AccountRefSchema,
    response: AccountSchema,
    example: { accountId: EX.alice },
  }),
  accountFreeze: defineCommand({
    subject: 'tk.cmd.ledger.account.freeze',
    summary: 'Freeze an account: it can still receive, but cannot send payments, purchases or holds.',
    request: FreezeRequestSchema,
    response: AccountSchema,
    example: { accountId: EX.bob, reason: 'suspected alt account' },
  }),
  accountUnfreeze: defineCommand({
    subject: 'tk.cmd.ledger.account.unfreeze',
    summary: 'Unfreeze an account.',
    request: FreezeRequestSchema,
    response: AccountSchema,
    example: { accountId: EX.bob, reason: 'cleared' },
  }),
  accountList: defineCommand({
    subject: 'tk.cmd.ledger.account.list',
    summary: "List a community's accounts in id order, a page at a time.",
    request: z.strictObject({
      communityId: CommunityIdSchema,
      kind: AccountKindSchema.optional(),
      cursor: CursorSchema.optional(),
      limit: PageSizeSchema.optional(),
    }),
    response: z.strictObject({ items: z.array(AccountSchema), nextCursor: CursorSchema.nullable() }),
    example: { communityId: EX.community, limit: 10 },
  }),
  supplyMint: defineCommand({
    subject: 'tk.cmd.ledger.supply.mint',
    summary: "Create new tickets: debit the community's issuance account, credit the given account.",
    request: z.strictObject({
      id: TransferIdSchema,
      accountId: AccountIdSchema,
      amount: AmountSchema,
      memo: MemoSchema.default(''),
    }),
    response: TransferSchema,
    example: { id: 'example-mint-1', accountId: EX.alice, amount: 1000, memo: 'welcome bonus' },
  }),
  supplyBurn: defineCommand({
    subject: 'tk.cmd.ledger.supply.burn',
    summary: "Destroy tickets: debit the given account, credit the community's issuance account.",
    request: z.strictObject({
      id: TransferIdSchema,
      accountId: AccountIdSchema,
      amount: AmountSchema,
      memo: MemoSchema.default(''),
    }),
    response: TransferSchema,
    example: { id: 'example-burn-1', accountId: EX.alice, amount: 10, memo: 'burned by an admin' },
  }),
  supplyGet: defineCommand({
    subject: 'tk.cmd.ledger.supply.get',
    summary: "A community's supply (minus the issuance balance), treasury and circulating amounts.",
    request: z.strictObject({ communityId: CommunityIdSchema }),
    response: SupplySchema,
    example: { communityId: EX.community },
  }),
  transferCreate: defineCommand({
    subject: 'tk.cmd.ledger.transfer.create',
    summary:
      'Move tickets between two accounts of one community, at once or as a hold (pending). Member payments pay the policy tax to the treasury as a linked transfer.',
    request: TransferRequestSchema,
    response: TransferResultSchema,
    example: {
      id: 'example-pay-1',
      debitAccountId: EX.alice,
      creditAccountId: EX.bob,
      amount: 100,
      code: 'payment',
      memo: 'for the pizza',
    },
  }),
  transferBatch: defineCommand({
    subject: 'tk.cmd.ledger.transfer.batch',
    summary: `Independent transfers in one request (at most ${LEDGER_LIMITS.batchTransfersMax}), each with its own result, in order.`,
    request: z.strictObject({
      transfers: z.array(TransferRequestSchema).min(1).max(LEDGER_LIMITS.batchTransfersMax),
    }),
    response: z.strictObject({
      results: z.array(
        z.discriminatedUnion('ok', [
          z.strictObject({ ok: z.literal(true), data: TransferResultSchema }),
          z.strictObject({ ok: z.literal(false), error: ErrorBodySchema }),
        ]),
      ),
    }),
    example: {
      transfers: [
        {
          id: 'example-batch-1',
          debitAccountId: EX.alice,
          creditAccountId: EX.bob,
          amount: 5,
          code: 'reward',
        },
        {
          id: 'example-batch-2',
          debitAccountId: EX.alice,
          creditAccountId: EX.bob,
          amount: 6,
          code: 'reward',
        },
      ],
    },
  }),
  transferLinked: defineCommand({
    subject: 'tk.cmd.ledger.transfer.linked',
    summary: `Transfers applied all-or-nothing (at most ${LEDGER_LIMITS.linkedTransfersMax}): if one fails, none is applied and the error names its index.`,
    request: z.strictObject({
      transfers: z.array(TransferRequestSchema).min(1).max(LEDGER_LIMITS.linkedTransfersMax),
    }),
    response: z.strictObject({ transfers: z.array(TransferSchema) }),
    example: {
      transfers: [
        {
          id: 'example-linked-1',
          debitAccountId: EX.alice,
          creditAccountId: EX.bob,
          amount: 50,
          code: 'sale',
        },
        {
          id: 'example-linked-2',
          debitAccountId: EX.alice,
          creditAccountId: 'treasury:demo',
          amount: 2,
          code: 'fee',
        },
      ],
    },
  }),
  transferPost: defineCommand({
    subject: 'tk.cmd.ledger.transfer.post',
    summary:
      'Settle an open hold: move the held amount (or part of it; the rest is released). Repeating returns the first result.',
    request: z.strictObject({ pendingId: TransferIdSchema, amount: AmountSchema.optional() }),
    response: TransferSchema,
    example: { pendingId: 'example-hold-1', amount: 20 },
  }),
  transferSettle: defineCommand({
    subject: 'tk.cmd.ledger.transfer.settle',
    summary: `Post open holds of one community all-or-nothing (at most ${LEDGER_LIMITS.settleHoldsMax}), each in full, then the linked transfers (at most ${LEDGER_LIMITS.linkedTransfersMax}, such as paying out the escrow the holds filled), in one transaction: if a hold cannot be posted (voided, expired, posted for another amount, of another community) or a transfer fails, nothing is applied and the error names the field and index. A repeat of an applied request returns the same result.`,
    request: z
      .strictObject({
        communityId: CommunityIdSchema,
        pendingIds: z.array(TransferIdSchema).min(1).max(LEDGER_LIMITS.settleHoldsMax),
        transfers: z.array(TransferRequestSchema).max(LEDGER_LIMITS.linkedTransfersMax).default([]),
      })
      .superRefine((value, ctx) => {
        const seen = new Set<string>();
        value.pendingIds.forEach((id, index) => {
          if (seen.has(id)) {
            ctx.addIssue({ code: 'custom', path: ['pendingIds', index], message: `${id} appears twice` });
          }
          seen.add(id);
        });
      }),
    response: z.strictObject({ posts: z.array(TransferSchema), transfers: z.array(TransferSchema) }),
    example: {
      communityId: EX.community,
      pendingIds: ['example-pledge-1'],
      transfers: [
        {
          id: 'example-pool-payout',
          debitAccountId: 'escrow:demo:pool-1',
          creditAccountId: 'treasury:demo',
          amount: 30,
          code: 'pledge',
          memo: 'pool 1',
        },
      ],
    },
  }),
  transferVoid: defineCommand({
    subject: 'tk.cmd.ledger.transfer.void',
    summary: 'Release an open hold without moving money. Repeating returns the first result.',
    request: z.strictObject({ pendingId: TransferIdSchema }),
    response: TransferSchema,
    example: { pendingId: 'example-hold-2' },
  }),
  transferReverse: defineCommand({
    subject: 'tk.cmd.ledger.transfer.reverse',
    summary:
      'Correct a posted transfer with a new transfer in the other direction. A transfer is reversed once.',
    request: z.strictObject({
      id: TransferIdSchema,
      transferId: z.string().min(1).max(140),
      memo: MemoSchema.default(''),
    }),
    response: TransferSchema,
    example: { id: 'example-reversal-1', transferId: 'example-batch-2', memo: 'sent by mistake' },
  }),
  transferGet: defineCommand({
    subject: 'tk.cmd.ledger.transfer.get',
    summary: 'Read one journal row by its id, with the current state of a hold.',
    request: z.strictObject({ transferId: z.string().min(1).max(140) }),
    response: TransferSchema,
    example: { transferId: 'example-pay-1' },
  }),
  transferHistory: defineCommand({
    subject: 'tk.cmd.ledger.transfer.history',
    summary:
      "A community's journal, newest first, filtered by account, code and time, a page at a time (cursor pagination).",
    request: z.strictObject({
      communityId: CommunityIdSchema,
      accountId: AccountIdSchema.optional(),
      code: TransferCodeSchema.optional(),
      fromTime: IsoTimeSchema.optional(),
      toTime: IsoTimeSchema.optional(),
      cursor: CursorSchema.optional(),
      limit: PageSizeSchema.optional(),
    }),
    response: z.strictObject({ items: z.array(TransferSchema), nextCursor: CursorSchema.nullable() }),
    example: { communityId: EX.community, accountId: EX.alice, limit: 20 },
  }),
  balanceGet: defineCommand({
    subject: 'tk.cmd.ledger.balance.get',
    summary: "An account's posted balance, pending debits and credits, and what it can spend now.",
    request: AccountRefSchema,
    response: BalanceViewSchema,
    example: { accountId: EX.alice },
  }),
  policyGet: defineCommand({
    subject: 'tk.cmd.ledger.policy.get',
    summary: "A community's money policy (defaults until an admin sets one).",
    request: z.strictObject({ communityId: CommunityIdSchema }),
    response: PolicySchema,
    example: { communityId: EX.community },
  }),
  policySet: defineCommand({
    subject: 'tk.cmd.ledger.policy.set',
    summary: "Change some fields of a community's money policy; the rest keep their values.",
    request: z.strictObject({
      communityId: CommunityIdSchema,
      currencyName: CurrencyNameSchema.optional(),
      currencySymbol: CurrencySymbolSchema.optional(),
      taxBps: z
        .int()
        .min(0)
        .max(TAX_BPS_MAX, { error: `must be at most ${TAX_BPS_MAX} (50%)` })
        .optional(),
      transferMin: AmountSchema.optional(),
      transferMax: AmountSchema.optional(),
      dailySendMax: AmountSchema.nullable().optional(),
      dailyReceiveMax: AmountSchema.nullable().optional(),
      taxDestination: FeeDestinationSchema.optional(),
      emission: EmissionSettingSchema.optional(),
      distribution: DistributionSchema.optional(),
      demurrage: DemurrageSchema.nullable().optional(),
    }),
    response: PolicySchema,
    example: {
      communityId: EX.community,
      currencyName: 'Ticket',
      currencySymbol: '🎟',
      taxBps: 200,
      dailySendMax: 50_000,
      dailyReceiveMax: null,
      emission: { mode: 'fixed', amount: 1_000, period: 'day' },
      distribution: [
        { kind: 'treasury', shareBps: 2_000 },
        { kind: 'basicIncome', shareBps: 8_000, activeWindowDays: 7 },
      ],
      demurrage: { thresholdAmount: 100_000, rateBps: 10, destination: 'burn' },
    },
  }),
  emissionStatus: defineCommand({
    subject: 'tk.cmd.ledger.emission.status',
    summary:
      "Where a community's emission schedule stands: the last period applied, when the next is due, totals emitted and taken by the holding fee.",
    request: z.strictObject({ communityId: CommunityIdSchema }),
    response: EmissionStatusSchema,
    example: { communityId: EX.community },
  }),
  treasuryGrant: defineCommand({
    subject: 'tk.cmd.ledger.treasury.grant',
    summary:
      "Pay a grant or bounty from the community's treasury to a member or escrow account (idempotent by id), approved by an admin or owner, or by a passed proposal.",
    request: z.strictObject({
      id: TransferIdSchema,
      communityId: CommunityIdSchema,
      toAccountId: AccountIdSchema,
      amount: AmountSchema,
      kind: GrantKindSchema,
      memo: MemoSchema.default(''),
      approvedBy: z.union(
        [
          z.strictObject({ userId: OwnerIdSchema }),
          z.strictObject({ proposalId: z.string().regex(/^[A-Za-z0-9_.:-]{1,128}$/) }),
        ],
        { error: 'must be {userId} of an admin or owner, or {proposalId} of a passed proposal' },
      ),
    }),
    response: TransferSchema,
    example: {
      id: 'example-grant-1',
      communityId: EX.community,
      toAccountId: EX.bob,
      // The treasury holds the tax of the payment and the fee of the linked example by now.
      amount: 3,
      kind: 'bounty',
      memo: 'fixed the wiki',
      approvedBy: { proposalId: 'proposal-17' },
    },
  }),
  journalVerify: defineCommand({
    subject: 'tk.cmd.ledger.journal.verify',
    summary:
      "Recompute the hash chain and every balance from the journal and report any mismatch, and each community's sum of balances (always 0).",
    request: z.strictObject({}),
    response: VerifyReportSchema,
    example: {},
  }),
} as const;

/** Order in which the examples above succeed one after another on a fresh ledger (holds are set up between). */
export const LEDGER_EXAMPLE_ORDER: (keyof typeof LedgerCommands)[] = [
  'accountOpen',
  'accountGet',
  'accountList',
  'supplyMint',
  'supplyBurn',
  'supplyGet',
  'policySet',
  'policyGet',
  'emissionStatus',
  'transferCreate',
  'transferBatch',
  'transferLinked',
  'transferPost',
  'transferSettle',
  'transferVoid',
  'transferReverse',
  'transferGet',
  'transferHistory',
  'balanceGet',
  'accountFreeze',
  'accountUnfreeze',
  'treasuryGrant',
  'journalVerify',
];

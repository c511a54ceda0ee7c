import {
  AccountIdSchema,
  AmountSchema,
  communityOfAccountId,
  CursorSchema,
  DomainError,
  IsoTimeSchema,
  LedgerCommands,
  MemoSchema,
  OwnerIdSchema,
  PageSizeSchema,
  TransferCodeSchema,
  ledgerAccountId,
  type VerifyReport,
} from '@ticketonomics/contracts';
import { z } from 'zod';
import { deriveRequestId } from '../http/idempotency';
import {
  communityParams,
  defineRoute,
  intFromString,
  IDEMPOTENT_WRITE_ERRORS,
  KEYED_ERRORS,
} from '../http/route';
import { EX } from '../openapi/example.ids';
import { requireLedgerMembers } from '../members/member.check';

/** journal.verify recomputes the whole journal: it gets longer than an ordinary request. */
const VERIFY_TIMEOUT_MS = 60_000;

/** A member is the owner of a `user` account: the accounts service's user id. */
export const MemberIdSchema = OwnerIdSchema;

export function memberAccountId(communityId: string, memberId: string): string {
  return ledgerAccountId('user', communityId, memberId);
}

function notFound(what: string): DomainError {
  return new DomainError('NOT_FOUND', `${what} not found in this community`, { field: what });
}

/** A member id that names no member with a ledger account here. */
export const NOT_A_MEMBER =
  'is not a member of this community; register the player first (POST /v1/communities/{communityId}/members)';

export const TransferBodySchema = z
  .strictObject({
    from: MemberIdSchema,
    to: MemberIdSchema,
    amount: AmountSchema,
    memo: MemoSchema.default(''),
  })
  .refine((body) => body.from !== body.to, { path: ['to'], message: 'must be another member than from' });

/** journal.verify covers every community; a key sees only its own community's figures. */
function verifyReportOf(report: VerifyReport, communityId: string): VerifyReport {
  return {
    ...report,
    balanceMismatches: report.balanceMismatches.filter(
      (mismatch) => communityOfAccountId(mismatch.accountId) === communityId,
    ),
    sumByCommunity: report.sumByCommunity.filter((sum) => sum.communityId === communityId),
    replicated: {
      ...report.replicated,
      // Findings naming another community's account are not this key's to see; the others (positions,
      // counts, hashes) describe the whole file and name no one.
      mismatches: report.replicated.mismatches.filter(
        (mismatch) =>
          mismatch.accountId === undefined || communityOfAccountId(mismatch.accountId) === communityId,
      ),
    },
  };
}

export const LEDGER_ROUTES = [
  defineRoute({
    method: 'GET',
    path: '/v1/communities/:communityId/members/:memberId/balance',
    operationId: 'getMemberBalance',
    tag: 'ledger',
    scope: 'read',
    summary: "A member's balance: posted, held (pending) and available now.",
    params: communityParams({ memberId: MemberIdSchema }),
    response: LedgerCommands.balanceGet.response,
    fields: { accountId: { field: 'memberId', in: 'path', notFound: NOT_A_MEMBER } },
    errors: [...KEYED_ERRORS, 'VALIDATION_FAILED', 'NOT_FOUND'],
    examples: {
      ok: { params: { memberId: EX.ann } },
      NOT_FOUND: { params: { memberId: EX.stranger } },
      VALIDATION_FAILED: { params: { memberId: 'ann marsh' } },
    },
    handle: async ({ params, commands, memberships }) => {
      await requireLedgerMembers(commands, memberships, params.communityId, [
        { id: params.memberId, accountField: 'accountId' },
      ]);
      return commands.request(LedgerCommands.balanceGet, {
        accountId: memberAccountId(params.communityId, params.memberId),
      });
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/communities/:communityId/accounts/:accountId',
    operationId: 'getAccount',
    tag: 'ledger',
    scope: 'read',
    summary: 'One ledger account of the community (user, treasury, issuance or escrow) with its balances.',
    params: communityParams({ accountId: AccountIdSchema }),
    response: LedgerCommands.accountGet.response,
    errors: [...KEYED_ERRORS, 'VALIDATION_FAILED', 'NOT_FOUND'],
    examples: {
      ok: { params: { accountId: `treasury:${EX.community}` } },
      NOT_FOUND: { params: { accountId: `treasury:${EX.otherCommunity}` } },
      VALIDATION_FAILED: { params: { accountId: 'treasury of demo-town' } },
    },
    handle: async ({ params, commands }) => {
      if (communityOfAccountId(params.accountId) !== params.communityId) throw notFound('accountId');
      const account = await commands.request(LedgerCommands.accountGet, { accountId: params.accountId });
      if (account.communityId !== params.communityId) throw notFound('accountId');
      return account;
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/communities/:communityId/transfers',
    operationId: 'createTransfer',
    tag: 'ledger',
    scope: 'transfer',
    summary:
      "Pay tickets from one member to another (a member payment: the community's tax and limits apply).",
    description:
      'Requires an Idempotency-Key header: the same key and header return the first result and move money once; the same header with another body is 409 IDEMPOTENCY_CONFLICT. Not enough tickets, a frozen account or a policy limit is 422.',
    params: communityParams(),
    body: TransferBodySchema,
    idempotent: true,
    status: 201,
    response: LedgerCommands.transferCreate.response,
    fields: {
      debitAccountId: { field: 'from', in: 'body', notFound: NOT_A_MEMBER },
      creditAccountId: { field: 'to', in: 'body', notFound: NOT_A_MEMBER },
    },
    errors: [
      ...IDEMPOTENT_WRITE_ERRORS,
      'NOT_FOUND',
      'INSUFFICIENT_FUNDS',
      'ACCOUNT_FROZEN',
      'LIMIT_EXCEEDED',
    ],
    examples: {
      ok: { body: { from: EX.ann, to: EX.bob, amount: 120, memo: 'Lighthouse tour tickets' } },
      VALIDATION_FAILED: { body: { from: EX.ann, to: EX.bob, amount: 12.5 } },
      IDEMPOTENCY_CONFLICT: {
        body: { from: EX.ann, to: EX.bob, amount: 150, memo: 'Lighthouse tour tickets' },
      },
      NOT_FOUND: { body: { from: EX.ann, to: EX.stranger, amount: 120 } },
      INSUFFICIENT_FUNDS: { body: { from: EX.cy, to: EX.ann, amount: 100 } },
      ACCOUNT_FROZEN: { body: { from: EX.flo, to: EX.ann, amount: 20 } },
      LIMIT_EXCEEDED: { body: { from: EX.ann, to: EX.bob, amount: 3_000 } },
    },
    handle: async ({ params, body, key, idempotencyKey, commands, memberships }) => {
      await requireLedgerMembers(commands, memberships, params.communityId, [
        { id: body.from, accountField: 'debitAccountId' },
        { id: body.to, accountField: 'creditAccountId' },
      ]);
      return commands.request(LedgerCommands.transferCreate, {
        id: deriveRequestId(key.keyId, 'transfer', idempotencyKey),
        debitAccountId: memberAccountId(params.communityId, body.from),
        creditAccountId: memberAccountId(params.communityId, body.to),
        amount: body.amount,
        code: 'payment',
        memo: body.memo,
      });
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/communities/:communityId/transfers',
    operationId: 'listTransfers',
    tag: 'ledger',
    scope: 'read',
    summary:
      "The community's journal, newest first, a page at a time; filter by member or account, code and time.",
    params: communityParams(),
    query: z
      .strictObject({
        memberId: MemberIdSchema.optional(),
        accountId: AccountIdSchema.optional(),
        code: TransferCodeSchema.optional(),
        fromTime: IsoTimeSchema.optional(),
        toTime: IsoTimeSchema.optional(),
        cursor: CursorSchema.optional(),
        limit: intFromString(PageSizeSchema).optional(),
      })
      .refine((query) => query.memberId === undefined || query.accountId === undefined, {
        path: ['accountId'],
        message: 'give memberId or accountId, not both',
      }),
    response: LedgerCommands.transferHistory.response,
    errors: [...KEYED_ERRORS, 'VALIDATION_FAILED'],
    examples: {
      ok: { query: { memberId: EX.ann, limit: '2' } },
      VALIDATION_FAILED: { query: { fromTime: 'yesterday' } },
    },
    handle: ({ params, query, commands }) => {
      const { memberId, ...rest } = query;
      return commands.request(LedgerCommands.transferHistory, {
        communityId: params.communityId,
        ...rest,
        ...(memberId !== undefined ? { accountId: memberAccountId(params.communityId, memberId) } : {}),
      });
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/communities/:communityId/transfers/:transferId',
    operationId: 'getTransfer',
    tag: 'ledger',
    scope: 'read',
    summary: 'One journal row by its id (as returned when it was created), with the state of a hold.',
    params: communityParams({ transferId: z.string().min(1).max(140) }),
    response: LedgerCommands.transferGet.response,
    errors: [...KEYED_ERRORS, 'VALIDATION_FAILED', 'NOT_FOUND'],
    examples: {
      ok: { params: { transferId: EX.transferId } },
      NOT_FOUND: { params: { transferId: 'demo-payment-9999' } },
      VALIDATION_FAILED: { params: { transferId: `${EX.transferId}-${'0'.repeat(140)}` } },
    },
    handle: async ({ params, commands }) => {
      const transfer = await commands.request(LedgerCommands.transferGet, { transferId: params.transferId });
      if (transfer.communityId !== params.communityId) throw notFound('transferId');
      return transfer;
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/communities/:communityId/supply',
    operationId: 'getSupply',
    tag: 'ledger',
    scope: 'read',
    summary:
      "The community's supply (tickets in existence), treasury and circulating amounts, accounts and transfers.",
    params: communityParams(),
    response: LedgerCommands.supplyGet.response,
    errors: KEYED_ERRORS,
    examples: { ok: {} },
    handle: ({ params, commands }) =>
      commands.request(LedgerCommands.supplyGet, { communityId: params.communityId }),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/communities/:communityId/verify',
    operationId: 'verifyJournal',
    tag: 'ledger',
    scope: 'read',
    summary:
      "Recompute the journal's hash chain and every balance, and report this community's mismatches and sum (always 0).",
    description: 'Expensive: it reads the whole journal. Counts against the rate limit like any request.',
    params: communityParams(),
    response: LedgerCommands.journalVerify.response,
    errors: KEYED_ERRORS,
    examples: { ok: {} },
    handle: async ({ params, commands }) =>
      verifyReportOf(
        await commands.request(LedgerCommands.journalVerify, {}, { timeoutMs: VERIFY_TIMEOUT_MS }),
        params.communityId,
      ),
  }),
];

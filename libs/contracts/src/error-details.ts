import { z } from 'zod';

/**
 * What each error code carries in `details`, one schema per code. Services build details through these
 * types (DomainError's constructor takes the code's input type) and readers parse them with detailsOf, so
 * a field is named once here and never read by a guessed string. Schemas are plain objects: a reader
 * ignores fields it does not know, so a service may add one without breaking an older reader.
 */

const Count = z.number().int().nonnegative();
const Amount = z.number().int().nonnegative();
const Text = z.string().max(200);
const Id = z.string().min(1).max(200);
const ArtifactId = z.number().int().positive();

/** Fields any code may carry: the request field at fault, where an HTTP caller sent it, a batch item. */
const Located = {
  /** The request field at fault (a dotted path, '$' for the whole payload). */
  field: Text.optional(),
  /** Where an HTTP caller sent `field`. */
  in: z.enum(['path', 'query', 'body', 'header']).optional(),
  /** The item of a batch that was refused (the batch applied nothing). */
  index: Count.optional(),
};

/** Issues a VALIDATION_FAILED lists at most (its message names the first). */
export const VALIDATION_ISSUES_MAX = 10;

/** One problem of a payload: the field and what is wrong with it. */
export const ValidationIssueSchema = z.object({ field: Text, message: z.string().max(1000) });

/** A daily cap of the community's money policy (the ledger's policy fields). */
export const DailyCapSchema = z.enum(['dailySendMax', 'dailyReceiveMax']);

export const ValidationFailedDetailsSchema = z.object({
  ...Located,
  issues: z.array(ValidationIssueSchema).max(VALIDATION_ISSUES_MAX).optional(),
  /** A policy change refused because the cap leaves no room for the smallest payment. */
  cap: DailyCapSchema.optional(),
  limit: Amount.optional(),
  smallest: Amount.optional(),
  /** What a hold holds, when a post asks for more. */
  held: Amount.optional(),
  subject: Text.optional(),
});

export const NotFoundDetailsSchema = z.object({
  ...Located,
  accountId: Id.optional(),
  communityId: Id.optional(),
  userId: Id.optional(),
  username: Text.optional(),
  provider: Text.optional(),
  externalId: Text.optional(),
  keyId: Id.optional(),
  webhookId: Id.optional(),
  editionId: ArtifactId.optional(),
  listingId: ArtifactId.optional(),
  shopItemId: ArtifactId.optional(),
  tradeId: ArtifactId.optional(),
  typeId: ArtifactId.optional(),
  proposalId: ArtifactId.optional(),
  poolId: ArtifactId.optional(),
});

/** The debit account, what it has available (balance minus open holds) and what the request needed. */
export const InsufficientFundsDetailsSchema = z.object({
  ...Located,
  accountId: Id,
  available: z.number().int(),
  required: Amount,
});

export const AccountFrozenDetailsSchema = z.object({ ...Located, accountId: Id.optional() });

export const IdempotencyConflictDetailsSchema = z.object({
  ...Located,
  /** The transfer id used before. */
  id: Id.optional(),
  requestId: Id.optional(),
  keyId: Id.optional(),
  /** The request field that differs, in an HTTP caller's names. */
  differs: Text.optional(),
});

export const ConflictDetailsSchema = z.object({
  ...Located,
  /** What clashes, for artifacts: listed, already_listed, in_trade, not_owner, burned, settling, closed, ... */
  reason: Text.optional(),
  userId: Id.optional(),
  provider: Text.optional(),
  externalId: Text.optional(),
  editionId: ArtifactId.optional(),
  /** The listing already standing for the edition (null if it could not be read). */
  listingId: ArtifactId.nullable().optional(),
  proposalId: ArtifactId.optional(),
  poolId: ArtifactId.optional(),
  status: Text.optional(),
  price: Amount.optional(),
  startsAt: Text.optional(),
  endsAt: Text.optional(),
});

export const UnauthenticatedDetailsSchema = z.object({
  ...Located,
  reason: z.enum(['missing', 'invalid', 'revoked', 'expired', 'replayed']),
  keyId: Id.optional(),
});

export const ForbiddenDetailsSchema = z.object({
  ...Located,
  reason: Text.optional(),
  communityId: Id.optional(),
  userId: Id.optional(),
  keyId: Id.optional(),
  requiredScope: Text.optional(),
  scopes: z.array(Text).max(20).optional(),
});

/**
 * A limit passed. A daily cap names the cap, its limit, what was used today and what is left; the policy's
 * bounds on one payment are min and max; a count limit (webhooks, API keys, barred members, stock) is limit.
 */
export const LimitExceededDetailsSchema = z.object({
  ...Located,
  cap: DailyCapSchema.optional(),
  limit: Amount.optional(),
  usedToday: Amount.optional(),
  remaining: Amount.optional(),
  min: Amount.optional(),
  max: Amount.optional(),
});

export const RateLimitedDetailsSchema = z.object({
  ...Located,
  reason: Text,
  retryAfterSeconds: z.number().int().positive(),
  limit: Count.optional(),
  /** The window the limit counts in; null for a cap on things open at once. */
  windowSeconds: z.number().int().positive().nullable().optional(),
});

export const AlreadyReversedDetailsSchema = z.object({ ...Located, reversalId: Id });
export const NotReversibleDetailsSchema = z.object({ ...Located, kind: Text });
/** The hold's state (expired, posted, voided), or null when it is settled some other way. */
export const PendingNotOpenDetailsSchema = z.object({ ...Located, state: Text.nullable() });
export const SoldOutDetailsSchema = z.object({ ...Located, reason: Text.optional() });
export const LinkCodeInvalidDetailsSchema = z.object({ ...Located, provider: Text });
export const UnavailableDetailsSchema = z.object({
  ...Located,
  /** The command that was not answered. */
  subject: Text.optional(),
  timeoutMs: Count.optional(),
  requestId: Id.optional(),
  state: Text.optional(),
});
/** Codes that name at most the field at fault. */
export const LocatedDetailsSchema = z.object(Located);
/** INTERNAL never carries details: they stay in the log. */
export const NoDetailsSchema = z.strictObject({});

export const ERROR_DETAILS = {
  VALIDATION_FAILED: ValidationFailedDetailsSchema,
  NOT_FOUND: NotFoundDetailsSchema,
  INSUFFICIENT_FUNDS: InsufficientFundsDetailsSchema,
  ACCOUNT_FROZEN: AccountFrozenDetailsSchema,
  IDEMPOTENCY_CONFLICT: IdempotencyConflictDetailsSchema,
  CONFLICT: ConflictDetailsSchema,
  UNAUTHENTICATED: UnauthenticatedDetailsSchema,
  FORBIDDEN: ForbiddenDetailsSchema,
  LIMIT_EXCEEDED: LimitExceededDetailsSchema,
  RATE_LIMITED: RateLimitedDetailsSchema,
  COMMUNITY_MISMATCH: LocatedDetailsSchema,
  ALREADY_REVERSED: AlreadyReversedDetailsSchema,
  NOT_REVERSIBLE: NotReversibleDetailsSchema,
  PENDING_NOT_OPEN: PendingNotOpenDetailsSchema,
  SOLD_OUT: SoldOutDetailsSchema,
  LINK_CODE_INVALID: LinkCodeInvalidDetailsSchema,
  IDENTITY_TAKEN: LocatedDetailsSchema,
  OVERLOADED: LocatedDetailsSchema,
  UNAVAILABLE: UnavailableDetailsSchema,
  INTERNAL: NoDetailsSchema,
} as const;

export type ErrorDetailsSchemas = typeof ERROR_DETAILS;
/** What a service passes as the details of code C. */
export type ErrorDetailsInput<C extends keyof ErrorDetailsSchemas> = z.input<ErrorDetailsSchemas[C]>;
/** The details of code C as a reader gets them from detailsOf. */
export type ErrorDetails<C extends keyof ErrorDetailsSchemas> = z.output<ErrorDetailsSchemas[C]>;

/** An example of each code's details, as the documents show them; the spec checks each against its schema. */
export const ERROR_DETAILS_EXAMPLES: { [C in keyof ErrorDetailsSchemas]: ErrorDetailsInput<C> } = {
  VALIDATION_FAILED: {
    field: 'amount',
    issues: [{ field: 'amount', message: 'Too small: expected number to be >0' }],
  },
  NOT_FOUND: { field: 'debitAccountId', accountId: 'user:demo:nobody' },
  INSUFFICIENT_FUNDS: { accountId: 'user:demo:alice', available: 20, required: 150 },
  ACCOUNT_FROZEN: { field: 'debitAccountId', accountId: 'user:demo:alice' },
  IDEMPOTENCY_CONFLICT: { field: 'amount', id: 'pay-2026-11-28-0001' },
  CONFLICT: { field: 'editionId', reason: 'listed', editionId: 5 },
  UNAUTHENTICATED: { reason: 'revoked' },
  FORBIDDEN: { reason: 'scope', requiredScope: 'transfer', scopes: ['read'] },
  LIMIT_EXCEEDED: { field: 'amount', cap: 'dailySendMax', limit: 500, usedToday: 450, remaining: 50 },
  RATE_LIMITED: { field: 'code', reason: 'link_code_failures', retryAfterSeconds: 120 },
  COMMUNITY_MISMATCH: { field: 'creditAccountId' },
  ALREADY_REVERSED: { field: 'transferId', reversalId: 'rev-0001' },
  NOT_REVERSIBLE: { field: 'transferId', kind: 'pending' },
  PENDING_NOT_OPEN: { field: 'pendingId', state: 'voided' },
  SOLD_OUT: { reason: 'sold_out' },
  LINK_CODE_INVALID: { field: 'code', provider: 'minecraft' },
  IDENTITY_TAKEN: {},
  OVERLOADED: {},
  UNAVAILABLE: { subject: 'tk.cmd.ledger.transfer.create', timeoutMs: 5000 },
  INTERNAL: {},
};

/**
 * A small in-memory reference model of the ledger's money rules, written from the rules as documented
 * (double entry; only the issuance account below zero; member payments taxed and bounded by the policy,
 * per payment and per member per UTC day; holds; reversals; idempotent ids), for the model-based e2e test
 * to predict every reply with.
 *
 * Every operation returns the outcome the ledger must reply with, and changes the model only when it
 * succeeds. An operation on an id that already exists returns `repeat` with the stored row.
 */

export type AccountKind = 'user' | 'treasury' | 'issuance' | 'escrow';
export type RowKind = 'posted' | 'pending' | 'post_pending' | 'void_pending';
export type HoldState = 'open' | 'posted' | 'voided';

export interface ModelAccount {
  id: string;
  communityId: string;
  kind: AccountKind;
  ownerId: string | null;
  balance: number;
  pendingDebits: number;
  pendingCredits: number;
  frozen: boolean;
}

export interface ModelRow {
  id: string;
  kind: RowKind;
  communityId: string;
  debitAccountId: string;
  creditAccountId: string;
  amount: number;
  code: string;
  memo: string;
  pendingId: string | null;
  timeoutMs: number | null;
  reversesId: string | null;
  linkedTo: string | null;
  debitBalanceAfter: number;
  creditBalanceAfter: number;
}

export interface ModelPolicy {
  taxBps: number;
  transferMin: number;
  transferMax: number;
  /** Most a member may send in member payments per UTC day, tax included; null: no cap. */
  dailySendMax: number | null;
  /** Most a member may receive in member payments per UTC day; null: no cap. */
  dailyReceiveMax: number | null;
  version: number;
}

export type PolicyChange = Partial<
  Pick<ModelPolicy, 'taxBps' | 'transferMin' | 'transferMax' | 'dailySendMax' | 'dailyReceiveMax'>
>;

export interface TransferReq {
  id: string;
  debitAccountId: string;
  creditAccountId: string;
  amount: number;
  code: string;
  memo?: string;
  pending?: { timeoutMs: number };
}

export type Failure = { ok: false; code: string; field?: string; state?: string };
export type Outcome<T> = { ok: true; value: T } | Failure;

export interface CreateOutcome {
  repeat: boolean;
  transfer: ModelRow;
  tax: ModelRow | null;
}

export interface RowOutcome {
  repeat: boolean;
  row: ModelRow;
}

export interface ReverseOutcome extends RowOutcome {
  tax: ModelRow | null;
}

/** Client ids (TransferIdSchema): never a '/', which only the ledger's derived rows use. */
const CLIENT_ID = /^[A-Za-z0-9_.:-]{1,128}$/;
const FROZEN_DEBIT_ALLOWED = new Set(['fine', 'burn', 'reversal']);
const fail = (code: string, extra: Omit<Failure, 'ok' | 'code'> = {}): Failure => ({
  ok: false,
  code,
  ...extra,
});

export const issuanceOf = (communityId: string) => `issuance:${communityId}`;
export const treasuryOf = (communityId: string) => `treasury:${communityId}`;
export const accountIdOf = (kind: AccountKind, communityId: string, ownerId: string | null) =>
  ownerId === null ? `${kind}:${communityId}` : `${kind}:${communityId}:${ownerId}`;

export class LedgerModel {
  readonly accounts = new Map<string, ModelAccount>();
  /** The journal, in order of writing. */
  readonly rows = new Map<string, ModelRow>();
  readonly holds = new Map<string, HoldState>();
  /** Original row id -> the reversal row that reversed it. */
  readonly reversedBy = new Map<string, string>();
  /** The requests behind the ids transfer.create or a batch has written, for repeats and conflicts. */
  readonly createRequests = new Map<string, TransferReq>();
  /** Ids a client chose, in the order they were first written (transfers, mints, burns, reversals). */
  readonly clientIds: string[] = [];
  policy: ModelPolicy;
  /** Member payments per `${accountId} ${day}`: sent (tax included) and received. Reversals give none back. */
  readonly dailyTotals = new Map<string, { sent: number; received: number }>();

  /** `today` is the UTC day ('YYYY-MM-DD') payments count towards; the ledger's clock decides the real one. */
  constructor(
    readonly communityId: string,
    defaults: { transferMax: number },
    private readonly today: () => string = () => new Date().toISOString().slice(0, 10),
  ) {
    this.policy = {
      taxBps: 0,
      transferMin: 1,
      transferMax: defaults.transferMax,
      dailySendMax: null,
      dailyReceiveMax: null,
      version: 0,
    };
  }

  dailyTotalsOf(accountId: string, day = this.today()): { sent: number; received: number } {
    return this.dailyTotals.get(`${accountId} ${day}`) ?? { sent: 0, received: 0 };
  }

  /** An account that exists in another community (opened outside the model), to test mismatches. */
  addForeignAccount(account: ModelAccount): void {
    this.accounts.set(account.id, { ...account });
  }

  available(account: ModelAccount): number {
    return account.balance - account.pendingDebits;
  }

  holdState(id: string): HoldState | null {
    return this.holds.get(id) ?? null;
  }

  /** This community's accounts, as account.list would show them (ordered by id). */
  communityAccounts(): ModelAccount[] {
    return [...this.accounts.values()]
      .filter((a) => a.communityId === this.communityId)
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  open(kind: AccountKind, ownerId: string | null): ModelAccount {
    const c = this.communityId;
    this.ensure(issuanceOf(c), 'issuance', null);
    this.ensure(treasuryOf(c), 'treasury', null);
    return this.ensure(accountIdOf(kind, c, ownerId), kind, ownerId);
  }

  setFrozen(accountId: string, frozen: boolean): Outcome<ModelAccount> {
    const account = this.accounts.get(accountId);
    if (account === undefined) return fail('NOT_FOUND', { field: 'accountId' });
    if (account.kind === 'issuance') return fail('FORBIDDEN', { field: 'accountId' });
    account.frozen = frozen;
    return { ok: true, value: account };
  }

  setPolicy(change: PolicyChange): Outcome<ModelPolicy> {
    if (change.taxBps !== undefined && change.taxBps > 5_000)
      return fail('VALIDATION_FAILED', { field: 'taxBps' });
    const next = { ...this.policy, ...change };
    if (next.transferMin > next.transferMax) return fail('VALIDATION_FAILED', { field: 'transferMin' });
    // A daily cap must leave room for the smallest payment (with its tax, on the sending side).
    const smallest = {
      dailySendMax: next.transferMin + Math.floor((next.transferMin * next.taxBps) / 10_000),
      dailyReceiveMax: next.transferMin,
    };
    for (const cap of ['dailySendMax', 'dailyReceiveMax'] as const) {
      const limit = next[cap];
      if (limit !== null && limit < smallest[cap]) {
        const field =
          change[cap] !== undefined ? cap : change.transferMin !== undefined ? 'transferMin' : 'taxBps';
        return fail('VALIDATION_FAILED', { field });
      }
    }
    const changed = (Object.keys(change) as (keyof typeof change)[]).some(
      (key) => this.policy[key] !== next[key],
    );
    if (changed) this.policy = { ...next, version: this.policy.version + 1 };
    return { ok: true, value: this.policy };
  }

  create(req: TransferReq): Outcome<CreateOutcome> {
    const memo = req.memo ?? '';
    const existing = this.rows.get(req.id);
    if (existing !== undefined) {
      const field = firstDifference(existing, req);
      if (field !== null) return fail('IDEMPOTENCY_CONFLICT', { field });
      const tax = existing.kind === 'posted' ? (this.rows.get(`${existing.id}/tax`) ?? null) : null;
      return { ok: true, value: { repeat: true, transfer: existing, tax } };
    }
    if (req.debitAccountId === req.creditAccountId)
      return fail('VALIDATION_FAILED', { field: 'creditAccountId' });
    const debit = this.accounts.get(req.debitAccountId);
    if (debit === undefined) return fail('NOT_FOUND', { field: 'debitAccountId' });
    const credit = this.accounts.get(req.creditAccountId);
    if (credit === undefined) return fail('NOT_FOUND', { field: 'creditAccountId' });
    if (debit.communityId !== credit.communityId)
      return fail('COMMUNITY_MISMATCH', { field: 'creditAccountId' });
    if (debit.kind === 'issuance') return fail('FORBIDDEN', { field: 'debitAccountId' });
    if (credit.kind === 'issuance') return fail('FORBIDDEN', { field: 'creditAccountId' });
    if (debit.frozen && !FROZEN_DEBIT_ALLOWED.has(req.code))
      return fail('ACCOUNT_FROZEN', { field: 'debitAccountId' });
    let tax = 0;
    let memberPayment = false;
    if (req.code === 'payment') {
      if (req.pending !== undefined) return fail('VALIDATION_FAILED', { field: 'pending' });
      if (debit.kind === 'user' && credit.kind === 'user') {
        if (req.amount < this.policy.transferMin || req.amount > this.policy.transferMax) {
          return fail('LIMIT_EXCEEDED', { field: 'amount' });
        }
        tax = Math.floor((req.amount * this.policy.taxBps) / 10_000);
        const { dailySendMax, dailyReceiveMax } = this.policy;
        if (dailySendMax !== null && this.dailyTotalsOf(debit.id).sent + req.amount + tax > dailySendMax)
          return fail('LIMIT_EXCEEDED', { field: 'amount' });
        if (dailyReceiveMax !== null && this.dailyTotalsOf(credit.id).received + req.amount > dailyReceiveMax)
          return fail('LIMIT_EXCEEDED', { field: 'amount' });
        memberPayment = true;
      }
    }
    if (this.available(debit) < req.amount + tax) return fail('INSUFFICIENT_FUNDS');

    const base = { communityId: debit.communityId, code: req.code, memo, reversesId: null, pendingId: null };
    let transfer: ModelRow;
    if (req.pending === undefined) {
      transfer = this.write(
        {
          ...base,
          id: req.id,
          kind: 'posted',
          debitAccountId: debit.id,
          creditAccountId: credit.id,
          amount: req.amount,
          timeoutMs: null,
          linkedTo: null,
        },
        [-req.amount, 0, 0],
        [req.amount, 0, 0],
      );
    } else {
      transfer = this.write(
        {
          ...base,
          id: req.id,
          kind: 'pending',
          debitAccountId: debit.id,
          creditAccountId: credit.id,
          amount: req.amount,
          timeoutMs: req.pending.timeoutMs,
          linkedTo: null,
        },
        [0, req.amount, 0],
        [0, 0, req.amount],
      );
      this.holds.set(req.id, 'open');
    }
    let taxRow: ModelRow | null = null;
    if (tax > 0) {
      taxRow = this.write(
        {
          ...base,
          id: `${req.id}/tax`,
          kind: 'posted',
          debitAccountId: debit.id,
          creditAccountId: treasuryOf(debit.communityId),
          amount: tax,
          code: 'tax',
          memo: '',
          timeoutMs: null,
          linkedTo: req.id,
        },
        [-tax, 0, 0],
        [tax, 0, 0],
      );
    }
    if (memberPayment) {
      const day = this.today();
      const sent = this.dailyTotalsOf(debit.id, day);
      this.dailyTotals.set(`${debit.id} ${day}`, { ...sent, sent: sent.sent + req.amount + tax });
      const received = this.dailyTotalsOf(credit.id, day);
      this.dailyTotals.set(`${credit.id} ${day}`, { ...received, received: received.received + req.amount });
    }
    this.createRequests.set(req.id, { ...req, memo });
    this.clientIds.push(req.id);
    return { ok: true, value: { repeat: false, transfer, tax: taxRow } };
  }

  mint(req: { id: string; accountId: string; amount: number; memo?: string }): Outcome<RowOutcome> {
    return this.supply('mint', req);
  }

  burn(req: { id: string; accountId: string; amount: number; memo?: string }): Outcome<RowOutcome> {
    return this.supply('burn', req);
  }

  post(pendingId: string, amount?: number): Outcome<RowOutcome> {
    if (!CLIENT_ID.test(pendingId)) return fail('VALIDATION_FAILED', { field: 'pendingId' });
    const hold = this.rows.get(pendingId);
    if (hold === undefined || hold.kind !== 'pending') return fail('NOT_FOUND', { field: 'pendingId' });
    const wanted = amount ?? hold.amount;
    const state = this.holds.get(hold.id)!;
    if (state !== 'open') {
      if (state !== 'posted') return fail('PENDING_NOT_OPEN', { field: 'pendingId', state });
      const settled = this.rows.get(`${hold.id}/post`)!;
      if (settled.amount !== wanted) return fail('IDEMPOTENCY_CONFLICT', { field: 'amount' });
      return { ok: true, value: { repeat: true, row: settled } };
    }
    if (wanted > hold.amount) return fail('VALIDATION_FAILED', { field: 'amount' });
    this.holds.set(hold.id, 'posted');
    const row = this.write(
      this.settlement(hold, 'post', 'post_pending', wanted),
      [-wanted, -hold.amount, 0],
      [wanted, 0, -hold.amount],
    );
    return { ok: true, value: { repeat: false, row } };
  }

  void(pendingId: string): Outcome<RowOutcome> {
    if (!CLIENT_ID.test(pendingId)) return fail('VALIDATION_FAILED', { field: 'pendingId' });
    const hold = this.rows.get(pendingId);
    if (hold === undefined || hold.kind !== 'pending') return fail('NOT_FOUND', { field: 'pendingId' });
    const state = this.holds.get(hold.id)!;
    if (state !== 'open') {
      if (state !== 'voided') return fail('PENDING_NOT_OPEN', { field: 'pendingId', state });
      return { ok: true, value: { repeat: true, row: this.rows.get(`${hold.id}/void`)! } };
    }
    this.holds.set(hold.id, 'voided');
    const row = this.write(
      this.settlement(hold, 'void', 'void_pending', hold.amount),
      [0, -hold.amount, 0],
      [0, 0, -hold.amount],
    );
    return { ok: true, value: { repeat: false, row } };
  }

  reverse(req: { id: string; transferId: string; memo?: string }): Outcome<ReverseOutcome> {
    const memo = req.memo ?? '';
    const existing = this.rows.get(req.id);
    if (existing !== undefined) {
      if (existing.reversesId !== req.transferId)
        return fail('IDEMPOTENCY_CONFLICT', { field: 'transferId' });
      if (existing.memo !== memo) return fail('IDEMPOTENCY_CONFLICT', { field: 'memo' });
      return {
        ok: true,
        value: { repeat: true, row: existing, tax: this.rows.get(`${existing.id}/tax`) ?? null },
      };
    }
    const original = this.rows.get(req.transferId);
    if (original === undefined) return fail('NOT_FOUND', { field: 'transferId' });
    if ((original.kind !== 'posted' && original.kind !== 'post_pending') || original.code === 'reversal') {
      return fail('NOT_REVERSIBLE', { field: 'transferId' });
    }
    if (this.reversedBy.has(original.id)) return fail('ALREADY_REVERSED', { field: 'transferId' });
    const tax = original.kind === 'posted' ? this.rows.get(`${original.id}/tax`) : undefined;
    const taxToReverse = tax !== undefined && !this.reversedBy.has(tax.id) ? tax : undefined;

    // Check both legs against the balances as they would stand, before writing either.
    const balances = new Map<string, number>();
    const availableAfter = (id: string) => {
      const account = this.accounts.get(id)!;
      return this.available(account) + (balances.get(id) ?? 0);
    };
    const legs = taxToReverse === undefined ? [original] : [original, taxToReverse];
    for (const leg of legs) {
      const payer = this.accounts.get(leg.creditAccountId)!;
      if (payer.kind !== 'issuance' && availableAfter(payer.id) < leg.amount)
        return fail('INSUFFICIENT_FUNDS');
      balances.set(leg.creditAccountId, (balances.get(leg.creditAccountId) ?? 0) - leg.amount);
      balances.set(leg.debitAccountId, (balances.get(leg.debitAccountId) ?? 0) + leg.amount);
    }
    const row = this.reverseRow(original, req.id, memo, null);
    const taxRow =
      taxToReverse === undefined ? null : this.reverseRow(taxToReverse, `${req.id}/tax`, memo, req.id);
    this.clientIds.push(req.id);
    return { ok: true, value: { repeat: false, row, tax: taxRow } };
  }

  private supply(
    code: 'mint' | 'burn',
    req: { id: string; accountId: string; amount: number; memo?: string },
  ): Outcome<RowOutcome> {
    const memo = req.memo ?? '';
    const account = this.accounts.get(req.accountId);
    if (account === undefined) return fail('NOT_FOUND', { field: 'accountId' });
    const issuance = issuanceOf(account.communityId);
    const [debitId, creditId] = code === 'mint' ? [issuance, account.id] : [account.id, issuance];
    const existing = this.rows.get(req.id);
    if (existing !== undefined) {
      if (existing.code !== code) return fail('IDEMPOTENCY_CONFLICT', { field: 'code' });
      if (existing.debitAccountId !== debitId || existing.creditAccountId !== creditId) {
        return fail('IDEMPOTENCY_CONFLICT', { field: 'accountId' });
      }
      if (existing.amount !== req.amount) return fail('IDEMPOTENCY_CONFLICT', { field: 'amount' });
      if (existing.memo !== memo) return fail('IDEMPOTENCY_CONFLICT', { field: 'memo' });
      return { ok: true, value: { repeat: true, row: existing } };
    }
    if (account.kind === 'issuance') return fail('FORBIDDEN', { field: 'accountId' });
    if (code === 'burn' && this.available(account) < req.amount) return fail('INSUFFICIENT_FUNDS');
    const row = this.write(
      {
        id: req.id,
        kind: 'posted',
        communityId: account.communityId,
        debitAccountId: debitId,
        creditAccountId: creditId,
        amount: req.amount,
        code,
        memo,
        pendingId: null,
        timeoutMs: null,
        reversesId: null,
        linkedTo: null,
      },
      [-req.amount, 0, 0],
      [req.amount, 0, 0],
    );
    this.clientIds.push(req.id);
    return { ok: true, value: { repeat: false, row } };
  }

  private reverseRow(original: ModelRow, id: string, memo: string, linkedTo: string | null): ModelRow {
    this.reversedBy.set(original.id, id);
    return this.write(
      {
        id,
        kind: 'posted',
        communityId: original.communityId,
        debitAccountId: original.creditAccountId,
        creditAccountId: original.debitAccountId,
        amount: original.amount,
        code: 'reversal',
        memo,
        pendingId: null,
        timeoutMs: null,
        reversesId: original.id,
        linkedTo,
      },
      [-original.amount, 0, 0],
      [original.amount, 0, 0],
    );
  }

  private settlement(
    hold: ModelRow,
    suffix: 'post' | 'void',
    kind: RowKind,
    amount: number,
  ): Omit<ModelRow, 'debitBalanceAfter' | 'creditBalanceAfter'> {
    return {
      id: `${hold.id}/${suffix}`,
      kind,
      communityId: hold.communityId,
      debitAccountId: hold.debitAccountId,
      creditAccountId: hold.creditAccountId,
      amount,
      code: hold.code,
      memo: hold.memo,
      pendingId: hold.id,
      timeoutMs: null,
      reversesId: null,
      linkedTo: null,
    };
  }

  private ensure(id: string, kind: AccountKind, ownerId: string | null): ModelAccount {
    let account = this.accounts.get(id);
    if (account === undefined) {
      account = {
        id,
        communityId: this.communityId,
        kind,
        ownerId,
        balance: 0,
        pendingDebits: 0,
        pendingCredits: 0,
        frozen: false,
      };
      this.accounts.set(id, account);
    }
    return account;
  }

  private write(
    entry: Omit<ModelRow, 'debitBalanceAfter' | 'creditBalanceAfter'>,
    debitDelta: readonly [number, number, number],
    creditDelta: readonly [number, number, number],
  ): ModelRow {
    const debit = this.accounts.get(entry.debitAccountId)!;
    const credit = this.accounts.get(entry.creditAccountId)!;
    for (const [account, [balance, pendingDebits, pendingCredits]] of [
      [debit, debitDelta],
      [credit, creditDelta],
    ] as const) {
      account.balance += balance;
      account.pendingDebits += pendingDebits;
      account.pendingCredits += pendingCredits;
    }
    const row: ModelRow = { ...entry, debitBalanceAfter: debit.balance, creditBalanceAfter: credit.balance };
    this.rows.set(row.id, row);
    return row;
  }
}

/** The first field, in request order, in which a request differs from the row stored under its id. */
export function firstDifference(existing: ModelRow, req: TransferReq): string | null {
  const checks: [string, unknown, unknown][] = [
    ['debitAccountId', existing.debitAccountId, req.debitAccountId],
    ['creditAccountId', existing.creditAccountId, req.creditAccountId],
    ['amount', existing.amount, req.amount],
    ['code', existing.code, req.code],
    ['memo', existing.memo, req.memo ?? ''],
    ['pending', existing.kind, req.pending === undefined ? 'posted' : 'pending'],
    ['pending.timeoutMs', existing.timeoutMs, req.pending?.timeoutMs ?? null],
  ];
  for (const [field, stored, requested] of checks) {
    if (stored !== requested) return field;
  }
  return null;
}

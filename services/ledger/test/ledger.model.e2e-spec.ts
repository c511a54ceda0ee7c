import { AMOUNT_MAX, type Reply } from '@ticketonomics/contracts';
import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { openUsers, startLedgerHarness, type LedgerHarness } from './support/ledger.harness';
import {
  LedgerModel,
  accountIdOf,
  issuanceOf,
  treasuryOf,
  type HoldState,
  type ModelAccount,
  type ModelRow,
  type Outcome,
  type TransferReq,
} from './support/model.reference';

/*
 * Model-based test: fast-check generates sequences of ledger commands, runs each against the real ledger
 * over NATS and against the reference model in support/model.reference.ts, and requires the same outcome
 * (the same row, balances after, error code and field), then checks the invariants after every step.
 * One ledger serves the whole property; each fast-check run gets a community of its own.
 *
 * Replay a failure with LEDGER_MODEL_SEED=<seed> LEDGER_MODEL_PATH=<path> LEDGER_MODEL_REPLAY=<replayPath>
 * (fast-check prints all three). LEDGER_MODEL_RUNS and LEDGER_MODEL_COMMANDS change the size of the property;
 * LEDGER_MODEL_REPORT=1 prints how often each step ended in each outcome.
 */

const S = (verb: string) => `tk.cmd.ledger.${verb}`;
const HOLD_TIMEOUT_MS = 600_000;
const NUM_RUNS = Number(process.env.LEDGER_MODEL_RUNS ?? 40);
const MAX_COMMANDS = Number(process.env.LEDGER_MODEL_COMMANDS ?? 50);
const FOREIGN_COMMUNITY = 'mdl-foreign';
const FOREIGN_ACCOUNT = `user:${FOREIGN_COMMUNITY}:x`;

/** Accounts a command names, resolved to ids in the run's community. */
type Ref = 'u0' | 'u1' | 'u2' | 'u3' | 'treasury' | 'escrow' | 'issuance' | 'foreign' | 'ghost';
type IdChoice = { fresh: true } | { reuse: number };
type Memo = string | undefined;
type Change = 'debit' | 'credit' | 'amount' | 'code' | 'memo' | 'pending' | 'timeout';
type HoldPick = { hold: number } | { row: number } | 'ghost';
type PostAmount = 'full' | 'over' | { part: number };
type NewTransfer = {
  id: IdChoice;
  debit: Ref;
  credit: Ref;
  amount: number;
  code: string;
  memo: Memo;
  hold: boolean;
};
type BatchItem =
  | { kind: 'new'; spec: NewTransfer }
  | { kind: 'repeat'; pick: number }
  | { kind: 'conflict'; pick: number; change: Change }
  | { kind: 'dup' };

type Step =
  | { t: 'open'; ref: 'u0' | 'u1' | 'u2' | 'u3' | 'treasury' | 'escrow' }
  | { t: 'mint' | 'burn'; id: IdChoice; ref: Ref; amount: number; memo: Memo }
  | { t: 'transfer'; spec: NewTransfer }
  | { t: 'repeat'; pick: number; dropEmptyMemo: boolean }
  | { t: 'conflict'; pick: number; change: Change }
  | { t: 'post'; pick: HoldPick; amount: PostAmount }
  | { t: 'void'; pick: HoldPick }
  | { t: 'freeze'; ref: Ref; frozen: boolean }
  | { t: 'reverse'; id: IdChoice; target: { row: number } | 'ghost'; memo: Memo }
  | {
      t: 'policy';
      taxBps?: number;
      transferMin?: number;
      transferMax?: number;
      dailySendMax?: number | null;
      dailyReceiveMax?: number | null;
    }
  | { t: 'batch'; items: BatchItem[] };

/** What fast-check calls the model: the reference model plus what this run has seen. */
interface RunState {
  model: LedgerModel;
  community: string;
  nextId: number;
  /** The first reply for each row id the ledger returned, to compare repeats with. */
  replies: Map<string, unknown>;
  steps: number;
}

interface Real {
  h: LedgerHarness;
}

// ---------------------------------------------------------------------------------------------------
// Resolving a generated step against the current model
// ---------------------------------------------------------------------------------------------------

function accountOf(state: RunState, ref: Ref): string {
  const c = state.community;
  switch (ref) {
    case 'treasury':
      return treasuryOf(c);
    case 'issuance':
      return issuanceOf(c);
    case 'escrow':
      return accountIdOf('escrow', c, 'e0');
    case 'foreign':
      return FOREIGN_ACCOUNT;
    case 'ghost':
      return accountIdOf('user', c, 'ghost');
    default:
      return accountIdOf('user', c, ref);
  }
}

function idOf(state: RunState, choice: IdChoice): string {
  const used = state.model.clientIds;
  if ('reuse' in choice && used.length > 0) return used[choice.reuse % used.length]!;
  state.nextId += 1;
  return `${state.community}-${state.nextId}`;
}

function newRequest(state: RunState, spec: NewTransfer): TransferReq {
  const req: TransferReq = {
    id: idOf(state, spec.id),
    debitAccountId: accountOf(state, spec.debit),
    creditAccountId: accountOf(state, spec.credit),
    amount: spec.amount,
    code: spec.code,
  };
  if (spec.memo !== undefined) req.memo = spec.memo;
  if (spec.hold) req.pending = { timeoutMs: HOLD_TIMEOUT_MS };
  return req;
}

function pickCreated(state: RunState, pick: number): TransferReq | undefined {
  const ids = [...state.model.createRequests.keys()];
  return ids.length === 0 ? undefined : state.model.createRequests.get(ids[pick % ids.length]!);
}

/** The stored request with one field changed. */
function changed(state: RunState, original: TransferReq, change: Change): TransferReq {
  const req: TransferReq = { ...original };
  const otherUser = (id: string) =>
    id === accountOf(state, 'u0') ? accountOf(state, 'u1') : accountOf(state, 'u0');
  switch (change) {
    case 'debit':
      req.debitAccountId = otherUser(original.debitAccountId);
      break;
    case 'credit':
      req.creditAccountId = otherUser(original.creditAccountId);
      break;
    case 'amount':
      req.amount = original.amount + 1;
      break;
    case 'code':
      req.code = original.code === 'reward' ? 'fee' : 'reward';
      break;
    case 'memo':
      req.memo = `${original.memo ?? ''}x`;
      break;
    case 'pending':
      if (original.pending === undefined) req.pending = { timeoutMs: HOLD_TIMEOUT_MS };
      else delete req.pending;
      break;
    case 'timeout':
      req.pending = { timeoutMs: (original.pending?.timeoutMs ?? HOLD_TIMEOUT_MS) + 1 };
      break;
  }
  return req;
}

function holdIdOf(state: RunState, pick: HoldPick): string {
  if (pick !== 'ghost') {
    const ids = 'hold' in pick ? [...state.model.holds.keys()] : [...state.model.rows.keys()];
    const n = 'hold' in pick ? pick.hold : pick.row;
    if (ids.length > 0) return ids[n % ids.length]!;
  }
  return `${state.community}-no-such-hold`;
}

// ---------------------------------------------------------------------------------------------------
// Comparing replies with the model
// ---------------------------------------------------------------------------------------------------

const TRANSFER_FIELDS = [
  'id',
  'kind',
  'communityId',
  'debitAccountId',
  'creditAccountId',
  'amount',
  'code',
  'memo',
  'pendingId',
  'pendingState',
  'reversesId',
  'linkedTo',
  'debitBalanceAfter',
  'creditBalanceAfter',
] as const;

function only(value: unknown, keys: readonly string[]): Record<string, unknown> | null {
  if (value === null || typeof value !== 'object') return null;
  return Object.fromEntries(keys.map((key) => [key, (value as Record<string, unknown>)[key]]));
}

function same(where: string, what: string, actual: unknown, expected: unknown): void {
  if (!isDeepStrictEqual(actual, expected)) {
    throw new Error(
      `${where}: ${what} differs from the model\n  ledger: ${JSON.stringify(actual)}\n  model:  ${JSON.stringify(expected)}`,
    );
  }
}

function rowView(row: ModelRow, pendingState: HoldState | null): Record<string, unknown> | null {
  return only({ ...row, pendingState }, TRANSFER_FIELDS);
}

function expectRow(where: string, actual: unknown, row: ModelRow, pendingState: HoldState | null): void {
  same(where, `row ${row.id}`, only(actual, TRANSFER_FIELDS), rowView(row, pendingState));
}

/** How often each kind of step ended in each outcome, to see what the generated runs exercise. */
const outcomes = new Map<string, number>();
let currentStep = '';

/** The data of a reply the model says succeeds, or null after checking the error the model predicts. */
function settle<T, D = any>(where: string, reply: Reply<D>, outcome: Outcome<T>): D | null {
  const value = (outcome.ok ? outcome.value : null) as { repeat?: boolean; tax?: unknown } | null;
  const label = `${currentStep} ${outcome.ok ? `ok${value?.repeat ? ' (repeat)' : ''}${value?.tax ? ' (taxed)' : ''}` : outcome.code}`;
  outcomes.set(label, (outcomes.get(label) ?? 0) + 1);
  if (outcome.ok) {
    if (!reply.ok)
      throw new Error(
        `${where}: the model expects success; the ledger replied ${JSON.stringify(reply.error)}`,
      );
    return reply.data;
  }
  const expected = { code: outcome.code, field: outcome.field, state: outcome.state };
  if (reply.ok)
    throw new Error(
      `${where}: the model expects ${JSON.stringify(expected)}; the ledger succeeded: ${JSON.stringify(reply.data)}`,
    );
  const details = (reply.error.details ?? {}) as Record<string, unknown>;
  const actual = {
    code: reply.error.code,
    field: outcome.field === undefined ? undefined : details.field,
    state: outcome.state === undefined ? undefined : details.state,
  };
  same(where, 'error', actual, expected);
  return null;
}

function expectAccount(where: string, actual: unknown, account: ModelAccount): void {
  const keys = ['id', 'kind', 'ownerId', 'frozen', 'balance', 'pendingDebits', 'pendingCredits', 'available'];
  const expected = { ...account, available: account.balance - account.pendingDebits };
  same(where, `account ${account.id}`, only(actual, keys), only(expected, keys));
}

/** A repeat must return exactly the first reply, with a hold's current state. */
function expectRepeat(
  where: string,
  state: RunState,
  id: string,
  actual: unknown,
  adjust: (first: any) => unknown = (x) => x,
): void {
  const first = state.replies.get(id);
  if (first === undefined) throw new Error(`${where}: no first reply stored for ${id}`);
  same(where, `repeat of ${id}`, actual, adjust(first));
}

function checkCreate(
  where: string,
  state: RunState,
  req: TransferReq,
  outcome: ReturnType<LedgerModel['create']>,
  data: any,
): void {
  if (!outcome.ok) return;
  const { transfer, tax, repeat } = outcome.value;
  const holdState = transfer.kind === 'pending' ? state.model.holdState(transfer.id) : null;
  expectRow(where, data.transfer, transfer, holdState);
  if (tax === null) same(where, 'tax', data.tax, null);
  else expectRow(where, data.tax, tax, null);
  if (repeat) {
    expectRepeat(where, state, req.id, data, (first) => ({
      ...first,
      transfer: { ...first.transfer, pendingState: holdState },
    }));
  } else {
    state.replies.set(req.id, data);
  }
}

// ---------------------------------------------------------------------------------------------------
// Running one step on both sides
// ---------------------------------------------------------------------------------------------------

async function runStep(step: Step, state: RunState, h: LedgerHarness): Promise<void> {
  const m = state.model;
  const where = `step ${state.steps} ${JSON.stringify(step)}`;
  currentStep = step.t === 'transfer' && step.spec.hold ? 'hold' : step.t;
  switch (step.t) {
    case 'open': {
      const kind = step.ref === 'treasury' ? 'treasury' : step.ref === 'escrow' ? 'escrow' : 'user';
      const ownerId = kind === 'treasury' ? null : kind === 'escrow' ? 'e0' : step.ref;
      const account = m.open(kind, ownerId);
      const reply = await h.call(S('account.open'), {
        communityId: state.community,
        kind,
        ...(ownerId === null ? {} : { ownerId }),
      });
      expectAccount(where, settle(where, reply, { ok: true, value: account }), account);
      return;
    }
    case 'mint':
    case 'burn': {
      const req = {
        id: idOf(state, step.id),
        accountId: accountOf(state, step.ref),
        amount: step.amount,
        memo: step.memo,
      };
      const outcome = step.t === 'mint' ? m.mint(req) : m.burn(req);
      const data = settle(where, await h.call(S(`supply.${step.t}`), req), outcome);
      if (outcome.ok) {
        expectRow(where, data, outcome.value.row, null);
        if (outcome.value.repeat) expectRepeat(where, state, req.id, data);
        else state.replies.set(req.id, data);
      }
      return;
    }
    case 'transfer':
    case 'repeat':
    case 'conflict': {
      let req: TransferReq;
      if (step.t === 'transfer') {
        req = newRequest(state, step.spec);
      } else {
        const original = pickCreated(state, step.pick)!;
        req = step.t === 'repeat' ? { ...original } : changed(state, original, step.change);
        if (step.t === 'repeat' && step.dropEmptyMemo && req.memo === '') delete req.memo;
      }
      const outcome = m.create(req);
      const data = settle(where, await h.call(S('transfer.create'), req), outcome);
      if (step.t === 'repeat' && !(outcome.ok && outcome.value.repeat))
        throw new Error(`${where}: the model did not see a repeat`);
      if (step.t === 'conflict' && outcome.ok) throw new Error(`${where}: the model did not see a conflict`);
      checkCreate(where, state, req, outcome, data);
      return;
    }
    case 'post':
    case 'void': {
      const pendingId = holdIdOf(state, step.pick);
      let body: { pendingId: string; amount?: number } = { pendingId };
      let outcome;
      if (step.t === 'post') {
        const held = m.rows.get(pendingId)?.amount ?? 1;
        const amount =
          step.amount === 'full'
            ? undefined
            : step.amount === 'over'
              ? held + 1
              : 1 + (step.amount.part % held);
        if (amount !== undefined) body = { pendingId, amount };
        outcome = m.post(pendingId, amount);
      } else {
        outcome = m.void(pendingId);
      }
      const data = settle(where, await h.call(S(`transfer.${step.t}`), body), outcome);
      if (outcome.ok) {
        expectRow(where, data, outcome.value.row, null);
        if (outcome.value.repeat) expectRepeat(where, state, outcome.value.row.id, data);
        else state.replies.set(outcome.value.row.id, data);
      }
      return;
    }
    case 'freeze': {
      const accountId = accountOf(state, step.ref);
      const outcome = m.setFrozen(accountId, step.frozen);
      const data = settle(
        where,
        await h.call(S(step.frozen ? 'account.freeze' : 'account.unfreeze'), { accountId, reason: 'model' }),
        outcome,
      );
      if (outcome.ok) expectAccount(where, data, outcome.value);
      return;
    }
    case 'reverse': {
      const rows = [...m.rows.keys()];
      const transferId =
        step.target === 'ghost' || rows.length === 0
          ? `${state.community}-ghost`
          : rows[step.target.row % rows.length]!;
      const req = { id: idOf(state, step.id), transferId, memo: step.memo };
      const outcome = m.reverse(req);
      const data = settle(where, await h.call(S('transfer.reverse'), req), outcome);
      if (outcome.ok) {
        expectRow(where, data, outcome.value.row, null);
        if (outcome.value.repeat) expectRepeat(where, state, req.id, data);
        else state.replies.set(req.id, data);
        const taxReversal = outcome.value.tax;
        if (taxReversal !== null) {
          const stored = await h.ok(S('transfer.get'), { transferId: taxReversal.id });
          expectRow(where, stored, taxReversal, null);
        }
      }
      return;
    }
    case 'policy': {
      const change = Object.fromEntries(
        Object.entries({
          taxBps: step.taxBps,
          transferMin: step.transferMin,
          transferMax: step.transferMax,
          dailySendMax: step.dailySendMax,
          dailyReceiveMax: step.dailyReceiveMax,
        }).filter(([, v]) => v !== undefined),
      );
      const outcome = m.setPolicy(change);
      const data = settle(
        where,
        await h.call(S('policy.set'), { communityId: state.community, ...change }),
        outcome,
      );
      if (outcome.ok) {
        const keys = ['taxBps', 'transferMin', 'transferMax', 'dailySendMax', 'dailyReceiveMax', 'version'];
        same(where, 'policy', only(data, keys), only(outcome.value, keys));
      }
      return;
    }
    case 'batch': {
      const requests: TransferReq[] = [];
      const outcomes: ReturnType<LedgerModel['create']>[] = [];
      for (const item of step.items) {
        let req: TransferReq;
        if (item.kind === 'new') req = newRequest(state, item.spec);
        else if (item.kind === 'dup' && requests.length > 0) req = { ...requests[requests.length - 1]! };
        else {
          const original = pickCreated(state, item.kind === 'dup' ? 0 : item.pick);
          if (original === undefined)
            req = newRequest(state, {
              id: { fresh: true },
              debit: 'u0',
              credit: 'u1',
              amount: 1,
              code: 'reward',
              memo: undefined,
              hold: false,
            });
          else req = item.kind === 'conflict' ? changed(state, original, item.change) : { ...original };
        }
        requests.push(req);
        outcomes.push(m.create(req));
      }
      const data = settle(
        where,
        await h.call<{ results: Reply<unknown>[] }>(S('transfer.batch'), { transfers: requests }),
        { ok: true, value: null },
      );
      same(where, 'number of batch results', data!.results.length, requests.length);
      data!.results.forEach((result, index) => {
        const at = `${where} item ${index} ${JSON.stringify(requests[index])}`;
        checkCreate(at, state, requests[index]!, outcomes[index]!, settle(at, result, outcomes[index]!));
      });
      return;
    }
  }
}

/** After every step: the community's accounts are the model's, balances sum to zero, none below zero but issuance. */
async function checkInvariants(state: RunState, h: LedgerHarness, where: string): Promise<void> {
  const list = await h.ok<{ items: any[]; nextCursor: string | null }>(S('account.list'), {
    communityId: state.community,
    limit: 200,
  });
  const expected = state.model.communityAccounts();
  same(
    where,
    'account ids',
    list.items.map((a) => a.id),
    expected.map((a) => a.id),
  );
  let sum = 0;
  list.items.forEach((account, index) => {
    expectAccount(`${where} (invariants)`, account, expected[index]!);
    sum += account.balance;
    if (
      account.kind !== 'issuance' &&
      (account.balance < 0 ||
        account.available < 0 ||
        account.pendingDebits < 0 ||
        account.pendingCredits < 0)
    ) {
      throw new Error(`${where}: ${account.id} went below zero: ${JSON.stringify(account)}`);
    }
  });
  if (sum !== 0) throw new Error(`${where}: the community's balances sum to ${sum}`);
}

/** At the end of a run: the journal holds exactly the model's rows, in the model's order. */
async function checkJournal(state: RunState, h: LedgerHarness): Promise<void> {
  const rows: any[] = [];
  let cursor: string | undefined;
  do {
    const page = await h.ok<{ items: any[]; nextCursor: string | null }>(S('transfer.history'), {
      communityId: state.community,
      limit: 200,
      ...(cursor === undefined ? {} : { cursor }),
    });
    rows.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  rows.reverse();
  const expected = [...state.model.rows.values()];
  same(
    'journal',
    'row ids in order',
    rows.map((r) => r.id),
    expected.map((r) => r.id),
  );
  rows.forEach((row, index) => {
    const model = expected[index]!;
    expectRow('journal', row, model, model.kind === 'pending' ? state.model.holdState(model.id) : null);
  });
  const report = await h.ok(S('journal.verify'), {});
  if (!report.ok) throw new Error(`journal.verify: ${JSON.stringify(report)}`);
}

class LedgerStep implements fc.AsyncCommand<RunState, Real> {
  constructor(readonly step: Step) {}

  check(state: Readonly<RunState>): boolean {
    if (this.step.t === 'repeat' || this.step.t === 'conflict') return state.model.createRequests.size > 0;
    return true;
  }

  async run(state: RunState, real: Real): Promise<void> {
    state.steps += 1;
    await runStep(this.step, state, real.h);
    await checkInvariants(state, real.h, `after step ${state.steps} ${this.toString()}`);
  }

  toString(): string {
    return JSON.stringify(this.step);
  }
}

// ---------------------------------------------------------------------------------------------------
// Arbitraries
// ---------------------------------------------------------------------------------------------------

/** Members u0-u2 are opened when a run starts; u3 and the escrow account only by an open step. */
const userRef = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom<Ref>('u0', 'u1', 'u2') },
  { weight: 1, arbitrary: fc.constant<Ref>('u3') },
);
const anyRef = fc.oneof(
  { weight: 8, arbitrary: userRef },
  { weight: 2, arbitrary: fc.constant<Ref>('treasury') },
  { weight: 1, arbitrary: fc.constant<Ref>('escrow') },
  { weight: 1, arbitrary: fc.constantFrom<Ref>('issuance', 'foreign', 'ghost') },
);
/** Accounts mint, burn and freeze may name: never the shared foreign one. */
const ownRef = fc.oneof(
  { weight: 8, arbitrary: userRef },
  { weight: 2, arbitrary: fc.constantFrom<Ref>('treasury', 'escrow') },
  { weight: 1, arbitrary: fc.constantFrom<Ref>('issuance', 'ghost') },
);
/** Mostly two different members; sometimes the treasury or escrow; sometimes anything, the same account included. */
const accountPair: fc.Arbitrary<[Ref, Ref]> = fc.oneof(
  {
    weight: 10,
    arbitrary: fc
      .tuple(userRef, userRef)
      .map(([a, b]): [Ref, Ref] => (a !== b ? [a, b] : [a, a === 'u0' ? 'u1' : 'u0'])),
  },
  { weight: 2, arbitrary: fc.tuple(userRef, fc.constantFrom<Ref>('treasury', 'escrow')) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom<Ref>('treasury', 'escrow'), userRef) },
  { weight: 2, arbitrary: fc.tuple(anyRef, anyRef) },
);
const amount = fc.oneof(
  fc.integer({ min: 1, max: 20 }),
  fc.integer({ min: 1, max: 300 }),
  fc.integer({ min: 1, max: 3_000 }),
);
const memo = fc.constantFrom<Memo>(undefined, '', 'note');
const idChoice = fc.oneof(
  { weight: 12, arbitrary: fc.constant<IdChoice>({ fresh: true }) },
  { weight: 1, arbitrary: fc.nat().map<IdChoice>((reuse) => ({ reuse })) },
);
const change = fc.constantFrom<Change>('debit', 'credit', 'amount', 'code', 'memo', 'pending', 'timeout');
const holdPick = fc.oneof(
  { weight: 8, arbitrary: fc.nat().map<HoldPick>((hold) => ({ hold })) },
  { weight: 1, arbitrary: fc.nat().map<HoldPick>((row) => ({ row })) },
  { weight: 1, arbitrary: fc.constant<HoldPick>('ghost') },
);

const transferSpec = (hold: boolean): fc.Arbitrary<NewTransfer> =>
  fc
    .record({
      id: idChoice,
      accounts: accountPair,
      amount,
      code: hold
        ? fc.constantFrom('purchase', 'purchase', 'purchase', 'trade', 'fine', 'payment')
        : fc.constantFrom('payment', 'payment', 'payment', 'reward', 'fine', 'fee'),
      memo,
    })
    .map(({ accounts: [debit, credit], ...rest }) => ({ ...rest, debit, credit, hold }));

const batchItem: fc.Arbitrary<BatchItem> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .oneof(transferSpec(false), transferSpec(true))
      .map((spec) => ({ kind: 'new' as const, spec })),
  },
  { weight: 2, arbitrary: fc.nat().map((pick) => ({ kind: 'repeat' as const, pick })) },
  {
    weight: 1,
    arbitrary: fc.record({ pick: fc.nat(), change }).map((x) => ({ kind: 'conflict' as const, ...x })),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'dup' as const }) },
);

const stepArbs: [number, fc.Arbitrary<Step>][] = [
  [
    2,
    fc.constantFrom('u0', 'u1', 'u2', 'u3', 'treasury', 'escrow').map((ref) => ({ t: 'open' as const, ref })),
  ],
  [4, fc.record({ t: fc.constant('mint' as const), id: idChoice, ref: ownRef, amount, memo })],
  [1, fc.record({ t: fc.constant('burn' as const), id: idChoice, ref: ownRef, amount, memo })],
  [8, transferSpec(false).map((spec) => ({ t: 'transfer' as const, spec }))],
  [5, transferSpec(true).map((spec) => ({ t: 'transfer' as const, spec }))],
  [2, fc.record({ t: fc.constant('repeat' as const), pick: fc.nat(), dropEmptyMemo: fc.boolean() })],
  [2, fc.record({ t: fc.constant('conflict' as const), pick: fc.nat(), change })],
  [
    4,
    fc.record({
      t: fc.constant('post' as const),
      pick: holdPick,
      amount: fc.oneof(
        fc.constantFrom<PostAmount>('full', 'over'),
        fc.nat().map<PostAmount>((part) => ({ part })),
      ),
    }),
  ],
  [2, fc.record({ t: fc.constant('void' as const), pick: holdPick })],
  [2, fc.record({ t: fc.constant('freeze' as const), ref: ownRef, frozen: fc.boolean() })],
  [
    3,
    fc.record({
      t: fc.constant('reverse' as const),
      id: idChoice,
      target: fc.oneof(
        { weight: 9, arbitrary: fc.nat().map((row) => ({ row })) },
        { weight: 1, arbitrary: fc.constant('ghost' as const) },
      ),
      memo,
    }),
  ],
  [
    2,
    fc.record(
      {
        t: fc.constant('policy' as const),
        taxBps: fc.oneof(
          { weight: 6, arbitrary: fc.integer({ min: 0, max: 2_000 }) },
          { weight: 1, arbitrary: fc.constantFrom(5_000, 5_001) },
        ),
        transferMin: fc.integer({ min: 1, max: 50 }),
        transferMax: fc.oneof(fc.integer({ min: 10, max: 2_000 }), fc.constant(AMOUNT_MAX)),
        // Sometimes below the smallest payment (refused), mostly within reach of a few payments.
        dailySendMax: fc.oneof(fc.constant(null), fc.integer({ min: 1, max: 3_000 })),
        dailyReceiveMax: fc.oneof(fc.constant(null), fc.integer({ min: 1, max: 3_000 })),
      },
      { requiredKeys: ['t'] },
    ),
  ],
  [
    2,
    fc.record({
      t: fc.constant('batch' as const),
      items: fc.array(batchItem, { minLength: 1, maxLength: 5 }),
    }),
  ],
];

const commandArbs = stepArbs.flatMap(([weight, arb]) =>
  Array.from({ length: weight }, () => arb.map((step) => new LedgerStep(step))),
);

// ---------------------------------------------------------------------------------------------------

describe('ledger against a reference model', () => {
  let h: LedgerHarness;
  let runs = 0;
  const totals = { steps: 0, commands: 0, generated: 0 };

  beforeAll(async () => {
    h = await startLedgerHarness();
    const [foreign] = await openUsers(h, FOREIGN_COMMUNITY, ['x']);
    await h.ok(S('supply.mint'), { id: 'mdl-foreign-seed', accountId: foreign, amount: 1_000 });
  }, 60_000);

  afterAll(async () => {
    await h?.close();
  });

  async function newRun(): Promise<RunState> {
    runs += 1;
    const community = `mdl-${runs}`;
    const model = new LedgerModel(community, { transferMax: AMOUNT_MAX });
    model.addForeignAccount({
      id: FOREIGN_ACCOUNT,
      communityId: FOREIGN_COMMUNITY,
      kind: 'user',
      ownerId: 'x',
      balance: 1_000,
      pendingDebits: 0,
      pendingCredits: 0,
      frozen: false,
    });
    const state: RunState = { model, community, nextId: 0, replies: new Map(), steps: 0 };
    // Three funded members to start from, through both sides like any step.
    for (const owner of ['u0', 'u1', 'u2'] as const) await runStep({ t: 'open', ref: owner }, state, h);
    for (const ref of ['u0', 'u1', 'u2'] as const) {
      await runStep({ t: 'mint', id: { fresh: true }, ref, amount: 1_000, memo: 'seed' }, state, h);
    }
    await runStep({ t: 'policy', taxBps: 500 }, state, h);
    return state;
  }

  it('agrees with the model on every reply, balance and journal row', async () => {
    const started = Date.now();
    await fc.assert(
      fc.asyncProperty(
        fc.commands(commandArbs, {
          maxCommands: MAX_COMMANDS,
          size: 'max',
          ...(process.env.LEDGER_MODEL_REPLAY === undefined
            ? {}
            : { replayPath: process.env.LEDGER_MODEL_REPLAY }),
        }),
        async (cmds) => {
          const state = await newRun();
          totals.generated += [...cmds].length;
          await fc.asyncModelRun(() => ({ model: state, real: { h } }), cmds);
          await checkJournal(state, h);
          totals.steps += state.steps;
          totals.commands += 1;
        },
      ),
      {
        numRuns: NUM_RUNS,
        ...(process.env.LEDGER_MODEL_SEED === undefined
          ? {}
          : { seed: Number(process.env.LEDGER_MODEL_SEED) }),
        ...(process.env.LEDGER_MODEL_PATH === undefined ? {} : { path: process.env.LEDGER_MODEL_PATH }),
      },
    );
    const report = await h.ok(S('journal.verify'), {});
    expect(report).toMatchObject({ ok: true, chainBreaks: [], balanceMismatches: [] });
    if (process.env.LEDGER_MODEL_REPORT) {
      const byOutcome = Object.fromEntries([...outcomes].sort(([a], [b]) => a.localeCompare(b)));
      console.log(
        JSON.stringify(
          { runs, property: totals, ms: Date.now() - started, journalEntries: report.entries, byOutcome },
          null,
          1,
        ),
      );
    }
  }, 180_000);
});

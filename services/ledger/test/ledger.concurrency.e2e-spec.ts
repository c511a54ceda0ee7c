import type { Transfer, TransferResult } from '@ticketonomics/contracts';
import { decodeText, encodeJson } from '@ticketonomics/messaging';
import type { NatsConnection } from '@nats-io/transport-node';
import { dice, type Dice } from './support/concurrency.random';
import { openUsers, startLedgerHarness, type LedgerHarness } from './support/ledger.harness';

/*
 * Many independent clients (each with its own NATS connection) hammer one community with transfers and
 * retries of the same ids, at once and in batches, and race hold settlements against each other. Afterwards
 * the journal, the balances and every reply must agree with what was acknowledged, and nothing more.
 *
 * The run is seeded: set LEDGER_CONCURRENCY_SEED to replay one (the seed is in the test's name); the
 * interleaving itself is not reproducible, the choices are. LEDGER_CONCURRENCY_REPORT=1 prints counts.
 */

const C = 'conc';
const S = (verb: string) => `tk.cmd.ledger.${verb}`;
const CLIENTS = 50;
const USERS = 20;
const TRANSFERS_PER_CLIENT = 80;
const HOLDS_PER_CLIENT = 3;
const INITIAL = 20_000;
const TAX_BPS = 250;
const HOLD_TIMEOUT_MS = 600_000;
const REQUEST_TIMEOUT_MS = 30_000;
const SEED = Number(process.env.LEDGER_CONCURRENCY_SEED ?? Math.floor(Math.random() * 2 ** 31));

type ErrorBody = { code: string; message: string; details?: Record<string, unknown> };
type Envelope<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };
type BatchItem = { ok: true; data: TransferResult } | { ok: false; error: ErrorBody };

interface TransferRequest {
  id: string;
  debitAccountId: string;
  creditAccountId: string;
  amount: number;
  code: 'payment' | 'reward';
  memo: string;
}

/** Everything the clients saw for one transfer id. */
interface TransferRecord {
  request: TransferRequest;
  /** The first ok reply received: the acknowledgment. */
  ack?: TransferResult;
  /** Every later ok reply, which must equal the acknowledgment. */
  repeats: TransferResult[];
  errors: string[];
  /** Errors to requests sent after the id was acknowledged: must never happen. */
  errorsAfterAck: string[];
  sends: number;
}

interface HoldRecord {
  id: string;
  payer: string;
  payee: string;
  amount: number;
  ack?: TransferResult;
  /** The settlement that won: a post with its amount, or a void. */
  settled?: { op: 'post' | 'void'; row: Transfer };
  scenario?: string;
}

const stats = {
  requests: 0,
  singleSends: 0,
  concurrentPairs: 0,
  batches: 0,
  batchRetries: 0,
  insufficientFunds: 0,
  holdRaces: 0,
  holdRaceOutcomes: new Map<string, number>(),
};

async function request<T>(nc: NatsConnection, subject: string, payload: unknown): Promise<Envelope<T>> {
  stats.requests += 1;
  const msg = await nc.request(subject, encodeJson(payload), { timeout: REQUEST_TIMEOUT_MS });
  return JSON.parse(decodeText(msg.data)) as Envelope<T>;
}

describe('ledger under concurrent clients with retries', () => {
  let h: LedgerHarness;
  let users: string[];
  const conns: NatsConnection[] = [];
  const transfers = new Map<string, TransferRecord>();
  const holds: HoldRecord[] = [];
  const problems: string[] = [];
  const treasury = `treasury:${C}`;
  const issuance = `issuance:${C}`;

  beforeAll(async () => {
    h = await startLedgerHarness();
    users = await openUsers(
      h,
      C,
      Array.from({ length: USERS }, (_, i) => `u${String(i).padStart(2, '0')}`),
    );
    for (const user of users)
      await h.ok(S('supply.mint'), { id: `seed-${user}`, accountId: user, amount: INITIAL });
    await h.ok(S('policy.set'), { communityId: C, taxBps: TAX_BPS });
    for (let k = 0; k < CLIENTS; k += 1) {
      conns.push(await h.nats.connect('operator', { name: `conc-client-${k}` }));
    }
  }, 60_000);

  afterAll(async () => {
    await Promise.all(conns.map((nc) => nc.close().catch(() => undefined)));
    await h?.close();
  });

  function observe(record: TransferRecord, reply: BatchItem, afterAck: boolean, via: string): void {
    record.sends += 1;
    if (reply.ok) {
      if (record.ack === undefined) record.ack = reply.data;
      else record.repeats.push(reply.data);
      return;
    }
    record.errors.push(reply.error.code);
    if (reply.error.code === 'INSUFFICIENT_FUNDS') stats.insufficientFunds += 1;
    else
      problems.push(
        `${record.request.id} via ${via}: unexpected ${reply.error.code}: ${reply.error.message}`,
      );
    if (afterAck) record.errorsAfterAck.push(reply.error.code);
  }

  async function sendOne(nc: NatsConnection, req: TransferRequest, via: string): Promise<void> {
    const record = transfers.get(req.id)!;
    const afterAck = record.ack !== undefined;
    stats.singleSends += 1;
    const reply = await request<TransferResult>(nc, S('transfer.create'), req);
    observe(record, reply, afterAck, via);
  }

  async function sendBatch(nc: NatsConnection, reqs: TransferRequest[], via: string): Promise<void> {
    const afterAck = reqs.map((req) => transfers.get(req.id)!.ack !== undefined);
    stats.batches += 1;
    const reply = await request<{ results: BatchItem[] }>(nc, S('transfer.batch'), { transfers: reqs });
    if (!reply.ok) {
      problems.push(`batch via ${via} failed: ${reply.error.code}: ${reply.error.message}`);
      return;
    }
    if (reply.data.results.length !== reqs.length)
      problems.push(`batch via ${via}: ${reply.data.results.length} results`);
    reqs.forEach((req, index) =>
      observe(transfers.get(req.id)!, reply.data.results[index]!, afterAck[index]!, via),
    );
  }

  function newTransfer(k: number, n: number, d: Dice): TransferRequest {
    const from = d.below(USERS);
    const to = (from + 1 + d.below(USERS - 1)) % USERS;
    // Most amounts are affordable; about one in seven is far above any balance, so it must be refused.
    const amount = d.chance(0.14)
      ? d.between(60_000, 200_000)
      : d.chance(0.5)
        ? d.between(1, 60)
        : d.between(61, 900);
    const req: TransferRequest = {
      id: `t-${k}-${n}`,
      debitAccountId: users[from]!,
      creditAccountId: users[to]!,
      amount,
      code: d.chance(0.6) ? 'payment' : 'reward',
      memo: d.chance(0.3) ? `memo ${k}/${n}` : '',
    };
    transfers.set(req.id, { request: req, repeats: [], errors: [], errorsAfterAck: [], sends: 0 });
    return req;
  }

  /** A hold, retried at once from two connections, then settled by two clients racing each other. */
  async function holdRace(k: number, n: number, d: Dice, other: () => NatsConnection): Promise<void> {
    const payer = d.below(USERS);
    const payee = (payer + 1 + d.below(USERS - 1)) % USERS;
    const record: HoldRecord = {
      id: `h-${k}-${n}`,
      payer: users[payer]!,
      payee: users[payee]!,
      amount: d.between(2, 500),
    };
    holds.push(record);
    const holdReq = {
      id: record.id,
      debitAccountId: record.payer,
      creditAccountId: record.payee,
      amount: record.amount,
      code: d.chance(0.5) ? 'purchase' : 'trade',
      memo: '',
      pending: { timeoutMs: HOLD_TIMEOUT_MS },
    };
    const created = await Promise.all([
      request<TransferResult>(conns[k]!, S('transfer.create'), holdReq),
      request<TransferResult>(other(), S('transfer.create'), holdReq),
    ]);
    const oks = created.filter((r): r is { ok: true; data: TransferResult } => r.ok);
    for (const reply of created) {
      if (!reply.ok && reply.error.code !== 'INSUFFICIENT_FUNDS') {
        problems.push(`hold ${record.id}: unexpected ${reply.error.code}: ${reply.error.message}`);
      }
    }
    if (oks.length === 0) return;
    record.ack = oks[0]!.data;
    if (oks.length === 2 && JSON.stringify(oks[0]!.data) !== JSON.stringify(oks[1]!.data)) {
      problems.push(`hold ${record.id}: the two acknowledgments differ`);
    }
    if (record.ack.transfer.pendingState !== 'open')
      problems.push(`hold ${record.id}: acknowledged as ${record.ack.transfer.pendingState}`);

    const partial = d.between(1, record.amount - 1);
    const postFull = { op: 'post' as const, body: { pendingId: record.id } };
    const postPart = { op: 'post' as const, body: { pendingId: record.id, amount: partial } };
    const voidOp = { op: 'void' as const, body: { pendingId: record.id } };
    const scenarios = {
      'post+post': [postPart, postPart],
      'postFull+postFull': [postFull, postFull],
      'post+void': d.shuffle([d.chance(0.5) ? postFull : postPart, voidOp]),
      'void+void': [voidOp, voidOp],
      'post+post(other amount)': d.shuffle([postFull, postPart]),
    } as const;
    const names = Object.keys(scenarios) as (keyof typeof scenarios)[];
    const scenario = names[d.below(names.length)]!;
    const [first, second] = scenarios[scenario];
    record.scenario = scenario;
    stats.holdRaces += 1;
    const replies = await Promise.all([
      request<Transfer>(conns[k]!, S(`transfer.${first.op}`), first.body),
      request<Transfer>(other(), S(`transfer.${second.op}`), second.body),
    ]);
    const ops = [first, second];
    const winners = replies.map((reply, index) => ({ reply, op: ops[index]! })).filter((x) => x.reply.ok);
    const where = `hold ${record.id} (${scenario})`;
    if (winners.length === 0) {
      problems.push(`${where}: no settlement succeeded: ${JSON.stringify(replies)}`);
      return;
    }
    const won = winners[0]!;
    record.settled = { op: won.op.op, row: (won.reply as { ok: true; data: Transfer }).data };
    const outcome = `${scenario}: ${replies.map((r, i) => (r.ok ? `${ops[i]!.op} ok` : r.error.code)).join(', ')}`;
    stats.holdRaceOutcomes.set(outcome, (stats.holdRaceOutcomes.get(outcome) ?? 0) + 1);
    const sameOp = JSON.stringify(first) === JSON.stringify(second);
    if (sameOp) {
      if (winners.length !== 2)
        problems.push(`${where}: identical settlements must both succeed: ${JSON.stringify(replies)}`);
      else if (JSON.stringify(replies[0]) !== JSON.stringify(replies[1]))
        problems.push(`${where}: identical settlements got different replies`);
    } else {
      if (winners.length !== 1) problems.push(`${where}: both settlements succeeded`);
      const loser = replies.find((r) => !r.ok) as { ok: false; error: ErrorBody } | undefined;
      const expected = first.op === second.op ? 'IDEMPOTENCY_CONFLICT' : 'PENDING_NOT_OPEN';
      if (loser?.error.code !== expected)
        problems.push(`${where}: the losing settlement got ${JSON.stringify(loser?.error)}`);
      if (
        expected === 'PENDING_NOT_OPEN' &&
        loser?.error.details?.state !== (won.op.op === 'post' ? 'posted' : 'voided')
      ) {
        problems.push(`${where}: the losing settlement names state ${String(loser?.error.details?.state)}`);
      }
    }
    const settledRow = record.settled.row;
    const expectedAmount =
      won.op.op === 'void' ? record.amount : ((won.op.body as { amount?: number }).amount ?? record.amount);
    if (
      settledRow.id !== `${record.id}/${won.op.op}` ||
      settledRow.amount !== expectedAmount ||
      settledRow.pendingId !== record.id
    ) {
      problems.push(`${where}: settlement row ${JSON.stringify(settledRow)}`);
    }

    // The hold's own id repeated after the settlement returns the same row, now in its final state.
    const again = await request<TransferResult>(other(), S('transfer.create'), holdReq);
    const finalState = won.op.op === 'post' ? 'posted' : 'voided';
    const expectedAgain = { ...record.ack, transfer: { ...record.ack.transfer, pendingState: finalState } };
    if (!again.ok || JSON.stringify(again.data) !== JSON.stringify(expectedAgain)) {
      problems.push(`${where}: repeating the hold after settlement returned ${JSON.stringify(again)}`);
    }
  }

  async function runClient(k: number): Promise<void> {
    const d = dice(SEED * 1_000 + k);
    const own = conns[k]!;
    const other = () => conns[(k + 1 + d.below(CLIENTS - 1)) % CLIENTS]!;
    const holdSlots = new Set(Array.from({ length: HOLDS_PER_CLIENT }, () => d.below(TRANSFERS_PER_CLIENT)));
    let sentAwaitingBatch: TransferRequest[] = [];
    let newForBatch: TransferRequest[] = [];
    const flushBatch = async () => {
      const fresh = newForBatch;
      const batch = d.shuffle([...sentAwaitingBatch, ...fresh]);
      stats.batchRetries += sentAwaitingBatch.length;
      sentAwaitingBatch = [];
      newForBatch = [];
      if (batch.length === 0) return;
      await sendBatch(d.chance(0.5) ? own : other(), batch, 'batch');
      // Transfers first sent in a batch are retried on their own afterwards.
      for (const req of fresh) await sendOne(own, req, 'single after batch');
    };

    for (let n = 0; n < TRANSFERS_PER_CLIENT; n += 1) {
      if (holdSlots.has(n)) await holdRace(k, n, d, other);
      const req = newTransfer(k, n, d);
      switch (d.below(5)) {
        case 0: // send, then retry one to three times, one after another
          await sendOne(own, req, 'single');
          for (let r = d.between(1, 3); r > 0; r -= 1)
            await sendOne(d.chance(0.5) ? own : other(), req, 'sequential retry');
          break;
        case 1: // the original and a retry at once, from two connections, then one more retry
          stats.concurrentPairs += 1;
          await Promise.all([sendOne(own, req, 'single'), sendOne(other(), req, 'concurrent retry')]);
          await sendOne(own, req, 'retry after pair');
          break;
        case 2: // three at once on the same connection
          stats.concurrentPairs += 1;
          await Promise.all([
            sendOne(own, req, 'single'),
            sendOne(own, req, 'concurrent retry'),
            sendOne(own, req, 'concurrent retry'),
          ]);
          break;
        case 3: // sent alone now, repeated later inside a batch
          await sendOne(own, req, 'single');
          sentAwaitingBatch.push(req);
          break;
        default: // first sent in a batch, or at the same moment alone and in a batch
          if (d.chance(0.5)) {
            newForBatch.push(req);
          } else {
            stats.concurrentPairs += 1;
            await Promise.all([
              sendOne(own, req, 'single'),
              sendBatch(other(), [req], 'batch concurrent with single'),
            ]);
          }
      }
      if (sentAwaitingBatch.length + newForBatch.length >= 6) await flushBatch();
    }
    await flushBatch();
  }

  async function allPages<T>(subject: string, query: Record<string, unknown>): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = await h.ok<{ items: T[]; nextCursor: string | null }>(subject, {
        ...query,
        limit: 200,
        ...(cursor ? { cursor } : {}),
      });
      items.push(...page.items);
      if (page.nextCursor === null) return items;
      cursor = page.nextCursor;
    }
  }

  it(`moves money exactly as acknowledged (seed ${SEED})`, async () => {
    const started = Date.now();
    await Promise.all(Array.from({ length: CLIENTS }, (_, k) => runClient(k)));
    const loadMs = Date.now() - started;

    // Every reply for one id is the acknowledgment, and nothing fails once an id was acknowledged.
    const records = [...transfers.values()];
    const acked = records.filter((r) => r.ack !== undefined);
    for (const record of records) {
      const { request: req, ack } = record;
      expect(record.sends).toBeGreaterThanOrEqual(2);
      if (record.errorsAfterAck.length > 0)
        problems.push(`${req.id}: ${record.errorsAfterAck.join(',')} after it was acknowledged`);
      for (const repeat of record.repeats) {
        if (JSON.stringify(repeat) !== JSON.stringify(ack)) {
          problems.push(
            `${req.id}: a retry returned ${JSON.stringify(repeat)}, the acknowledgment was ${JSON.stringify(ack)}`,
          );
        }
      }
      if (ack === undefined) continue;
      const t = ack.transfer;
      const tax = req.code === 'payment' ? Math.floor((req.amount * TAX_BPS) / 10_000) : 0;
      const matches =
        t.id === req.id &&
        t.kind === 'posted' &&
        t.debitAccountId === req.debitAccountId &&
        t.creditAccountId === req.creditAccountId &&
        t.amount === req.amount &&
        t.code === req.code &&
        t.memo === req.memo &&
        t.debitBalanceAfter >= 0 &&
        (tax === 0
          ? ack.tax === null
          : ack.tax !== null &&
            ack.tax.id === `${req.id}/tax` &&
            ack.tax.amount === tax &&
            ack.tax.code === 'tax' &&
            ack.tax.debitAccountId === req.debitAccountId &&
            ack.tax.creditAccountId === treasury &&
            ack.tax.linkedTo === req.id &&
            ack.tax.debitBalanceAfter >= 0);
      if (!matches)
        problems.push(
          `${req.id}: acknowledgment ${JSON.stringify(ack)} does not match ${JSON.stringify(req)}`,
        );
    }
    expect(problems).toEqual([]);

    // The journal holds exactly the acknowledged rows, each once and as acknowledged.
    const journal = await allPages<Transfer>(S('transfer.history'), { communityId: C });
    const byId = new Map<string, Transfer>();
    const duplicates: string[] = [];
    for (const row of journal) {
      if (byId.has(row.id)) duplicates.push(row.id);
      byId.set(row.id, row);
    }
    expect(duplicates).toEqual([]);
    const expectedIds = new Set<string>(users.map((u) => `seed-${u}`));
    for (const record of acked) {
      expectedIds.add(record.request.id);
      if (record.ack!.tax !== null) expectedIds.add(record.ack!.tax.id);
      expect(byId.get(record.request.id)).toEqual(record.ack!.transfer);
      if (record.ack!.tax !== null) expect(byId.get(record.ack!.tax.id)).toEqual(record.ack!.tax);
    }
    const ackedHolds = holds.filter((hold) => hold.ack !== undefined);
    for (const hold of ackedHolds) {
      expectedIds.add(hold.id);
      expect(hold.settled).toBeDefined();
      expectedIds.add(hold.settled!.row.id);
      expect(byId.get(hold.settled!.row.id)).toEqual(hold.settled!.row);
      const finalState = hold.settled!.op === 'post' ? 'posted' : 'voided';
      expect(byId.get(hold.id)).toEqual({ ...hold.ack!.transfer, pendingState: finalState });
    }
    const unexpected = [...byId.keys()].filter((id) => !expectedIds.has(id));
    const missing = [...expectedIds].filter((id) => !byId.has(id));
    expect({ unexpected, missing }).toEqual({ unexpected: [], missing: [] });
    expect(journal).toHaveLength(expectedIds.size);

    // Ids that were never acknowledged left nothing behind.
    for (const record of records.filter((r) => r.ack === undefined).slice(0, 50)) {
      expect(await h.call(S('transfer.get'), { transferId: record.request.id })).toMatchObject({
        ok: false,
        error: { code: 'NOT_FOUND' },
      });
    }

    // Balances: none negative, the community sums to zero, and each equals a replay of the acknowledgments.
    const accounts = await allPages<{
      id: string;
      kind: string;
      balance: number;
      pendingDebits: number;
      available: number;
    }>(S('account.list'), { communityId: C });
    expect(accounts).toHaveLength(USERS + 2);
    const expected = new Map<string, number>(accounts.map((a) => [a.id, 0]));
    const move = (from: string, to: string, amount: number) => {
      expected.set(from, expected.get(from)! - amount);
      expected.set(to, expected.get(to)! + amount);
    };
    for (const user of users) move(issuance, user, INITIAL);
    for (const record of acked) {
      move(record.request.debitAccountId, record.request.creditAccountId, record.request.amount);
      if (record.ack!.tax !== null) move(record.request.debitAccountId, treasury, record.ack!.tax.amount);
    }
    for (const hold of ackedHolds) {
      if (hold.settled!.op === 'post') move(hold.payer, hold.payee, hold.settled!.row.amount);
    }
    let sum = 0;
    for (const account of accounts) {
      sum += account.balance;
      if (account.kind !== 'issuance') {
        expect(account.balance).toBeGreaterThanOrEqual(account.pendingDebits);
        expect(account.available).toBeGreaterThanOrEqual(0);
      }
      expect(account.pendingDebits).toBe(0);
      expect({ id: account.id, balance: account.balance }).toEqual({
        id: account.id,
        balance: expected.get(account.id),
      });
    }
    expect(sum).toBe(0);
    expect(accounts.find((a) => a.id === issuance)!.balance).toBe(-INITIAL * USERS);
    const supply = await h.ok(S('supply.get'), { communityId: C });
    expect(supply).toMatchObject({ supply: INITIAL * USERS, transfers: expectedIds.size });

    const report = await h.ok(S('journal.verify'), {});
    expect(report).toMatchObject({
      ok: true,
      chainBreaks: [],
      balanceMismatches: [],
      sumByCommunity: [{ communityId: C, sum: 0 }],
    });
    expect(report.entries).toBe(expectedIds.size);

    // The run really exercised what it is meant to.
    const taxed = acked.filter((r) => r.ack!.tax !== null).length;
    expect(acked.length).toBeGreaterThan(records.length / 2);
    expect(stats.insufficientFunds).toBeGreaterThan(0);
    expect(taxed).toBeGreaterThan(0);
    expect(stats.concurrentPairs).toBeGreaterThan(0);
    expect(stats.batchRetries).toBeGreaterThan(0);
    expect(ackedHolds.length).toBeGreaterThan(CLIENTS);
    const summary = {
      seed: SEED,
      loadMs,
      transfers: records.length,
      acknowledged: acked.length,
      refused: records.length - acked.length,
      taxed,
      holds: holds.length,
      holdsSettled: ackedHolds.length,
      requests: stats.requests,
      singleSends: stats.singleSends,
      concurrentGroups: stats.concurrentPairs,
      batches: stats.batches,
      batchRetries: stats.batchRetries,
      insufficientFundsReplies: stats.insufficientFunds,
      journalRows: journal.length,
      holdRaceOutcomes: Object.fromEntries(stats.holdRaceOutcomes),
    };
    if (process.env.LEDGER_CONCURRENCY_REPORT) console.log(JSON.stringify(summary, null, 2));
  }, 120_000);
});

import { AMOUNT_MAX, DomainError, type Policy } from '@ticketonomics/contracts';
import { closeDataSource, openSqliteDataSource, rawDatabase } from '@ticketonomics/persistence';
import { makeTempDir, removeDir } from '@ticketonomics/testing';
import type { DataSource } from 'typeorm';
import { LedgerEventsEmitter } from '../events/ledger-events.emitter';
import { defaultPolicy } from '../policy/policy.store';
import { LedgerStores } from '../store/ledger.stores';
import { LEDGER_MIGRATIONS } from '../store/ledger.migrations';
import { JournalWriter } from '../journal/journal.writer';
import { SupplyEngine } from '../supply/supply.engine';
import { PaymentsEngine } from './payments.engine';
import { ReversalsEngine } from './reversals.engine';

/** Payments' daily caps against a real SQLite store, with the journal writer's clock under the test's control. */
describe('PaymentsEngine daily caps', () => {
  let dir: string;
  let dataSource: DataSource;
  let stores: LedgerStores;
  let payments: PaymentsEngine;
  let supply: SupplyEngine;
  let reversals: ReversalsEngine;
  let now: number;

  const policy = (caps: Partial<Policy>): void =>
    stores.policies.save({
      ...defaultPolicy('c'),
      communityId: 'c',
      currencyName: 'Ticket',
      currencySymbol: 'T',
      taxBps: 1_000,
      transferMin: 1,
      transferMax: AMOUNT_MAX,
      dailySendMax: null,
      dailyReceiveMax: null,
      version: 1,
      updatedAt: new Date(0).toISOString(),
      ...caps,
    });
  const pay = (id: string, amount: number) =>
    payments.create({
      id,
      debitAccountId: 'user:c:a',
      creditAccountId: 'user:c:b',
      amount,
      code: 'payment',
      memo: '',
    });
  const refusal = (run: () => unknown): DomainError => {
    try {
      run();
    } catch (error) {
      return error as DomainError;
    }
    throw new Error('expected a refusal');
  };

  beforeEach(async () => {
    dir = await makeTempDir('daily-caps-');
    dataSource = await openSqliteDataSource({
      dataDir: dir,
      fileName: 'd.sqlite',
      migrations: LEDGER_MIGRATIONS,
    });
    stores = new LedgerStores(rawDatabase(dataSource));
    now = Date.parse('2026-11-28T23:59:00.000Z');
    const writer = new JournalWriter(stores, new LedgerEventsEmitter(stores.events), () => now);
    payments = new PaymentsEngine(stores, writer);
    supply = new SupplyEngine(stores, writer);
    reversals = new ReversalsEngine(stores, writer);
    for (const [id, kind, ownerId] of [
      ['issuance:c', 'issuance', null],
      ['treasury:c', 'treasury', null],
      ['user:c:a', 'user', 'a'],
      ['user:c:b', 'user', 'b'],
    ] as const) {
      stores.accounts.insert({ id, communityId: 'c', kind, ownerId, createdAt: 0 });
    }
    supply.mint({ id: 'seed', accountId: 'user:c:a', amount: 10_000, memo: '' });
  });

  afterEach(async () => {
    await closeDataSource(dataSource);
    await removeDir(dir);
  });

  it('counts tax in the send total and starts over at UTC midnight', () => {
    policy({ dailySendMax: 110 });
    pay('p1', 50); // 55 with tax
    pay('p2', 50); // 110: the cap, reached exactly
    const refused = refusal(() => pay('p3', 1));
    expect(refused).toMatchObject({
      code: 'LIMIT_EXCEEDED',
      details: { field: 'amount', cap: 'dailySendMax', limit: 110, usedToday: 110, remaining: 0 },
    });
    expect(refused.message).toMatch(/resets at 2026-11-29T00:00:00\.000Z/);
    expect(stores.dailyTotals.get('user:c:a', '2026-11-28')).toEqual({ sent: 110, received: 0 });
    expect(stores.dailyTotals.get('user:c:b', '2026-11-28')).toEqual({ sent: 0, received: 100 });

    now = Date.parse('2026-11-29T00:00:00.000Z');
    pay('p3', 100);
    expect(stores.dailyTotals.get('user:c:a', '2026-11-29')).toEqual({ sent: 110, received: 0 });
    expect(() => pay('p4', 1)).toThrow(/0 left today, the cap resets at 2026-11-30T00:00:00\.000Z/);
  });

  it('refuses before any write, and gives no quota back on a reversal', () => {
    policy({ dailyReceiveMax: 100 });
    pay('p1', 100);
    const head = stores.journal.snapshot();
    expect(refusal(() => pay('p2', 1)).details).toMatchObject({ cap: 'dailyReceiveMax', remaining: 0 });
    expect(stores.journal.snapshot()).toEqual(head);
    expect(stores.dailyTotals.get('user:c:b', '2026-11-28').received).toBe(100);
    reversals.reverse({ id: 'r1', transferId: 'p1', memo: '' });
    expect(stores.dailyTotals.get('user:c:b', '2026-11-28').received).toBe(100);
    expect(() => pay('p3', 1)).toThrow(DomainError);
  });

  it('keeps totals while no cap is set, so a cap set during the day counts earlier payments', () => {
    pay('p1', 100); // the default policy: no tax, no caps
    policy({ dailySendMax: 105 });
    expect(refusal(() => pay('p2', 10)).details).toMatchObject({ usedToday: 100, remaining: 5 });
    pay('p3', 4); // 4 + 0 tax (rounded down)
    expect(stores.dailyTotals.get('user:c:a', '2026-11-28').sent).toBe(104);
  });

  it('applies neither cap to rewards, fines or mints', () => {
    policy({ dailySendMax: 1, dailyReceiveMax: 1 });
    const transfer = (id: string, debit: string, credit: string, code: 'reward' | 'fine') =>
      payments.create({ id, debitAccountId: debit, creditAccountId: credit, amount: 500, code, memo: '' });
    transfer('r', 'user:c:a', 'user:c:b', 'reward');
    transfer('f', 'user:c:b', 'treasury:c', 'fine');
    supply.mint({ id: 'm', accountId: 'user:c:b', amount: 500, memo: '' });
    expect(stores.dailyTotals.get('user:c:a', '2026-11-28')).toEqual({ sent: 0, received: 0 });
    expect(stores.dailyTotals.get('user:c:b', '2026-11-28')).toEqual({ sent: 0, received: 0 });
  });
  it('forgets totals of days before yesterday, a batch at a time, and caps still count today', () => {
    const rows = () =>
      rawDatabase(dataSource).prepare('SELECT day FROM daily_payment_totals ORDER BY day, account_id').all();
    const day = 24 * 60 * 60 * 1000;
    pay('d1', 10); // 2026-11-28 for a and b
    now += 2 * day;
    pay('d3', 10); // 2026-11-30
    now += day;
    pay('d4', 10); // 2026-12-01: 11-30 is now yesterday
    expect(rows()).toHaveLength(6);

    expect(payments.pruneDailyTotals(1)).toBe(1);
    expect(payments.pruneDailyTotals(100)).toBe(1);
    expect(payments.pruneDailyTotals(100)).toBe(0);
    expect(rows()).toEqual([
      { day: '2026-11-30' },
      { day: '2026-11-30' },
      { day: '2026-12-01' },
      { day: '2026-12-01' },
    ]);

    policy({ dailySendMax: 21 }); // 10 sent today (untaxed then) + 11 and its tax of 1 would be 22
    expect(refusal(() => pay('d4b', 11)).code).toBe('LIMIT_EXCEEDED');
    pay('d4c', 9); // 10 + 9 + 0 tax: within the cap
  });
});

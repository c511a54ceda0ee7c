import { DomainError } from '../errors';
import { AMOUNT_MAX, MEMO_LENGTH_MAX, PAGE_SIZE_MAX } from '../primitives';
import { firstRejectedField, parseOrThrow } from '../validation';
import {
  LEDGER_EXAMPLE_ORDER,
  LEDGER_LIMITS,
  LedgerCommands,
  TransferRequestSchema,
} from './ledger.commands';
import { TAX_BPS_MAX } from './ledger.schemas';

const commands = Object.entries(LedgerCommands);

describe('LedgerCommands', () => {
  it('uses unique subjects of the form tk.cmd.ledger.<entity>.<verb>', () => {
    const subjects = commands.map(([, spec]) => spec.subject);
    for (const subject of subjects) expect(subject).toMatch(/^tk\.cmd\.ledger\.[a-z]+\.[a-z]+$/);
    expect(new Set(subjects).size).toBe(subjects.length);
  });

  it.each(commands)('%s has a summary and an example its request schema accepts', (_key, spec) => {
    expect(spec.summary.length).toBeGreaterThan(10);
    expect(() => parseOrThrow(spec.request, spec.example)).not.toThrow();
  });

  it('orders every example exactly once for the demo walkthrough', () => {
    expect([...LEDGER_EXAMPLE_ORDER].sort()).toEqual(Object.keys(LedgerCommands).sort());
  });

  it('opens the account the other examples use first', () => {
    expect(LEDGER_EXAMPLE_ORDER[0]).toBe('accountOpen');
    expect(LedgerCommands.accountOpen.example).toEqual({
      communityId: 'demo',
      kind: 'user',
      ownerId: 'alice',
    });
  });
});

describe('transfer.create request', () => {
  const schema = LedgerCommands.transferCreate.request;
  const good = LedgerCommands.transferCreate.example;
  const without = (field: keyof typeof good) => {
    const copy: Record<string, unknown> = { ...good };
    delete copy[field];
    return copy;
  };

  it('is the shared TransferRequestSchema, and fills in an empty memo', () => {
    expect(schema).toBe(TransferRequestSchema);
    const { memo: _memo, ...noMemo } = good;
    expect(parseOrThrow(schema, noMemo).memo).toBe('');
  });

  it('accepts a hold within the timeout bounds', () => {
    for (const timeoutMs of [LEDGER_LIMITS.pendingTimeoutMsMin, LEDGER_LIMITS.pendingTimeoutMsMax]) {
      expect(parseOrThrow(schema, { ...good, pending: { timeoutMs } }).pending).toEqual({ timeoutMs });
    }
  });

  it.each<[string, unknown, string]>([
    ['missing id', without('id'), 'id'],
    ['missing debitAccountId', without('debitAccountId'), 'debitAccountId'],
    ['missing creditAccountId', without('creditAccountId'), 'creditAccountId'],
    ['missing amount', without('amount'), 'amount'],
    ['missing code', without('code'), 'code'],
    ['id as a number', { ...good, id: 42 }, 'id'],
    ['id with a reserved "/"', { ...good, id: 'pay/tax' }, 'id'],
    ['empty id', { ...good, id: '' }, 'id'],
    ['id of 129 characters', { ...good, id: 'x'.repeat(129) }, 'id'],
    ['debitAccountId as an object', { ...good, debitAccountId: { id: 'user:demo:alice' } }, 'debitAccountId'],
    ['creditAccountId with spaces', { ...good, creditAccountId: 'user demo bob' }, 'creditAccountId'],
    ['negative amount', { ...good, amount: -100 }, 'amount'],
    ['zero amount', { ...good, amount: 0 }, 'amount'],
    ['fractional amount', { ...good, amount: 1.5 }, 'amount'],
    ['amount of 2**60', { ...good, amount: 2 ** 60 }, 'amount'],
    ['amount above AMOUNT_MAX', { ...good, amount: AMOUNT_MAX + 1 }, 'amount'],
    ['amount as a string "100"', { ...good, amount: '100' }, 'amount'],
    ['amount as "NaN"', { ...good, amount: 'NaN' }, 'amount'],
    ['amount as "Infinity"', { ...good, amount: 'Infinity' }, 'amount'],
    ['amount as "1e3"', { ...good, amount: '1e3' }, 'amount'],
    ['amount as null', { ...good, amount: null }, 'amount'],
    ['amount as a boolean', { ...good, amount: true }, 'amount'],
    ['unknown code', { ...good, code: 'gift' }, 'code'],
    ['code mint (its own command)', { ...good, code: 'mint' }, 'code'],
    ['code burn (its own command)', { ...good, code: 'burn' }, 'code'],
    ['code reversal (its own command)', { ...good, code: 'reversal' }, 'code'],
    ['memo as a number', { ...good, memo: 5 }, 'memo'],
    [`memo of ${MEMO_LENGTH_MAX + 1} characters`, { ...good, memo: 'x'.repeat(MEMO_LENGTH_MAX + 1) }, 'memo'],
    ['memo of 1,000,000 characters', { ...good, memo: 'x'.repeat(1_000_000) }, 'memo'],
    ['an unknown field', { ...good, extra: 1 }, 'extra'],
    [
      'a __proto__ field',
      JSON.parse(`{"__proto__":{"admin":true},${JSON.stringify(good).slice(1)}`),
      '__proto__',
    ],
    ['pending as a number', { ...good, pending: 60_000 }, 'pending'],
    ['pending without a timeout', { ...good, pending: {} }, 'pending.timeoutMs'],
    [
      'pending timeout below the minimum',
      { ...good, pending: { timeoutMs: LEDGER_LIMITS.pendingTimeoutMsMin - 1 } },
      'pending.timeoutMs',
    ],
    [
      'pending timeout above 7 days',
      { ...good, pending: { timeoutMs: LEDGER_LIMITS.pendingTimeoutMsMax + 1 } },
      'pending.timeoutMs',
    ],
    ['pending with an unknown field', { ...good, pending: { timeoutMs: 60_000, extra: 1 } }, 'pending.extra'],
    ['null', null, '$'],
    ['an array instead of an object', [good], '$'],
    ['a JSON string instead of an object', JSON.stringify(good), '$'],
    ['a number instead of an object', 100, '$'],
  ])('rejects %s, naming the field', (_name, payload, field) => {
    expect(firstRejectedField(schema, payload)).toBe(field);
  });

  it('says why an amount is wrong without calling a present amount missing', () => {
    for (const amount of ['100', 1.5, -1]) {
      try {
        parseOrThrow(schema, { ...good, amount });
      } catch (error) {
        expect((error as DomainError).message).toMatch(/^amount: must be/);
      }
    }
  });

  it('quotes the allowed codes when a ledger-only code is sent', () => {
    expect(() => parseOrThrow(schema, { ...good, code: 'mint' })).toThrow(
      /mint, burn and reversal have their own commands/,
    );
  });
});

describe('transfer.batch and transfer.linked requests', () => {
  const item = LedgerCommands.transferCreate.example;
  const many = (n: number) => Array.from({ length: n }, (_, i) => ({ ...item, id: `t-${i}` }));

  it.each([
    ['transferBatch', LEDGER_LIMITS.batchTransfersMax],
    ['transferLinked', LEDGER_LIMITS.linkedTransfersMax],
  ] as const)('%s takes 1..%d transfers and names a bad one by index', (key, max) => {
    const schema = LedgerCommands[key].request;
    expect(() => parseOrThrow(schema, { transfers: many(max) })).not.toThrow();
    expect(firstRejectedField(schema, { transfers: many(max + 1) })).toBe('transfers');
    expect(firstRejectedField(schema, { transfers: [] })).toBe('transfers');
    expect(firstRejectedField(schema, { transfers: item })).toBe('transfers');
    expect(firstRejectedField(schema, { transfers: [item, { ...item, amount: 0 }] })).toBe(
      'transfers.1.amount',
    );
    expect(firstRejectedField(schema, {})).toBe('transfers');
  });
});

describe('account.open request', () => {
  const schema = LedgerCommands.accountOpen.request;

  it.each([
    { communityId: 'demo', kind: 'user', ownerId: 'alice' },
    { communityId: 'demo', kind: 'escrow', ownerId: 'market.order-1' },
    { communityId: 'demo', kind: 'treasury' },
    { communityId: 'demo', kind: 'issuance' },
  ])('accepts %j', (payload) => {
    expect(parseOrThrow(schema, payload)).toEqual(payload);
  });

  it.each<[string, unknown, string]>([
    ['a user account without ownerId', { communityId: 'demo', kind: 'user' }, 'ownerId'],
    ['an escrow account without ownerId', { communityId: 'demo', kind: 'escrow' }, 'ownerId'],
    [
      'a treasury account with an ownerId',
      { communityId: 'demo', kind: 'treasury', ownerId: 'alice' },
      'ownerId',
    ],
    [
      'an issuance account with an ownerId',
      { communityId: 'demo', kind: 'issuance', ownerId: 'alice' },
      'ownerId',
    ],
    ['an ownerId with a space', { communityId: 'demo', kind: 'user', ownerId: 'al ice' }, 'ownerId'],
    ['an ownerId with a colon', { communityId: 'demo', kind: 'user', ownerId: 'user:alice' }, 'ownerId'],
    ['an empty ownerId', { communityId: 'demo', kind: 'user', ownerId: '' }, 'ownerId'],
    [
      'an ownerId of 65 characters',
      { communityId: 'demo', kind: 'user', ownerId: 'a'.repeat(65) },
      'ownerId',
    ],
    ['a numeric ownerId', { communityId: 'demo', kind: 'user', ownerId: 42 }, 'ownerId'],
    ['an unknown kind', { communityId: 'demo', kind: 'bank', ownerId: 'alice' }, 'kind'],
    ['a bad communityId', { communityId: 'de mo', kind: 'user', ownerId: 'alice' }, 'communityId'],
    ['a missing communityId', { kind: 'user', ownerId: 'alice' }, 'communityId'],
    ['an unknown field', { communityId: 'demo', kind: 'user', ownerId: 'alice', balance: 100 }, 'balance'],
    ['null', null, '$'],
  ])('rejects %s', (_name, payload, field) => {
    expect(firstRejectedField(schema, payload)).toBe(field);
  });

  it('explains the ownerId rule', () => {
    expect(() => parseOrThrow(schema, { communityId: 'demo', kind: 'user' })).toThrow(
      'ownerId: is required for a user account',
    );
    expect(() => parseOrThrow(schema, { communityId: 'demo', kind: 'treasury', ownerId: 'x' })).toThrow(
      'ownerId: must be left out: a community has one treasury account',
    );
  });
});

describe('policy.set request', () => {
  const schema = LedgerCommands.policySet.request;
  const base = { communityId: 'demo' };

  it.each([
    base,
    { ...base, taxBps: 0 },
    { ...base, taxBps: TAX_BPS_MAX },
    { ...base, transferMin: 1, transferMax: AMOUNT_MAX },
    { ...base, currencyName: 'x'.repeat(32), currencySymbol: 'x'.repeat(8) },
    { ...base, dailySendMax: 1, dailyReceiveMax: AMOUNT_MAX },
    { ...base, dailySendMax: null, dailyReceiveMax: null },
  ])('accepts %j', (payload) => {
    expect(() => parseOrThrow(schema, payload)).not.toThrow();
  });

  it('trims the currency name and symbol', () => {
    expect(parseOrThrow(schema, { ...base, currencyName: '  Ticket ', currencySymbol: ' T ' })).toMatchObject(
      {
        currencyName: 'Ticket',
        currencySymbol: 'T',
      },
    );
  });

  it.each<[string, unknown, string]>([
    ['a negative tax', { ...base, taxBps: -1 }, 'taxBps'],
    ['a tax above 50%', { ...base, taxBps: TAX_BPS_MAX + 1 }, 'taxBps'],
    ['a fractional tax', { ...base, taxBps: 1.5 }, 'taxBps'],
    ['a tax as a string', { ...base, taxBps: '200' }, 'taxBps'],
    ['a zero transferMin', { ...base, transferMin: 0 }, 'transferMin'],
    ['a transferMax above AMOUNT_MAX', { ...base, transferMax: AMOUNT_MAX + 1 }, 'transferMax'],
    ['an empty currency name', { ...base, currencyName: '' }, 'currencyName'],
    ['a blank currency name', { ...base, currencyName: '   ' }, 'currencyName'],
    ['a currency name of 33 characters', { ...base, currencyName: 'x'.repeat(33) }, 'currencyName'],
    ['a currency symbol of 9 characters', { ...base, currencySymbol: 'x'.repeat(9) }, 'currencySymbol'],
    ['a missing communityId', { taxBps: 100 }, 'communityId'],
    ['a field that is not settable', { ...base, version: 3 }, 'version'],
    ['a zero dailySendMax (null means no cap)', { ...base, dailySendMax: 0 }, 'dailySendMax'],
    ['a fractional dailyReceiveMax', { ...base, dailyReceiveMax: 2.5 }, 'dailyReceiveMax'],
    ['a dailyReceiveMax above AMOUNT_MAX', { ...base, dailyReceiveMax: AMOUNT_MAX + 1 }, 'dailyReceiveMax'],
    ['a dailySendMax as a string', { ...base, dailySendMax: '100' }, 'dailySendMax'],
  ])('rejects %s', (_name, payload, field) => {
    expect(firstRejectedField(schema, payload)).toBe(field);
  });

  it('says the tax cap in percent', () => {
    expect(() => parseOrThrow(schema, { ...base, taxBps: TAX_BPS_MAX + 1 })).toThrow(
      `at most ${TAX_BPS_MAX} (50%)`,
    );
  });
});

describe('other requests', () => {
  it.each<[keyof typeof LedgerCommands, unknown, string]>([
    [
      'accountFreeze',
      { accountId: 'user:demo:bob', reason: 'x'.repeat(LEDGER_LIMITS.freezeReasonLengthMax + 1) },
      'reason',
    ],
    ['accountGet', {}, 'accountId'],
    ['accountList', { communityId: 'demo', limit: 0 }, 'limit'],
    ['accountList', { communityId: 'demo', limit: PAGE_SIZE_MAX + 1 }, 'limit'],
    ['accountList', { communityId: 'demo', cursor: 'not a cursor' }, 'cursor'],
    ['supplyMint', { id: 'm-1', accountId: 'user:demo:alice', amount: 0 }, 'amount'],
    ['supplyBurn', { id: 'b-1', accountId: 'user:demo:alice', amount: '10' }, 'amount'],
    ['transferPost', { pendingId: 'hold-1', amount: 0 }, 'amount'],
    ['transferVoid', { pendingId: 'hold/1' }, 'pendingId'],
    ['transferReverse', { id: 'r-1' }, 'transferId'],
    ['transferHistory', { communityId: 'demo', fromTime: 'yesterday' }, 'fromTime'],
    ['transferHistory', { communityId: 'demo', code: 'gift' }, 'code'],
    ['journalVerify', { full: true }, 'full'],
  ])('%s rejects %j', (key, payload, field) => {
    expect(firstRejectedField(LedgerCommands[key].request, payload)).toBe(field);
  });

  it('accepts a history filter on a ledger-only code, since the journal holds them', () => {
    expect(() =>
      parseOrThrow(LedgerCommands.transferHistory.request, { communityId: 'demo', code: 'mint' }),
    ).not.toThrow();
  });
});

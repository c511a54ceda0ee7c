import { openUsers, startLedgerHarness, type LedgerHarness } from './support/ledger.harness';

const SUBJECT = 'tk.cmd.ledger.transfer.create';

describe('bad payloads are answered with VALIDATION_FAILED naming the field', () => {
  let h: LedgerHarness;
  let alice: string;
  let bob: string;
  let valid: Record<string, unknown>;

  beforeAll(async () => {
    h = await startLedgerHarness();
    [alice, bob] = await openUsers(h, 'val', ['alice', 'bob']);
    await h.ok('tk.cmd.ledger.supply.mint', { id: 'val-seed', accountId: alice, amount: 1_000 });
    valid = { id: 'val-ok', debitAccountId: alice, creditAccountId: bob, amount: 10, code: 'payment' };
  });

  afterAll(async () => {
    await h?.close();
  });

  const without = (field: string) =>
    Object.fromEntries(Object.entries(valid).filter(([key]) => key !== field));

  const cases: [string, () => unknown, string][] = [
    ['missing id', () => without('id'), 'id'],
    ['missing debitAccountId', () => without('debitAccountId'), 'debitAccountId'],
    ['missing amount', () => without('amount'), 'amount'],
    ['missing code', () => without('code'), 'code'],
    ['amount as a string', () => ({ ...valid, amount: '10' }), 'amount'],
    ['amount "NaN"', () => ({ ...valid, amount: 'NaN' }), 'amount'],
    ['negative amount', () => ({ ...valid, amount: -5 }), 'amount'],
    ['zero amount', () => ({ ...valid, amount: 0 }), 'amount'],
    ['fractional amount', () => ({ ...valid, amount: 1.5 }), 'amount'],
    ['amount 2^60', () => ({ ...valid, amount: 2 ** 60 }), 'amount'],
    ['amount null', () => ({ ...valid, amount: null }), 'amount'],
    ['amount as an object', () => ({ ...valid, amount: { value: 1 } }), 'amount'],
    ['id with spaces', () => ({ ...valid, id: 'has space' }), 'id'],
    ['id with a slash', () => ({ ...valid, id: 'x/tax' }), 'id'],
    ['id too long', () => ({ ...valid, id: 'x'.repeat(129) }), 'id'],
    ['id as a number', () => ({ ...valid, id: 42 }), 'id'],
    ['unknown code', () => ({ ...valid, code: 'gift-of-god' }), 'code'],
    ['unknown field', () => ({ ...valid, admin: true }), 'admin'],
    ['memo too long', () => ({ ...valid, memo: 'm'.repeat(257) }), 'memo'],
    ['1 MB memo', () => ({ ...valid, memo: 'm'.repeat(1_000_000) }), 'memo'],
    [
      'pending timeout too long',
      () => ({ ...valid, code: 'purchase', pending: { timeoutMs: 8 * 24 * 3600 * 1000 } }),
      'pending.timeoutMs',
    ],
    [
      'pending unknown field',
      () => ({ ...valid, code: 'purchase', pending: { timeoutMs: 5000, x: 1 } }),
      'pending.x',
    ],
    ['array body', () => [valid], '$'],
    ['string body', () => 'transfer please', '$'],
    ['null body', () => null, '$'],
  ];

  it.each(cases)('%s', async (_name, payload, field) => {
    const reply = await h.call(SUBJECT, payload());
    expect(reply.ok).toBe(false);
    if (reply.ok) return;
    expect(reply.error.code).toBe('VALIDATION_FAILED');
    expect(reply.error.details?.field).toBe(field);
    expect(reply.error.message).toContain(field);
    expect(JSON.stringify(reply)).not.toMatch(/at .*\.(ts|js):\d+/);
  });

  it.each([
    ['invalid JSON', '{"id": "x", amount: NaN}'],
    ['truncated JSON', '{"id": "x"'],
    ['binary noise', '\u0000\u00ff\u0001'],
  ])('%s', async (_name, body) => {
    const reply = await h.callRaw(SUBJECT, new TextEncoder().encode(body));
    expect(reply).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', details: { field: '$' } } });
  });

  it('answers an empty body on a command with required fields', async () => {
    const reply = await h.callRaw(SUBJECT, new Uint8Array());
    expect(reply).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
  });

  it('validates every command, not only transfers', async () => {
    const probes: [string, unknown, string][] = [
      ['account.open', { communityId: 'bad community', kind: 'user', ownerId: 'x' }, 'communityId'],
      ['account.open', { communityId: 'c', kind: 'wizard', ownerId: 'x' }, 'kind'],
      ['account.list', { communityId: 'c', limit: 201 }, 'limit'],
      ['supply.mint', { id: 'm', accountId: alice, amount: -1 }, 'amount'],
      ['transfer.batch', { transfers: [] }, 'transfers'],
      ['transfer.batch', { transfers: [{ ...valid, amount: 0 }] }, 'transfers.0.amount'],
      ['transfer.linked', { transfers: [valid, { ...valid, id: 'b', code: 7 }] }, 'transfers.1.code'],
      ['transfer.post', { pendingId: 'h', amount: 0 }, 'amount'],
      ['transfer.history', { communityId: 'val', fromTime: 'yesterday' }, 'fromTime'],
      ['policy.set', { communityId: 'val', taxBps: -1 }, 'taxBps'],
      ['policy.set', { communityId: 'val', currencyName: '' }, 'currencyName'],
      ['journal.verify', { deep: true }, 'deep'],
    ];
    for (const [verb, payload, field] of probes) {
      const reply = await h.call(`tk.cmd.ledger.${verb}`, payload);
      expect({ verb, reply }).toMatchObject({
        verb,
        reply: { ok: false, error: { code: 'VALIDATION_FAILED', details: { field } } },
      });
    }
  });

  it('moved no tickets and still serves afterwards', async () => {
    expect(await h.ok('tk.cmd.ledger.balance.get', { accountId: alice })).toMatchObject({ balance: 1_000 });
    const reply = await h.ok(SUBJECT, valid);
    expect(reply.transfer).toMatchObject({ id: 'val-ok', amount: 10 });
    expect((await h.ok('tk.cmd.ledger.journal.verify', {})).ok).toBe(true);
  });
});

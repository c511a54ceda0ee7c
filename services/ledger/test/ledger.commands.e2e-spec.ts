import { openUsers, startLedgerHarness, type LedgerHarness } from './support/ledger.harness';

const C = 'cmds';
const S = (verb: string) => `tk.cmd.ledger.${verb}`;

describe('ledger commands over NATS', () => {
  let h: LedgerHarness;
  let alice: string;
  let bob: string;
  let carol: string;

  beforeAll(async () => {
    h = await startLedgerHarness();
    [alice, bob, carol] = await openUsers(h, C, ['alice', 'bob', 'carol']);
    await h.ok(S('supply.mint'), { id: 'seed-alice', accountId: alice, amount: 10_000 });
  });

  afterAll(async () => {
    await h?.close();
  });

  describe('accounts', () => {
    it('opens idempotently and opens the community issuance and treasury accounts with it', async () => {
      const again = await h.ok(S('account.open'), { communityId: C, kind: 'user', ownerId: 'alice' });
      expect(again).toMatchObject({ id: alice, kind: 'user', ownerId: 'alice', balance: 10_000 });
      const issuance = await h.ok(S('account.get'), { accountId: `issuance:${C}` });
      expect(issuance).toMatchObject({ kind: 'issuance', balance: -10_000, ownerId: null });
      const treasury = await h.ok(S('account.open'), { communityId: C, kind: 'treasury' });
      expect(treasury.id).toBe(`treasury:${C}`);
    });

    it('requires an owner for user and escrow accounts and refuses one for system accounts', async () => {
      const missing = await h.call(S('account.open'), { communityId: C, kind: 'escrow' });
      expect(missing).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION_FAILED', details: { field: 'ownerId' } },
      });
      const extra = await h.call(S('account.open'), { communityId: C, kind: 'issuance', ownerId: 'x' });
      expect(extra).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION_FAILED', details: { field: 'ownerId' } },
      });
    });

    it('answers NOT_FOUND for an unknown account', async () => {
      const reply = await h.call(S('account.get'), { accountId: 'user:cmds:nobody' });
      expect(reply).toMatchObject({
        ok: false,
        error: { code: 'NOT_FOUND', details: { field: 'accountId' } },
      });
      const balance = await h.call(S('balance.get'), { accountId: 'user:cmds:nobody' });
      expect(balance).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    });

    it('lists a community a page at a time, filtered by kind', async () => {
      const first = await h.ok(S('account.list'), { communityId: C, limit: 2 });
      expect(first.items).toHaveLength(2);
      expect(first.nextCursor).toEqual(expect.any(String));
      const rest = await h.ok(S('account.list'), { communityId: C, limit: 200, cursor: first.nextCursor });
      const ids = [...first.items, ...rest.items].map((a: { id: string }) => a.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toEqual(expect.arrayContaining([alice, bob, carol, `issuance:${C}`, `treasury:${C}`]));
      expect(rest.nextCursor).toBeNull();
      const users = await h.ok(S('account.list'), { communityId: C, kind: 'issuance' });
      expect(users.items.map((a: { id: string }) => a.id)).toEqual([`issuance:${C}`]);
      const garbage = await h.call(S('account.list'), { communityId: C, cursor: '!!' });
      expect(garbage).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION_FAILED', details: { field: 'cursor' } },
      });
    });

    it('freezes and unfreezes: a frozen account cannot send but can receive, and can still be fined', async () => {
      const [dave] = await openUsers(h, C, ['dave']);
      await h.ok(S('supply.mint'), { id: 'seed-dave', accountId: dave!, amount: 100 });
      const frozen = await h.ok(S('account.freeze'), { accountId: dave, reason: 'alt account' });
      expect(frozen.frozen).toBe(true);
      const send = await h.call(S('transfer.create'), {
        id: 'frozen-send',
        debitAccountId: dave,
        creditAccountId: bob,
        amount: 1,
        code: 'payment',
      });
      expect(send).toMatchObject({ ok: false, error: { code: 'ACCOUNT_FROZEN' } });
      await h.ok(S('transfer.create'), {
        id: 'frozen-receive',
        debitAccountId: alice,
        creditAccountId: dave,
        amount: 1,
        code: 'reward',
      });
      await h.ok(S('transfer.create'), {
        id: 'frozen-fine',
        debitAccountId: dave,
        creditAccountId: `treasury:${C}`,
        amount: 10,
        code: 'fine',
      });
      const unfrozen = await h.ok(S('account.unfreeze'), { accountId: dave, reason: 'cleared' });
      expect(unfrozen).toMatchObject({ frozen: false, balance: 91 });
      await h.ok(S('transfer.create'), {
        id: 'unfrozen-send',
        debitAccountId: dave,
        creditAccountId: bob,
        amount: 1,
        code: 'payment',
      });
      const issuance = await h.call(S('account.freeze'), { accountId: `issuance:${C}` });
      expect(issuance).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    });
  });

  describe('transfers', () => {
    it('moves tickets and reports both balances after, and a repeat returns the first result', async () => {
      const request = {
        id: 'pay-1',
        debitAccountId: alice,
        creditAccountId: bob,
        amount: 250,
        code: 'payment',
        memo: 'lunch',
      };
      const first = await h.ok(S('transfer.create'), request);
      expect(first.transfer).toMatchObject({
        id: 'pay-1',
        kind: 'posted',
        amount: 250,
        code: 'payment',
        memo: 'lunch',
      });
      expect(first.tax).toBeNull();
      const again = await h.ok(S('transfer.create'), request);
      expect(again).toEqual(first);
      const bobBalance = await h.ok(S('balance.get'), { accountId: bob });
      expect(bobBalance.balance).toBe(first.transfer.creditBalanceAfter);
    });

    it('names the first differing field when an id is reused for other content', async () => {
      const base = {
        id: 'pay-conflict',
        debitAccountId: alice,
        creditAccountId: bob,
        amount: 5,
        code: 'payment',
      };
      await h.ok(S('transfer.create'), base);
      for (const [change, field] of [
        [{ creditAccountId: carol }, 'creditAccountId'],
        [{ amount: 6 }, 'amount'],
        [{ code: 'reward' }, 'code'],
        [{ memo: 'x' }, 'memo'],
      ] as const) {
        const reply = await h.call(S('transfer.create'), { ...base, ...change });
        expect(reply).toMatchObject({
          ok: false,
          error: { code: 'IDEMPOTENCY_CONFLICT', details: { field } },
        });
      }
    });

    it('refuses overdrafts, self transfers, unknown accounts, other communities and the issuance account', async () => {
      const [poor] = await openUsers(h, C, ['poor']);
      const [stranger] = await openUsers(h, 'other-community', ['stranger']);
      const cases: [Record<string, unknown>, string][] = [
        [{ debitAccountId: poor, creditAccountId: bob, amount: 1 }, 'INSUFFICIENT_FUNDS'],
        [{ debitAccountId: alice, creditAccountId: alice, amount: 1 }, 'VALIDATION_FAILED'],
        [{ debitAccountId: alice, creditAccountId: 'user:cmds:ghost', amount: 1 }, 'NOT_FOUND'],
        [{ debitAccountId: alice, creditAccountId: stranger, amount: 1 }, 'COMMUNITY_MISMATCH'],
        [{ debitAccountId: `issuance:${C}`, creditAccountId: bob, amount: 1 }, 'FORBIDDEN'],
      ];
      for (const [index, [change, code]] of cases.entries()) {
        const reply = await h.call(S('transfer.create'), { id: `bad-${index}`, code: 'payment', ...change });
        expect(reply).toMatchObject({ ok: false, error: { code } });
      }
      const mintCode = await h.call(S('transfer.create'), {
        id: 'bad-mint',
        debitAccountId: alice,
        creditAccountId: bob,
        amount: 1,
        code: 'mint',
      });
      expect(mintCode).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION_FAILED', details: { field: 'code' } },
      });
    });

    it('applies a batch transfer by transfer, each with its own result', async () => {
      const [poor] = await openUsers(h, C, ['poor2']);
      const reply = await h.ok(S('transfer.batch'), {
        transfers: [
          { id: 'batch-1', debitAccountId: alice, creditAccountId: carol, amount: 3, code: 'reward' },
          { id: 'batch-2', debitAccountId: poor, creditAccountId: carol, amount: 3, code: 'reward' },
          { id: 'batch-3', debitAccountId: alice, creditAccountId: carol, amount: 4, code: 'reward' },
        ],
      });
      expect(reply.results.map((r: { ok: boolean }) => r.ok)).toEqual([true, false, true]);
      expect(reply.results[1].error.code).toBe('INSUFFICIENT_FUNDS');
      const tooMany = Array.from({ length: 1001 }, (_, i) => ({
        id: `x${i}`,
        debitAccountId: alice,
        creditAccountId: carol,
        amount: 1,
        code: 'reward',
      }));
      const refused = await h.call(S('transfer.batch'), { transfers: tooMany });
      expect(refused).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION_FAILED', details: { field: 'transfers' } },
      });
    });

    it('applies a linked batch all or nothing', async () => {
      const before = await h.ok(S('balance.get'), { accountId: alice });
      const failed = await h.call(S('transfer.linked'), {
        transfers: [
          { id: 'linked-a1', debitAccountId: alice, creditAccountId: bob, amount: 10, code: 'sale' },
          { id: 'linked-a2', debitAccountId: carol, creditAccountId: bob, amount: 1_000_000, code: 'fee' },
        ],
      });
      expect(failed).toMatchObject({
        ok: false,
        error: { code: 'INSUFFICIENT_FUNDS', details: { index: 1 } },
      });
      expect((await h.ok(S('balance.get'), { accountId: alice })).balance).toBe(before.balance);
      const missing = await h.call(S('transfer.get'), { transferId: 'linked-a1' });
      expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

      const request = {
        transfers: [
          { id: 'linked-b1', debitAccountId: alice, creditAccountId: bob, amount: 10, code: 'sale' },
          {
            id: 'linked-b2',
            debitAccountId: alice,
            creditAccountId: `treasury:${C}`,
            amount: 1,
            code: 'fee',
          },
        ],
      };
      const applied = await h.ok(S('transfer.linked'), request);
      expect(applied.transfers.map((t: { id: string; linkedTo: string }) => [t.id, t.linkedTo])).toEqual([
        ['linked-b1', 'linked-b1'],
        ['linked-b2', 'linked-b1'],
      ]);
      expect(await h.ok(S('transfer.linked'), request)).toEqual(applied);
      const partial = await h.call(S('transfer.linked'), {
        transfers: [request.transfers[0], { ...request.transfers[1], id: 'linked-b3' }],
      });
      expect(partial).toMatchObject({ ok: false, error: { code: 'IDEMPOTENCY_CONFLICT' } });
    });

    it('holds funds, posts part of a hold and releases the rest; voids; refuses a second settlement', async () => {
      const [buyer, seller] = await openUsers(h, C, ['buyer', 'seller']);
      await h.ok(S('supply.mint'), { id: 'seed-buyer', accountId: buyer, amount: 100 });
      const hold = await h.ok(S('transfer.create'), {
        id: 'hold-1',
        debitAccountId: buyer,
        creditAccountId: seller,
        amount: 80,
        code: 'purchase',
        pending: { timeoutMs: 60_000 },
      });
      expect(hold.transfer).toMatchObject({ kind: 'pending', pendingState: 'open' });
      expect(await h.ok(S('balance.get'), { accountId: buyer })).toEqual({
        accountId: buyer,
        balance: 100,
        pendingDebits: 80,
        pendingCredits: 0,
        available: 20,
      });
      const overdraw = await h.call(S('transfer.create'), {
        id: 'hold-over',
        debitAccountId: buyer,
        creditAccountId: seller,
        amount: 21,
        code: 'purchase',
      });
      expect(overdraw).toMatchObject({
        ok: false,
        error: { code: 'INSUFFICIENT_FUNDS', details: { available: 20 } },
      });

      const tooMuch = await h.call(S('transfer.post'), { pendingId: 'hold-1', amount: 81 });
      expect(tooMuch).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION_FAILED', details: { field: 'amount' } },
      });
      const posted = await h.ok(S('transfer.post'), { pendingId: 'hold-1', amount: 50 });
      expect(posted).toMatchObject({
        id: 'hold-1/post',
        kind: 'post_pending',
        amount: 50,
        pendingId: 'hold-1',
      });
      expect(await h.ok(S('transfer.post'), { pendingId: 'hold-1', amount: 50 })).toEqual(posted);
      expect(await h.call(S('transfer.post'), { pendingId: 'hold-1', amount: 40 })).toMatchObject({
        ok: false,
        error: { code: 'IDEMPOTENCY_CONFLICT', details: { field: 'amount' } },
      });
      expect(await h.call(S('transfer.void'), { pendingId: 'hold-1' })).toMatchObject({
        ok: false,
        error: { code: 'PENDING_NOT_OPEN', details: { state: 'posted' } },
      });
      expect(await h.ok(S('balance.get'), { accountId: buyer })).toMatchObject({
        balance: 50,
        pendingDebits: 0,
        available: 50,
      });
      expect(await h.ok(S('transfer.get'), { transferId: 'hold-1' })).toMatchObject({
        pendingState: 'posted',
      });

      await h.ok(S('transfer.create'), {
        id: 'hold-2',
        debitAccountId: buyer,
        creditAccountId: seller,
        amount: 30,
        code: 'trade',
        pending: { timeoutMs: 60_000 },
      });
      const voided = await h.ok(S('transfer.void'), { pendingId: 'hold-2' });
      expect(voided).toMatchObject({ id: 'hold-2/void', kind: 'void_pending', amount: 30 });
      expect(await h.ok(S('transfer.void'), { pendingId: 'hold-2' })).toEqual(voided);
      expect(await h.call(S('transfer.post'), { pendingId: 'hold-2' })).toMatchObject({
        ok: false,
        error: { code: 'PENDING_NOT_OPEN', details: { state: 'voided' } },
      });
      expect(await h.call(S('transfer.post'), { pendingId: 'pay-1' })).toMatchObject({
        ok: false,
        error: { code: 'NOT_FOUND' },
      });
      expect(await h.ok(S('balance.get'), { accountId: buyer })).toMatchObject({
        balance: 50,
        available: 50,
      });
      const payHold = await h.call(S('transfer.create'), {
        id: 'hold-pay',
        debitAccountId: buyer,
        creditAccountId: seller,
        amount: 1,
        code: 'payment',
        pending: { timeoutMs: 60_000 },
      });
      expect(payHold).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION_FAILED', details: { field: 'pending' } },
      });
    });

    it('expires a hold by itself and gives the funds back', async () => {
      const [buyer, seller] = await openUsers(h, C, ['expiring-buyer', 'expiring-seller']);
      await h.ok(S('supply.mint'), { id: 'seed-expiring', accountId: buyer, amount: 10 });
      await h.ok(S('transfer.create'), {
        id: 'hold-exp',
        debitAccountId: buyer,
        creditAccountId: seller,
        amount: 10,
        code: 'purchase',
        pending: { timeoutMs: 1_000 },
      });
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(await h.ok(S('transfer.get'), { transferId: 'hold-exp' })).toMatchObject({
        pendingState: 'expired',
      });
      expect(await h.ok(S('balance.get'), { accountId: buyer })).toMatchObject({
        balance: 10,
        pendingDebits: 0,
        available: 10,
      });
      expect(await h.call(S('transfer.post'), { pendingId: 'hold-exp' })).toMatchObject({
        ok: false,
        error: { code: 'PENDING_NOT_OPEN', details: { state: 'expired' } },
      });
      const expiry = await h.ok(S('transfer.get'), { transferId: 'hold-exp/expire' });
      expect(expiry).toMatchObject({ kind: 'void_pending', pendingId: 'hold-exp' });
    });

    it('reverses a transfer once, with its tax, and refuses to reverse holds or reversals', async () => {
      const T = 'taxed';
      const [payer, payee] = await openUsers(h, T, ['payer', 'payee']);
      await h.ok(S('supply.mint'), { id: 'seed-payer', accountId: payer, amount: 1_000 });
      await h.ok(S('policy.set'), { communityId: T, taxBps: 1_000 });
      const paid = await h.ok(S('transfer.create'), {
        id: 'taxed-pay',
        debitAccountId: payer,
        creditAccountId: payee,
        amount: 100,
        code: 'payment',
      });
      expect(paid.tax).toMatchObject({
        id: 'taxed-pay/tax',
        amount: 10,
        code: 'tax',
        creditAccountId: `treasury:${T}`,
        linkedTo: 'taxed-pay',
      });
      expect((await h.ok(S('balance.get'), { accountId: payer })).balance).toBe(890);

      const reversal = await h.ok(S('transfer.reverse'), {
        id: 'taxed-rev',
        transferId: 'taxed-pay',
        memo: 'by mistake',
      });
      expect(reversal).toMatchObject({
        code: 'reversal',
        reversesId: 'taxed-pay',
        debitAccountId: payee,
        creditAccountId: payer,
        amount: 100,
      });
      expect((await h.ok(S('balance.get'), { accountId: payer })).balance).toBe(1_000);
      expect((await h.ok(S('balance.get'), { accountId: `treasury:${T}` })).balance).toBe(0);
      expect(
        await h.ok(S('transfer.reverse'), { id: 'taxed-rev', transferId: 'taxed-pay', memo: 'by mistake' }),
      ).toEqual(reversal);
      expect(
        await h.call(S('transfer.reverse'), { id: 'taxed-rev-2', transferId: 'taxed-pay' }),
      ).toMatchObject({
        ok: false,
        error: { code: 'ALREADY_REVERSED', details: { reversalId: 'taxed-rev' } },
      });
      expect(
        await h.call(S('transfer.reverse'), { id: 'rev-of-rev', transferId: 'taxed-rev' }),
      ).toMatchObject({
        ok: false,
        error: { code: 'NOT_REVERSIBLE' },
      });
      expect(await h.call(S('transfer.reverse'), { id: 'rev-hold', transferId: 'hold-2' })).toMatchObject({
        ok: false,
        error: { code: 'NOT_REVERSIBLE' },
      });
      expect(await h.call(S('transfer.reverse'), { id: 'rev-ghost', transferId: 'ghost' })).toMatchObject({
        ok: false,
        error: { code: 'NOT_FOUND' },
      });
    });

    it('pages history newest first with filters by account, code and time', async () => {
      const H = 'hist';
      const [a, b] = await openUsers(h, H, ['a', 'b']);
      await h.ok(S('supply.mint'), { id: 'hist-mint', accountId: a, amount: 100 });
      for (let i = 0; i < 5; i += 1) {
        await h.ok(S('transfer.create'), {
          id: `hist-${i}`,
          debitAccountId: a,
          creditAccountId: b,
          amount: 1 + i,
          code: i % 2 === 0 ? 'reward' : 'payment',
        });
      }
      const page1 = await h.ok(S('transfer.history'), { communityId: H, accountId: b, limit: 2 });
      expect(page1.items.map((t: { id: string }) => t.id)).toEqual(['hist-4', 'hist-3']);
      const page2 = await h.ok(S('transfer.history'), {
        communityId: H,
        accountId: b,
        limit: 2,
        cursor: page1.nextCursor,
      });
      expect(page2.items.map((t: { id: string }) => t.id)).toEqual(['hist-2', 'hist-1']);
      const page3 = await h.ok(S('transfer.history'), {
        communityId: H,
        accountId: b,
        limit: 2,
        cursor: page2.nextCursor,
      });
      expect(page3.items.map((t: { id: string }) => t.id)).toEqual(['hist-0']);
      expect(page3.nextCursor).toBeNull();
      const rewards = await h.ok(S('transfer.history'), { communityId: H, code: 'reward' });
      expect(rewards.items.map((t: { id: string }) => t.id)).toEqual(['hist-4', 'hist-2', 'hist-0']);
      const future = await h.ok(S('transfer.history'), { communityId: H, fromTime: '2999-01-01T00:00:00Z' });
      expect(future.items).toEqual([]);
      const past = await h.ok(S('transfer.history'), { communityId: H, toTime: '2000-01-01T00:00:00Z' });
      expect(past.items).toEqual([]);
      const all = await h.ok(S('transfer.history'), { communityId: H, accountId: a });
      expect(all.items).toHaveLength(6);
      expect(all.items[0].debitBalanceAfter).toBe(100 - 15);
    });
  });

  describe('supply and policy', () => {
    it('mints and burns through the issuance account, idempotently, and reports supply', async () => {
      const P = 'supply';
      const [m] = await openUsers(h, P, ['m']);
      const minted = await h.ok(S('supply.mint'), {
        id: 'sup-mint',
        accountId: m,
        amount: 500,
        memo: 'airdrop',
      });
      expect(minted).toMatchObject({
        code: 'mint',
        debitAccountId: `issuance:${P}`,
        creditAccountId: m,
        debitBalanceAfter: -500,
      });
      expect(
        await h.ok(S('supply.mint'), { id: 'sup-mint', accountId: m, amount: 500, memo: 'airdrop' }),
      ).toEqual(minted);
      expect(
        await h.call(S('supply.mint'), { id: 'sup-mint', accountId: m, amount: 501, memo: 'airdrop' }),
      ).toMatchObject({
        ok: false,
        error: { code: 'IDEMPOTENCY_CONFLICT', details: { field: 'amount' } },
      });
      await h.ok(S('supply.burn'), { id: 'sup-burn', accountId: m, amount: 200 });
      expect(await h.call(S('supply.burn'), { id: 'sup-burn-2', accountId: m, amount: 301 })).toMatchObject({
        ok: false,
        error: { code: 'INSUFFICIENT_FUNDS' },
      });
      expect(
        await h.call(S('supply.mint'), { id: 'sup-mint-iss', accountId: `issuance:${P}`, amount: 1 }),
      ).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN' },
      });
      await h.ok(S('transfer.create'), {
        id: 'sup-tax',
        debitAccountId: m,
        creditAccountId: `treasury:${P}`,
        amount: 50,
        code: 'fee',
      });
      expect(await h.ok(S('supply.get'), { communityId: P })).toEqual({
        communityId: P,
        supply: 300,
        treasury: 50,
        circulating: 250,
        accounts: 3,
        transfers: 3,
      });
      expect(await h.call(S('supply.get'), { communityId: 'nobody-here' })).toMatchObject({
        ok: false,
        error: { code: 'NOT_FOUND' },
      });
    });

    it('reads defaults, sets fields with bounds, and enforces payment limits', async () => {
      const P = 'policy';
      const defaults = await h.ok(S('policy.get'), { communityId: P });
      expect(defaults).toMatchObject({ currencyName: 'Ticket', taxBps: 0, transferMin: 1, version: 0 });
      const set = await h.ok(S('policy.set'), {
        communityId: P,
        currencyName: 'Star',
        currencySymbol: '⭐',
        transferMin: 5,
        transferMax: 100,
      });
      expect(set).toMatchObject({
        currencyName: 'Star',
        currencySymbol: '⭐',
        transferMin: 5,
        transferMax: 100,
        version: 1,
      });
      expect(await h.ok(S('policy.set'), { communityId: P, transferMin: 5 })).toEqual(set);
      expect(await h.call(S('policy.set'), { communityId: P, transferMin: 101 })).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION_FAILED', details: { field: 'transferMin' } },
      });
      expect(await h.call(S('policy.set'), { communityId: P, taxBps: 5_001 })).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION_FAILED', details: { field: 'taxBps' } },
      });
      const [x, y] = await openUsers(h, P, ['x', 'y']);
      await h.ok(S('supply.mint'), { id: 'pol-seed', accountId: x, amount: 1_000 });
      for (const amount of [4, 101]) {
        expect(
          await h.call(S('transfer.create'), {
            id: `pol-${amount}`,
            debitAccountId: x,
            creditAccountId: y,
            amount,
            code: 'payment',
          }),
        ).toMatchObject({
          ok: false,
          error: { code: 'LIMIT_EXCEEDED', details: { field: 'amount', min: 5, max: 100 } },
        });
      }
      await h.ok(S('transfer.create'), {
        id: 'pol-ok',
        debitAccountId: x,
        creditAccountId: y,
        amount: 100,
        code: 'payment',
      });
      await h.ok(S('transfer.create'), {
        id: 'pol-reward',
        debitAccountId: x,
        creditAccountId: y,
        amount: 500,
        code: 'reward',
      });
    });
  });

  describe('events and verification', () => {
    it('publishes every change to JetStream as a CloudEvent with the balances after it', async () => {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const events = await h.streamEvents();
      const posted = events.find(
        (e) => e.subject === 'tk.evt.ledger.transfer.posted' && e.data.data.transfer.id === 'pay-1',
      );
      expect(posted).toBeDefined();
      expect(posted!.msgId).toBe(posted!.data.id);
      expect(posted!.data).toMatchObject({
        specversion: '1.0',
        type: 'tk.evt.ledger.transfer.posted',
        source: 'ticketonomics/ledger',
        communityid: C,
        data: {
          transfer: { code: 'payment', amount: 250 },
          debit: { id: alice },
          credit: { id: bob, kind: 'user', ownerId: 'bob' },
        },
      });
      expect(posted!.data.data.credit.balance).toBe(posted!.data.data.transfer.creditBalanceAfter);
      const types = new Set(events.map((e) => e.subject));
      for (const type of [
        'account.opened',
        'account.frozen',
        'account.unfrozen',
        'transfer.posted',
        'transfer.pending',
        'transfer.voided',
        'policy.updated',
      ]) {
        expect(types).toContain(`tk.evt.ledger.${type}`);
      }
      const expired = events.find(
        (e) => e.subject === 'tk.evt.ledger.transfer.voided' && e.data.data.transfer.pendingId === 'hold-exp',
      );
      expect(expired?.data.data.reason).toBe('expired');
      expect(new Set(events.map((e) => e.msgId)).size).toBe(events.length);
    });

    it('verifies the hash chain and every balance, and the journal refuses updates and deletes', async () => {
      const report = await h.ok(S('journal.verify'), {});
      expect(report).toMatchObject({ ok: true, chainBreaks: [], balanceMismatches: [] });
      expect(report.entries).toBeGreaterThan(30);
      for (const { sum } of report.sumByCommunity) expect(sum).toBe(0);
      const db = (await import('better-sqlite3')).default(`${h.dataDir}/ledger.sqlite`, { timeout: 5_000 });
      try {
        expect(() => db.prepare("UPDATE transfers SET amount = 1 WHERE id = 'pay-1'").run()).toThrow(
          /append-only/,
        );
        expect(() => db.prepare("DELETE FROM transfers WHERE id = 'pay-1'").run()).toThrow(/append-only/);
      } finally {
        db.close();
      }
    });

    it('verifies a journal of many chunks while payments go on, sharing one replay between callers', async () => {
      for (let batch = 0; batch < 12; batch += 1) {
        const transfers = Array.from({ length: 1000 }, (_, i) => ({
          id: `bulk-${batch}-${i}`,
          debitAccountId: alice,
          creditAccountId: bob,
          amount: 1,
          code: 'reward',
        }));
        await h.ok(S('transfer.batch'), { transfers });
        await h.ok(S('supply.mint'), { id: `bulk-refill-${batch}`, accountId: alice, amount: 1000 });
      }
      const verifying = [h.ok(S('journal.verify'), {}), h.ok(S('journal.verify'), {})];
      const paid = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          h.ok(S('transfer.create'), {
            id: `beside-verify-${i}`,
            debitAccountId: alice,
            creditAccountId: bob,
            amount: 1,
            code: 'payment',
          }),
        ),
      );
      const [first, second] = await Promise.all(verifying);
      expect(paid).toHaveLength(50);
      expect(first).toMatchObject({ ok: true, chainBreaks: [], balanceMismatches: [] });
      expect(first.entries).toBeGreaterThan(12_000);
      expect(second).toEqual(first);
      const after = await h.ok(S('journal.verify'), {});
      expect(after.ok).toBe(true);
      expect(after.entries).toBeGreaterThanOrEqual(first.entries);
    });

    it('keeps everything across a restart and serves afterwards', async () => {
      const before = await h.ok(S('journal.verify'), {});
      await h.restart();
      const after = await h.ok(S('journal.verify'), {});
      // Stopping may save how far events are published: one more journal group, and nothing else.
      expect(after.replicated.groups - before.replicated.groups).toBeGreaterThanOrEqual(0);
      expect(after.replicated.groups - before.replicated.groups).toBeLessThanOrEqual(1);
      expect(after).toEqual({
        ...before,
        replicated: { ...before.replicated, groups: after.replicated.groups },
      });
      expect(
        await h.ok(S('transfer.create'), {
          id: 'pay-1',
          debitAccountId: alice,
          creditAccountId: bob,
          amount: 250,
          code: 'payment',
          memo: 'lunch',
        }),
      ).toMatchObject({
        transfer: { id: 'pay-1' },
      });
      await h.ok(S('transfer.create'), {
        id: 'after-restart',
        debitAccountId: alice,
        creditAccountId: bob,
        amount: 1,
        code: 'payment',
      });
      expect((await h.ok(S('journal.verify'), {})).ok).toBe(true);
    });
  });
});

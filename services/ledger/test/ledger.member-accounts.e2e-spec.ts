import { ledgerAccountId } from '@ticketonomics/contracts';
import { waitFor } from '@ticketonomics/testing';
import { startLedgerHarness, type LedgerHarness } from './support/ledger.harness';

const C = 'first-use';
const S = (verb: string) => `tk.cmd.ledger.${verb}`;
const ALICE = '01KB2Y6ZJ8ZQ0V7M3N4P5Q6A01';
const BOB = '01KB2Y6ZJ8ZQ0V7M3N4P5Q6B02';
const CAROL = '01KB2Y6ZJ8ZQ0V7M3N4P5Q6C03';
const DAVE = '01KB2Y6ZJ8ZQ0V7M3N4P5Q6D04';
const ERIN = '01KB2Y6ZJ8ZQ0V7M3N4P5Q6E05';
const member = (userId: string, communityId = C) => ledgerAccountId('user', communityId, userId);

/**
 * Accounts owns who is a member; the ledger opens a member's account the first time a transfer, hold or
 * mint names it (user:<community>:<user id>), inside the same commit, so no caller opens it beforehand.
 */
describe("members' accounts open on first use", () => {
  let h: LedgerHarness;

  /** How many account.opened events the stream holds for an account, once the outbox is drained. */
  const openedEvents = async (accountId: string) => {
    await new Promise((resolve) => setTimeout(resolve, 300));
    return (await h.streamEvents()).filter(
      (e) => e.subject === 'tk.evt.ledger.account.opened' && e.data.subject === accountId,
    ).length;
  };
  /** A community's balances sum to zero: every ticket came from its issuance account. */
  const balancesSum = async (communityId: string) => {
    const page = await h.ok<{ items: { balance: number }[] }>(S('account.list'), { communityId, limit: 200 });
    return page.items.reduce((sum, account) => sum + account.balance, 0);
  };

  beforeAll(async () => {
    h = await startLedgerHarness();
    // Alice's account is the only one opened beforehand: minted into, it opens on its own too.
    await h.ok(S('supply.mint'), { id: 'seed-alice', accountId: member(ALICE), amount: 1_000 });
  });

  afterAll(async () => {
    await h?.close();
  });

  it('mints into a member of a community it never saw, opening the member with the system accounts', async () => {
    expect(await h.ok(S('account.get'), { accountId: member(ALICE) })).toMatchObject({
      kind: 'user',
      ownerId: ALICE,
      balance: 1_000,
    });
    expect(await h.ok(S('supply.get'), { communityId: C })).toMatchObject({ supply: 1_000, accounts: 3 });
    expect(await openedEvents(member(ALICE))).toBe(1);
  });

  it('pays a member the ledger never saw: the account opens and is credited in the same commit', async () => {
    const payment = {
      id: 'pay-bob-1',
      debitAccountId: member(ALICE),
      creditAccountId: member(BOB),
      amount: 100,
    };
    const first = await h.ok(S('transfer.create'), { ...payment, code: 'payment' });
    expect(first.transfer).toMatchObject({ kind: 'posted', creditBalanceAfter: 100 });
    expect(await h.ok(S('account.get'), { accountId: member(BOB) })).toMatchObject({
      communityId: C,
      kind: 'user',
      ownerId: BOB,
      balance: 100,
    });
    // An idempotent retry answers the first transfer and opens nothing again.
    expect(await h.ok(S('transfer.create'), { ...payment, code: 'payment' })).toEqual(first);
    expect(await openedEvents(member(BOB))).toBe(1);
    expect((await h.ok(S('balance.get'), { accountId: member(BOB) })).balance).toBe(100);
  });

  it('refuses a payment from a member the ledger never saw as INSUFFICIENT_FUNDS, and opens nothing', async () => {
    const reply = await h.call(S('transfer.create'), {
      id: 'pay-from-carol',
      debitAccountId: member(CAROL),
      creditAccountId: member(ALICE),
      amount: 5,
      code: 'payment',
    });
    expect(reply).toMatchObject({ ok: false, error: { code: 'INSUFFICIENT_FUNDS' } });
    // Read, it is empty rather than unknown: a member who just joined has nothing yet.
    expect(await h.ok(S('balance.get'), { accountId: member(CAROL) })).toEqual({
      accountId: member(CAROL),
      balance: 0,
      pendingDebits: 0,
      pendingCredits: 0,
      available: 0,
    });
    expect(await h.ok(S('account.get'), { accountId: member(CAROL) })).toMatchObject({
      kind: 'user',
      ownerId: CAROL,
      balance: 0,
      frozen: false,
    });
    expect(await openedEvents(member(CAROL))).toBe(0);
    expect((await h.ok(S('supply.get'), { communityId: C })).accounts).toBe(4);
  });

  it('opens a member on a hold naming them, and on each of many simultaneous payments only once', async () => {
    const hold = await h.ok(S('transfer.create'), {
      id: 'hold-dave',
      debitAccountId: member(ALICE),
      creditAccountId: member(DAVE),
      amount: 30,
      code: 'purchase',
      pending: { timeoutMs: 60_000 },
    });
    expect(hold.transfer).toMatchObject({ kind: 'pending', pendingState: 'open' });
    expect(await h.ok(S('balance.get'), { accountId: member(DAVE) })).toMatchObject({
      balance: 0,
      pendingCredits: 30,
    });
    await h.ok(S('transfer.post'), { pendingId: 'hold-dave' });

    const replies = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        h.call(S('transfer.create'), {
          id: `pay-erin-${index}`,
          debitAccountId: member(ALICE),
          creditAccountId: member(ERIN),
          amount: 7,
          code: 'payment',
        }),
      ),
    );
    expect(replies.every((reply) => reply.ok)).toBe(true);
    expect((await h.ok(S('balance.get'), { accountId: member(ERIN) })).balance).toBe(70);
    expect(await openedEvents(member(DAVE))).toBe(1);
    expect(await openedEvents(member(ERIN))).toBe(1);
  });

  it.each([
    ['a member id that is no accounts user id', 'user:first-use:ghost'],
    ['an escrow account never opened', 'escrow:first-use:artifacts'],
    ['a treasury of a community the ledger never saw', 'treasury:no-such-town'],
  ])('keeps %s NOT_FOUND', async (_name, accountId) => {
    expect(
      await h.call(S('transfer.create'), {
        id: `pay-${accountId.replaceAll(':', '-')}`,
        debitAccountId: member(ALICE),
        creditAccountId: accountId,
        amount: 1,
        code: 'payment',
      }),
    ).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', details: { field: 'creditAccountId' } } });
    expect(
      await h.call(S('supply.mint'), { id: `mint-${accountId.replaceAll(':', '-')}`, accountId, amount: 1 }),
    ).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', details: { field: 'accountId' } } });
    expect(await h.call(S('balance.get'), { accountId })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  it('keeps every ticket accounted for: balances sum to zero and the journal verifies', async () => {
    expect(await balancesSum(C)).toBe(0);
    expect(await h.ok(S('supply.get'), { communityId: C })).toMatchObject({ supply: 1_000, accounts: 6 });
    const report = await waitFor(async () => {
      const verified = await h.ok<{ ok: boolean }>(S('journal.verify'), {});
      return verified.ok && verified;
    });
    expect(report).toMatchObject({ ok: true });
  });
});

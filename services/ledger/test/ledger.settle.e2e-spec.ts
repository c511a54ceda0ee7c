import { LEDGER_LIMITS } from '@ticketonomics/contracts';
import { openUsers, startLedgerHarness, type LedgerHarness } from './support/ledger.harness';

const C = 'settle';
const OTHER = 'settle-other';
const S = (verb: string) => `tk.cmd.ledger.${verb}`;
const ESCROW = `escrow:${C}:pool-1`;
const TREASURY = `treasury:${C}`;

/**
 * transfer.settle posts several holds in full and pays out what they filled in one transaction: every hold
 * and the payout, or nothing (the error names the field and index), and a repeat answers the same rows.
 */
describe('transfer.settle: holds posted all or nothing', () => {
  let h: LedgerHarness;
  let alice: string;
  let bob: string;
  let seq = 0;

  const hold = async (debitAccountId: string, amount: number, timeoutMs = 60_000): Promise<string> => {
    seq += 1;
    const id = `pledge-${seq}`;
    await h.ok(S('transfer.create'), {
      id,
      debitAccountId,
      creditAccountId: ESCROW,
      amount,
      code: 'pledge',
      pending: { timeoutMs },
    });
    return id;
  };
  const payout = (id: string, amount: number) => ({
    id,
    debitAccountId: ESCROW,
    creditAccountId: TREASURY,
    amount,
    code: 'pledge',
  });
  const balances = async (): Promise<Record<string, unknown>> => {
    const out: Record<string, unknown> = {};
    for (const accountId of [alice, bob, ESCROW, TREASURY]) {
      const { balance, pendingDebits, pendingCredits } = await h.ok(S('balance.get'), { accountId });
      out[accountId] = { balance, pendingDebits, pendingCredits };
    }
    return out;
  };
  const stateOf = async (id: string): Promise<string> =>
    (await h.ok(S('transfer.get'), { transferId: id })).pendingState;

  beforeAll(async () => {
    h = await startLedgerHarness();
    [alice, bob] = await openUsers(h, C, ['alice', 'bob']);
    await openUsers(h, OTHER, ['carol']);
    await h.ok(S('account.open'), { communityId: C, kind: 'escrow', ownerId: 'pool-1' });
    await h.ok(S('supply.mint'), { id: 'seed-alice', accountId: alice, amount: 1_000 });
    await h.ok(S('supply.mint'), { id: 'seed-bob', accountId: bob, amount: 1_000 });
    await h.ok(S('supply.mint'), { id: 'seed-carol', accountId: `user:${OTHER}:carol`, amount: 100 });
  });

  afterAll(async () => {
    await h?.close();
  });

  it('posts every hold and pays the escrow out at once; a repeat answers the same rows', async () => {
    const ids = [await hold(alice, 100), await hold(bob, 50)];
    const request = { communityId: C, pendingIds: ids, transfers: [payout('payout-1', 150)] };
    const first = await h.ok(S('transfer.settle'), request);
    expect(first.posts.map((t: { id: string; amount: number }) => [t.id, t.amount])).toEqual([
      [`${ids[0]}/post`, 100],
      [`${ids[1]}/post`, 50],
    ]);
    expect(first.transfers).toMatchObject([{ id: 'payout-1', amount: 150, creditAccountId: TREASURY }]);
    const before = await balances();
    const again = await h.ok(S('transfer.settle'), request);
    expect(again).toEqual(first);
    expect(await balances()).toEqual(before);
    expect(before).toMatchObject({
      [alice]: { balance: 900, pendingDebits: 0 },
      [bob]: { balance: 950, pendingDebits: 0 },
      [ESCROW]: { balance: 0, pendingCredits: 0 },
      [TREASURY]: { balance: 150 },
    });
  });

  it('posts nothing when one hold was voided, naming its index', async () => {
    const ids = [await hold(alice, 10), await hold(bob, 20)];
    await h.ok(S('transfer.void'), { pendingId: ids[1] });
    const before = await balances();
    const reply = await h.call(S('transfer.settle'), {
      communityId: C,
      pendingIds: ids,
      transfers: [payout('payout-2', 30)],
    });
    expect(reply).toMatchObject({
      ok: false,
      error: { code: 'PENDING_NOT_OPEN', details: { field: 'pendingIds.1', index: 1 } },
    });
    expect(await balances()).toEqual(before);
    expect(await stateOf(ids[0]!)).toBe('open');
    expect(await h.call(S('transfer.get'), { transferId: 'payout-2' })).toMatchObject({ ok: false });
    await h.ok(S('transfer.void'), { pendingId: ids[0] });
  });

  it('posts nothing when the payout fails, an expired hold is named, or a hold is of another community', async () => {
    const open = await hold(alice, 40);
    const before = await balances();
    const overpaid = await h.call(S('transfer.settle'), {
      communityId: C,
      pendingIds: [open],
      transfers: [payout('payout-3', 41)],
    });
    expect(overpaid).toMatchObject({
      ok: false,
      error: { code: 'INSUFFICIENT_FUNDS', details: { index: 0 } },
    });
    expect(await balances()).toEqual(before);
    expect(await stateOf(open)).toBe('open');

    const short = await hold(bob, 5, LEDGER_LIMITS.pendingTimeoutMsMin);
    await new Promise((resolve) => setTimeout(resolve, LEDGER_LIMITS.pendingTimeoutMsMin + 100));
    const expired = await h.call(S('transfer.settle'), { communityId: C, pendingIds: [open, short] });
    expect(expired).toMatchObject({
      ok: false,
      error: { code: 'PENDING_NOT_OPEN', details: { field: 'pendingIds.1', index: 1 } },
    });
    expect(await stateOf(open)).toBe('open');

    await h.ok(S('account.open'), { communityId: OTHER, kind: 'escrow', ownerId: 'pool-9' });
    await h.ok(S('transfer.create'), {
      id: 'other-pledge',
      debitAccountId: `user:${OTHER}:carol`,
      creditAccountId: `escrow:${OTHER}:pool-9`,
      amount: 5,
      code: 'pledge',
      pending: { timeoutMs: 60_000 },
    });
    const foreign = await h.call(S('transfer.settle'), {
      communityId: C,
      pendingIds: [open, 'other-pledge'],
    });
    expect(foreign).toMatchObject({
      ok: false,
      error: { code: 'COMMUNITY_MISMATCH', details: { field: 'pendingIds.1', index: 1 } },
    });
    const missing = await h.call(S('transfer.settle'), { communityId: C, pendingIds: ['no-such-hold'] });
    expect(missing).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', details: { field: 'pendingIds.0' } },
    });
    const bad = await h.call(S('transfer.settle'), { communityId: C, pendingIds: [open, open] });
    expect(bad).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED', details: { field: 'pendingIds.1' } },
    });
    expect(await stateOf(open)).toBe('open');
    expect(await stateOf('other-pledge')).toBe('open');

    const verify = await h.ok(S('journal.verify'), {});
    expect(verify.ok).toBe(true);
    for (const { sum } of verify.sumByCommunity) expect(sum).toBe(0);
  });
});

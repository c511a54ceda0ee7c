import { openUsers, startLedgerHarness, type LedgerHarness } from './support/ledger.harness';

/*
 * The policy's daily caps on member payments, over NATS. The day rollover is tested without waiting, in
 * src/transfers/daily-caps.engine.spec.ts (the engine's clock is injected) and transfer.rules.spec.ts.
 */

const S = (verb: string) => `tk.cmd.ledger.${verb}`;

describe('daily payment caps', () => {
  let h: LedgerHarness;

  beforeAll(async () => {
    h = await startLedgerHarness();
  });

  afterAll(async () => {
    await h?.close();
  });

  const pay = (id: string, debitAccountId: string, creditAccountId: string, amount: number) =>
    h.call(S('transfer.create'), { id, debitAccountId, creditAccountId, amount, code: 'payment' });

  async function community(name: string, owners: string[], policy: Record<string, unknown>) {
    const ids = await openUsers(h, name, owners);
    for (const id of ids) await h.ok(S('supply.mint'), { id: `seed-${id}`, accountId: id, amount: 10_000 });
    await h.ok(S('policy.set'), { communityId: name, ...policy });
    return ids;
  }

  it('counts the tax in the send total, lets it reach the cap exactly and refuses past it', async () => {
    const [a, b, c] = await community('caps-send', ['a', 'b', 'c'], { taxBps: 1_000, dailySendMax: 110 });
    expect((await pay('cs-1', a!, b!, 50)).ok).toBe(true); // 55 with tax
    expect((await pay('cs-2', a!, c!, 50)).ok).toBe(true); // 110: exactly the cap
    const refused = await pay('cs-3', a!, b!, 1);
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'LIMIT_EXCEEDED',
        details: { field: 'amount', cap: 'dailySendMax', limit: 110, usedToday: 110, remaining: 0 },
      },
    });
    const message = refused.ok ? '' : refused.error.message;
    expect(message).toMatch(/0 left today/);
    expect(message).toMatch(/resets at \d{4}-\d{2}-\d{2}T00:00:00\.000Z/);
    // Nothing of the refused payment was written; b can still pay.
    expect(await h.call(S('transfer.get'), { transferId: 'cs-3' })).toMatchObject({ ok: false });
    expect((await h.ok(S('balance.get'), { accountId: a })).balance).toBe(10_000 - 110);
    expect((await pay('cs-4', b!, a!, 100)).ok).toBe(true);
    // A retry of an accepted payment is a repeat, not a new payment against the cap.
    expect((await pay('cs-1', a!, b!, 50)).ok).toBe(true);
  });

  it('reports what is left when a payment would pass the cap', async () => {
    const [a, b] = await community('caps-left', ['a', 'b'], { taxBps: 200, dailySendMax: 300 });
    expect((await pay('cl-1', a!, b!, 100)).ok).toBe(true); // 102
    expect(await pay('cl-2', a!, b!, 200)).toMatchObject({
      ok: false,
      error: { details: { cap: 'dailySendMax', limit: 300, usedToday: 102, remaining: 198 } },
    });
    const refused = await pay('cl-2', a!, b!, 200);
    expect(refused.ok ? '' : refused.error.message).toMatch(/198 left today/);
    expect((await pay('cl-3', a!, b!, 194)).ok).toBe(true); // 194 + 3 tax = 197, 299 in all
  });

  it('caps what a member receives from all payers together', async () => {
    const [a, b, c] = await community('caps-recv', ['a', 'b', 'c'], { taxBps: 500, dailyReceiveMax: 150 });
    expect((await pay('cr-1', a!, c!, 100)).ok).toBe(true);
    expect(await pay('cr-2', b!, c!, 51)).toMatchObject({
      ok: false,
      error: {
        code: 'LIMIT_EXCEEDED',
        details: { field: 'amount', cap: 'dailyReceiveMax', limit: 150, usedToday: 100, remaining: 50 },
      },
    });
    expect((await pay('cr-3', b!, c!, 50)).ok).toBe(true); // the tax does not count for the payee
    expect((await pay('cr-4', c!, a!, 100)).ok).toBe(true); // sending is not receiving
  });

  it('does not cap rewards, fines, mints or payments to and from the treasury', async () => {
    const [a, b] = await community('caps-other', ['a', 'b'], { dailySendMax: 10, dailyReceiveMax: 10 });
    const T = 'treasury:caps-other';
    for (const [id, debitAccountId, creditAccountId, code] of [
      ['co-reward', a, b, 'reward'],
      ['co-fine', b, T, 'fine'],
      ['co-fee', a, T, 'fee'],
      ['co-treasury-pay', T, a, 'payment'],
      ['co-pay-treasury', a, T, 'payment'],
    ] as const) {
      await h.ok(S('transfer.create'), { id, debitAccountId, creditAccountId, amount: 500, code });
    }
    await h.ok(S('supply.mint'), { id: 'co-mint', accountId: b, amount: 500 });
    // None of that used the members' quota.
    expect((await pay('co-1', a!, b!, 10)).ok).toBe(true);
    expect(await pay('co-2', a!, b!, 1)).toMatchObject({ ok: false, error: { code: 'LIMIT_EXCEEDED' } });
  });

  it('gives no quota back when a payment is reversed', async () => {
    const [a, b] = await community('caps-rev', ['a', 'b'], { dailySendMax: 100 });
    expect((await pay('cv-1', a!, b!, 100)).ok).toBe(true);
    await h.ok(S('transfer.reverse'), { id: 'cv-1-rev', transferId: 'cv-1' });
    expect(await pay('cv-2', a!, b!, 1)).toMatchObject({
      ok: false,
      error: { details: { cap: 'dailySendMax', usedToday: 100, remaining: 0 } },
    });
  });

  it('counts every payment of a batch, and a refused linked batch uses no quota', async () => {
    const [a, b, c] = await community('caps-batch', ['a', 'b', 'c'], { dailySendMax: 100 });
    const item = (id: string, creditAccountId: string, amount: number) => ({
      id,
      debitAccountId: a,
      creditAccountId,
      amount,
      code: 'payment',
    });
    const linked = await h.call(S('transfer.linked'), {
      transfers: [item('cb-l1', b!, 60), item('cb-l2', c!, 41)],
    });
    expect(linked).toMatchObject({
      ok: false,
      error: {
        code: 'LIMIT_EXCEEDED',
        details: { field: 'transfers.1.amount', cap: 'dailySendMax', usedToday: 60 },
      },
    });
    const batch = await h.ok<{ results: { ok: boolean; error?: { details?: unknown } }[] }>(
      S('transfer.batch'),
      { transfers: [item('cb-1', b!, 60), item('cb-2', c!, 41), item('cb-3', c!, 40)] },
    );
    expect(batch.results.map((r) => r.ok)).toEqual([true, false, true]);
    expect(batch.results[1]!.error).toMatchObject({ details: { usedToday: 60, remaining: 40 } });
  });

  it('never lets concurrent payments pass a cap', async () => {
    const payers = Array.from({ length: 10 }, (_, i) => `p${i}`);
    const payees = Array.from({ length: 10 }, (_, i) => `q${i}`);
    const ids = await community('caps-race', [...payers, ...payees], {
      taxBps: 1_000,
      dailySendMax: 330, // 10 payments of 30 (33 with tax) per payer
      dailyReceiveMax: 200, // 6 payments of 30 per payee, and 20 left
    });
    const [from, to] = [ids.slice(0, 10), ids.slice(10)];
    const requests = from.flatMap((payer, i) =>
      Array.from({ length: 20 }, (_, k) => ({ id: `race-${i}-${k}`, payer, payee: to[(i + k) % 10]! })),
    );
    const replies = await Promise.all(requests.map((r) => pay(r.id, r.payer, r.payee, 30)));
    for (const reply of replies) {
      if (!reply.ok) expect(reply.error.code).toBe('LIMIT_EXCEEDED');
    }
    const sent = new Map<string, number>();
    const received = new Map<string, number>();
    replies.forEach((reply, index) => {
      if (!reply.ok) return;
      const { payer, payee } = requests[index]!;
      sent.set(payer, (sent.get(payer) ?? 0) + 33);
      received.set(payee, (received.get(payee) ?? 0) + 30);
    });
    for (const total of sent.values()) expect(total).toBeLessThanOrEqual(330);
    for (const total of received.values()) expect(total).toBeLessThanOrEqual(200);
    // 200 payments asked for; the payees' caps let at most 10 x 6 = 60 through, and that many got through.
    expect(replies.filter((r) => r.ok)).toHaveLength(60);
    // The balances agree with what was acknowledged.
    for (const payer of from) {
      expect((await h.ok(S('balance.get'), { accountId: payer })).balance).toBe(
        10_000 - (sent.get(payer) ?? 0),
      );
    }
    for (const payee of to) {
      expect((await h.ok(S('balance.get'), { accountId: payee })).balance).toBe(
        10_000 + (received.get(payee) ?? 0),
      );
    }
    expect((await h.ok(S('journal.verify'), {})).ok).toBe(true);
  });

  describe('policy.set', () => {
    it('stores the caps, clears one with null, and reports them in policy.updated', async () => {
      const P = 'caps-policy';
      const defaults = await h.ok(S('policy.get'), { communityId: P });
      expect(defaults).toMatchObject({ dailySendMax: null, dailyReceiveMax: null });
      const set = await h.ok(S('policy.set'), { communityId: P, dailySendMax: 1_000, dailyReceiveMax: 500 });
      expect(set).toMatchObject({ dailySendMax: 1_000, dailyReceiveMax: 500, version: 1 });
      expect(await h.ok(S('policy.set'), { communityId: P, dailySendMax: 1_000 })).toEqual(set);
      const cleared = await h.ok(S('policy.set'), { communityId: P, dailySendMax: null });
      expect(cleared).toMatchObject({ dailySendMax: null, dailyReceiveMax: 500, version: 2 });
      expect(await h.ok(S('policy.get'), { communityId: P })).toEqual(cleared);
      await h.restart();
      expect(await h.ok(S('policy.get'), { communityId: P })).toEqual(cleared);
      await new Promise((resolve) => setTimeout(resolve, 500));
      const updates = (await h.streamEvents())
        .filter((e) => e.subject === 'tk.evt.ledger.policy.updated' && e.data.communityid === P)
        .map((e) => e.data.data);
      expect(updates).toEqual([set, cleared]);
    });

    it('refuses caps that leave no room for the smallest payment, naming the field', async () => {
      const P = 'caps-sane';
      await h.ok(S('policy.set'), { communityId: P, transferMin: 10, taxBps: 1_000 });
      const refused = (change: Record<string, unknown>, field: string) =>
        h.call(S('policy.set'), { communityId: P, ...change }).then((reply) =>
          expect(reply).toMatchObject({
            ok: false,
            error: { code: 'VALIDATION_FAILED', details: { field } },
          }),
        );
      await refused({ dailyReceiveMax: 9 }, 'dailyReceiveMax');
      await refused({ dailySendMax: 10 }, 'dailySendMax'); // 10 + 1 tax does not fit
      await h.ok(S('policy.set'), { communityId: P, dailySendMax: 11, dailyReceiveMax: 10 });
      await refused({ transferMin: 11 }, 'transferMin');
      await refused({ taxBps: 2_000 }, 'taxBps');
      await refused({ dailySendMax: 0 }, 'dailySendMax'); // not an amount at all
      expect(await h.ok(S('policy.get'), { communityId: P })).toMatchObject({
        transferMin: 10,
        taxBps: 1_000,
        dailySendMax: 11,
        dailyReceiveMax: 10,
      });
    });
  });
});

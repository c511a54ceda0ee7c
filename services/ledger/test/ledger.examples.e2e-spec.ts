import { LEDGER_EXAMPLE_ORDER, LedgerCommands, parseOrThrow } from '@ticketonomics/contracts';
import { startLedgerHarness, type LedgerHarness } from './support/ledger.harness';

/**
 * The examples published in libs/contracts (and so in docs/asyncapi.yaml) must work as written against a
 * fresh ledger, in LEDGER_EXAMPLE_ORDER, and each reply must match the command's response schema.
 */
describe('documented examples against a fresh ledger', () => {
  let h: LedgerHarness;

  beforeAll(async () => {
    h = await startLedgerHarness();
  });

  afterAll(async () => {
    await h?.close();
  });

  it('every command example succeeds in order and its reply matches the response schema', async () => {
    const covered = new Set<string>();
    for (const name of LEDGER_EXAMPLE_ORDER) {
      const command = LedgerCommands[name];
      if (name === 'transferCreate') {
        // The examples pay from alice to bob; bob is opened the same way alice is.
        await h.ok(LedgerCommands.accountOpen.subject, { communityId: 'demo', kind: 'user', ownerId: 'bob' });
      }
      if (name === 'transferPost') {
        for (const id of ['example-hold-1', 'example-hold-2']) {
          await h.ok(LedgerCommands.transferCreate.subject, {
            id,
            debitAccountId: 'user:demo:alice',
            creditAccountId: 'user:demo:bob',
            amount: 30,
            code: 'purchase',
            pending: { timeoutMs: 60_000 },
          });
        }
      }
      if (name === 'transferSettle') {
        // A pool's escrow and one pledge held for it, which the example posts and pays to the treasury.
        await h.ok(LedgerCommands.accountOpen.subject, {
          communityId: 'demo',
          kind: 'escrow',
          ownerId: 'pool-1',
        });
        await h.ok(LedgerCommands.transferCreate.subject, {
          id: 'example-pledge-1',
          debitAccountId: 'user:demo:alice',
          creditAccountId: 'escrow:demo:pool-1',
          amount: 30,
          code: 'pledge',
          pending: { timeoutMs: 60_000 },
        });
      }
      const reply = await h.call(command.subject, command.example);
      expect({ name, reply }).toMatchObject({ name, reply: { ok: true } });
      if (reply.ok) expect(() => parseOrThrow(command.response, reply.data)).not.toThrow();
      if (name === 'transferBatch' && reply.ok) {
        expect((reply.data as { results: { ok: boolean }[] }).results.every((r) => r.ok)).toBe(true);
      }
      covered.add(name);
    }
    expect([...covered].sort()).toEqual(Object.keys(LedgerCommands).sort());
    const verify = await h.ok(LedgerCommands.journalVerify.subject, {});
    expect(verify.ok).toBe(true);
  });
});

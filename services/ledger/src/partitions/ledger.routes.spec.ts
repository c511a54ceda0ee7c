import { LedgerCommands, type TransferRequest, type VerifyReport } from '@ticketonomics/contracts';
import { partitionOf, type PartitionRoute, type RouteContext } from '@ticketonomics/partitions';
import { LEDGER_ROUTES, mergeVerifyReports } from './ledger.routes';

const context = (partitionCount: number): RouteContext => ({
  partitionCount,
  partitionOf: (communityId) => partitionOf(communityId, partitionCount),
});

/** Two communities that land in different partitions of 4. */
const [A, B] = (() => {
  const first = 'alpha';
  for (let i = 0; ; i += 1) {
    const other = `beta${i}`;
    if (partitionOf(other, 4) !== partitionOf(first, 4)) return [first, other];
  }
})();

function transfer(id: string, community: string): TransferRequest {
  return {
    id,
    debitAccountId: `user:${community}:x`,
    creditAccountId: `user:${community}:y`,
    amount: 1,
    code: 'payment',
    memo: '',
  } as TransferRequest;
}

function route(name: keyof typeof LEDGER_ROUTES, request: unknown, partitions = 4): PartitionRoute {
  const command = LEDGER_ROUTES[name];
  return command.route(command.spec.request.parse(request), context(partitions));
}

describe('LEDGER_ROUTES', () => {
  it('routes every ledger command', () => {
    expect(
      Object.values(LEDGER_ROUTES)
        .map((command) => command.spec.subject)
        .sort(),
    ).toEqual(
      Object.values(LedgerCommands)
        .map((spec) => spec.subject)
        .sort(),
    );
  });

  it('routes by the community an account id or a request names', () => {
    expect(route('transferCreate', LedgerCommands.transferCreate.example)).toEqual({ communityId: 'demo' });
    expect(route('balanceGet', { accountId: 'treasury:demo' })).toEqual({ communityId: 'demo' });
    expect(route('policySet', { communityId: 'tg_1', taxBps: 10 })).toEqual({ communityId: 'tg_1' });
  });

  it('asks every partition about a transfer or hold named by id alone', () => {
    expect(route('transferGet', { transferId: 't-1' })).toEqual({ everyPartition: true });
    expect(route('transferPost', { pendingId: 'h-1' })).toEqual({ everyPartition: true });
  });

  it('splits a batch over partitions and puts the results back in request order', () => {
    const transfers = [transfer('1', A), transfer('2', B), transfer('3', A)];
    const split = route('transferBatch', { transfers });
    if (!('fanOut' in split)) throw new Error('expected a fan-out');
    expect(split.fanOut.map((part) => part.partition)).toEqual([partitionOf(A, 4), partitionOf(B, 4)]);
    expect(split.fanOut[0]!.request).toEqual({ transfers: [transfers[0], transfers[2]] });

    const merged = split.merge([
      {
        ok: true,
        data: {
          results: [
            { ok: true, data: { id: '1' } },
            { ok: true, data: { id: '3' } },
          ],
        },
      },
      { ok: false, error: { code: 'UNAVAILABLE', message: 'partition moving' } },
    ]);
    expect(merged).toEqual({
      ok: true,
      data: {
        results: [
          { ok: true, data: { id: '1' } },
          { ok: false, error: { code: 'UNAVAILABLE', message: 'partition moving' } },
          { ok: true, data: { id: '3' } },
        ],
      },
    });
  });

  it('passes a batch of one partition on unchanged', () => {
    expect(route('transferBatch', { transfers: [transfer('1', A), transfer('2', A)] })).toEqual({
      communityId: A,
    });
  });

  it('refuses linked transfers over communities of several partitions, saying what to send instead', () => {
    expect(() => route('transferLinked', { transfers: [transfer('1', A), transfer('2', B)] })).toThrow(
      /send each community's transfers as their own linked request/,
    );
    expect(route('transferLinked', { transfers: [transfer('1', A), transfer('2', A)] })).toEqual({
      communityId: A,
    });
  });

  it('merges journal reports: ok only when every partition is, sums and findings together', () => {
    const report = (entries: number, ok: boolean, communityId: string): VerifyReport => ({
      ok,
      entries,
      headHash: String(entries).repeat(64).slice(0, 64),
      chainBreaks: ok ? [] : [{ seq: 1, expected: 'a', actual: 'b' }],
      balanceMismatches: [],
      sumByCommunity: [{ communityId, sum: 0 }],
      replicated: {
        groups: entries,
        entries,
        mismatches: ok ? [] : [{ check: 'headHash', journal: 'x', file: 'y' }],
      },
    });
    const one = mergeVerifyReports([{ ok: true, data: report(3, true, 'b') }]);
    expect(one).toEqual({ ok: true, data: report(3, true, 'b') });
    const merged = mergeVerifyReports([
      { ok: true, data: report(3, true, 'b') },
      { ok: true, data: report(4, false, 'a') },
    ]) as { ok: true; data: VerifyReport };
    expect(merged.data).toMatchObject({
      ok: false,
      entries: 7,
      chainBreaks: [{ seq: 1 }],
      replicated: { groups: 7, entries: 7, mismatches: [{ check: 'headHash' }] },
      sumByCommunity: [
        { communityId: 'a', sum: 0 },
        { communityId: 'b', sum: 0 },
      ],
    });
    expect(merged.data.headHash).toMatch(/^[0-9a-f]{64}$/);
  });
});

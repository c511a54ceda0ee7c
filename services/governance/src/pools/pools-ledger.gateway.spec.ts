import { DomainError, LedgerCommands, type CommandSpec } from '@ticketonomics/contracts';
import type { CommandClient } from '@ticketonomics/messaging';
import { isRefusal, PoolsLedgerGateway } from './pools-ledger.gateway';
import type { PledgeRow, PoolRow } from './pools.store';

const USER = '01KB2Y6ZJ8ZQ0V7M3N4P5Q6R7S';
const pool: PoolRow = {
  communityId: 'demo',
  id: 4,
  requestId: 'r',
  openerId: USER,
  title: 'Cake',
  purpose: 'prize',
  recipientId: USER,
  targetAmount: 100,
  deadline: 0,
  status: 'settling',
  pledgedAmount: 120,
  pledgeCount: 2,
  nextPledgeSeq: 3,
  createdAt: 0,
  closingAt: 0,
  closedAt: null,
  releaseReason: null,
  cancelledBy: null,
  failure: null,
};
const pledge = (seq: number): PledgeRow => ({
  communityId: 'demo',
  poolId: 4,
  seq,
  requestId: `p${seq}`,
  memberId: USER,
  amount: 60,
  status: 'held',
  holdTimeoutMs: 3_600_000,
  createdAt: 0,
});

/** A CommandClient that records requests and answers each subject as told. */
function client(answer: (subject: string) => unknown): {
  sent: Array<[string, unknown]>;
  client: CommandClient;
} {
  const sent: Array<[string, unknown]> = [];
  const fake = {
    request: (command: CommandSpec, payload: unknown) => {
      sent.push([command.subject, payload]);
      try {
        return Promise.resolve(answer(command.subject));
      } catch (error) {
        return Promise.reject(error);
      }
    },
  };
  return { sent, client: fake as unknown as CommandClient };
}

describe('PoolsLedgerGateway', () => {
  it('holds a pledge for the pool escrow with its derived id and fixed timeout, opening the escrow first', async () => {
    const fake = client(() => ({}));
    await new PoolsLedgerGateway(fake.client).hold(pool, pledge(1));
    expect(fake.sent).toEqual([
      [LedgerCommands.accountOpen.subject, { communityId: 'demo', kind: 'escrow', ownerId: 'pool-4' }],
      [
        LedgerCommands.transferCreate.subject,
        {
          id: 'pool:demo:4:1',
          debitAccountId: `user:demo:${USER}`,
          creditAccountId: 'escrow:demo:pool-4',
          amount: 60,
          code: 'pledge',
          memo: 'pool 4',
          pending: { timeoutMs: 3_600_000 },
        },
      ],
    ]);
  });

  it('settles every held pledge and pays a prize to its recipient in one request', async () => {
    const fake = client(() => ({}));
    await new PoolsLedgerGateway(fake.client).settle(pool, [pledge(1), pledge(2)]);
    expect(fake.sent).toEqual([
      [
        LedgerCommands.transferSettle.subject,
        {
          communityId: 'demo',
          pendingIds: ['pool:demo:4:1', 'pool:demo:4:2'],
          transfers: [
            {
              id: 'pool:demo:4:payout',
              debitAccountId: 'escrow:demo:pool-4',
              creditAccountId: `user:demo:${USER}`,
              amount: 120,
              code: 'reward',
              memo: 'pool 4: Cake',
            },
          ],
        },
      ],
    ]);
  });

  it('counts a hold the ledger expired as released, but never a posted one', async () => {
    const refusal = (state: string) => () => {
      throw new DomainError('PENDING_NOT_OPEN', `hold is ${state}`, { field: 'pendingId', state });
    };
    await expect(
      new PoolsLedgerGateway(client(refusal('expired')).client).release(pledge(1)),
    ).resolves.toBeUndefined();
    await expect(new PoolsLedgerGateway(client(refusal('posted')).client).release(pledge(1))).rejects.toThrow(
      /posted/,
    );
  });

  it('tells a refusal that stands from a ledger that did not answer', () => {
    expect(
      isRefusal(
        new DomainError('INSUFFICIENT_FUNDS', 'short', { accountId: 'a', available: 0, required: 1 }),
      ),
    ).toBe(true);
    expect(isRefusal(new DomainError('UNAVAILABLE', 'no responders'))).toBe(false);
    expect(isRefusal(new Error('bug'))).toBe(false);
  });
});

import {
  AccountsCommands,
  DISTRIBUTION_DEFAULT,
  DomainError,
  EMISSION_DEFAULT,
  LedgerCommands,
  parseOrThrow,
  type CommandSpec,
  type Policy,
} from '@ticketonomics/contracts';
import type { CommandClient } from '@ticketonomics/messaging';
import { grantIdOf, OwnersGateway, type OwnerChange } from './owners.gateway';

const C = 'demo';
const BOB = '01KB2Y6ZJ8ZQ0V7M3N4P5Q6R7T';

/** The ledger and accounts on the other end: answers what they would, and keeps what governance sent. */
class FakeOwners {
  sent: Array<{ subject: string; payload: Record<string, unknown> }> = [];
  policy: Policy = {
    communityId: C,
    currencyName: 'Ticket',
    currencySymbol: 'T',
    taxBps: 200,
    transferMin: 1,
    transferMax: 1_000_000,
    dailySendMax: null,
    dailyReceiveMax: null,
    taxDestination: 'treasury',
    emission: EMISSION_DEFAULT,
    distribution: DISTRIBUTION_DEFAULT,
    demurrage: null,
    version: 1,
    updatedAt: '2026-12-01T00:00:00.000Z',
  };
  treasury: number | null = 1_000;

  request(command: CommandSpec, payload: Record<string, unknown>): Promise<unknown> {
    // Every request must be one the owner's schema accepts.
    parseOrThrow(command.request, payload);
    this.sent.push({ subject: command.subject, payload });
    switch (command.subject) {
      case LedgerCommands.policyGet.subject:
        return Promise.resolve(this.policy);
      case LedgerCommands.balanceGet.subject:
        if (this.treasury === null) return Promise.reject(new DomainError('NOT_FOUND', 'no account'));
        return Promise.resolve({ available: this.treasury });
      case AccountsCommands.settingsGet.subject:
        return Promise.resolve({ rewards: { dailyBonus: 10, dailyMessageRewardsMax: null } });
      default:
        return Promise.resolve({});
    }
  }

  subjects(): string[] {
    return this.sent.map((s) => s.subject.replace('tk.cmd.', ''));
  }
}

describe('OwnersGateway', () => {
  let owners: FakeOwners;
  let gateway: OwnersGateway;
  const change = (over: Partial<OwnerChange>): OwnerChange => ({
    communityId: C,
    proposalId: 7,
    parameter: 'ledger.taxBps',
    value: 300,
    recipientId: null,
    title: 'Winter fund',
    ...over,
  });

  beforeEach(() => {
    owners = new FakeOwners();
    gateway = new OwnersGateway(owners as unknown as CommandClient);
  });

  it('reads a flat ledger field, a nested one and a reward from their owners', async () => {
    expect((await gateway.read(C, 'ledger.taxBps')).current).toBe(200);
    owners.policy = { ...owners.policy, emission: { ...EMISSION_DEFAULT, mode: 'rate', rateBps: 15 } };
    expect((await gateway.read(C, 'emission.rateBps')).current).toBe(15);
    expect((await gateway.read(C, 'rewards.dailyBonus')).current).toBe(10);
    expect((await gateway.read(C, 'rewards.dailyMessageRewardsMax')).current).toBeNull();
    expect(owners.subjects()).toEqual([
      'ledger.policy.get',
      'ledger.policy.get',
      'accounts.settings.get',
      'accounts.settings.get',
    ]);
  });

  it("says from the policy read why a value cannot be made: the emission's other mode", async () => {
    owners.policy = { ...owners.policy, emission: { ...EMISSION_DEFAULT, mode: 'rate', rateBps: 15 } };
    const reading = await gateway.read(C, 'emission.fixedAmount');
    expect(reading.current).toBe(0);
    expect(reading.refusal(100)).toMatchObject({ code: 'CONFLICT' });
  });

  it('sets a flat field alone, and a nested one as the whole object read from the policy', async () => {
    await gateway.apply(change({}));
    owners.policy = {
      ...owners.policy,
      distribution: [
        { kind: 'treasury', shareBps: 8_000 },
        { kind: 'earned', shareBps: 2_000 },
      ],
    };
    await gateway.apply(change({ parameter: 'distribution.earnedShareBps', value: 2_500 }));
    await gateway.apply(change({ parameter: 'emission.fixedAmount', value: 1_000 }));
    await gateway.apply(change({ parameter: 'rewards.dailyBonus', value: 12 }));
    expect(owners.sent.filter((s) => s.subject.endsWith('.set')).map((s) => s.payload)).toEqual([
      { communityId: C, taxBps: 300 },
      {
        communityId: C,
        distribution: [
          { kind: 'treasury', shareBps: 7_500 },
          { kind: 'earned', shareBps: 2_500 },
        ],
      },
      {
        communityId: C,
        emission: { mode: 'fixed', amount: 1_000, rateBps: 0, period: 'day', supplyCap: null },
      },
      { communityId: C, rewards: { dailyBonus: 12 } },
    ]);
  });

  it('refuses a share the treasury can no longer give at apply time, sending no set', async () => {
    owners.policy = {
      ...owners.policy,
      distribution: [
        { kind: 'treasury', shareBps: 100 },
        { kind: 'earned', shareBps: 9_900 },
      ],
    };
    await expect(
      gateway.apply(change({ parameter: 'distribution.basicIncomeShareBps', value: 1_000 })),
    ).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED', details: { max: 100 } });
    expect(owners.subjects()).toEqual(['ledger.policy.get']);
  });

  it("pays a grant through the ledger's treasury.grant with an id derived from the proposal, the same when sent again", async () => {
    const grant = change({ parameter: 'treasury.grant', value: 400, recipientId: BOB });
    await gateway.apply(grant);
    await gateway.apply(grant);
    const [first, second] = owners.sent;
    expect(first).toEqual(second);
    expect(first).toEqual({
      subject: LedgerCommands.treasuryGrant.subject,
      payload: {
        id: grantIdOf(C, 7),
        communityId: C,
        toAccountId: `user:${C}:${BOB}`,
        amount: 400,
        kind: 'grant',
        memo: 'Proposal 7: Winter fund',
        approvedBy: { proposalId: 'proposal-7' },
      },
    });
    expect(grantIdOf(C, 7)).not.toBe(grantIdOf('other', 7));
  });

  it("reads a grant's treasury: no current value, refused above what it can spend or when it has no treasury", async () => {
    const reading = await gateway.read(C, 'treasury.grant');
    expect(reading.current).toBeNull();
    expect(reading.refusal(1_000)).toBeNull();
    expect(reading.refusal(1_001)).toMatchObject({
      code: 'INSUFFICIENT_FUNDS',
      details: { accountId: `treasury:${C}`, available: 1_000, required: 1_001 },
    });
    owners.treasury = null;
    expect((await gateway.read(C, 'treasury.grant')).refusal(1)).toMatchObject({
      code: 'INSUFFICIENT_FUNDS',
    });
  });
});

import { GovernanceEvents, type ParameterId, type Proposal } from '@ticketonomics/contracts';
import { readMetric } from '@ticketonomics/testing';
import {
  AC,
  G,
  L,
  errorOf,
  eventually,
  startGovernanceSystem,
  type GovernanceSystem,
} from './support/governance.harness';

const CHAT = '-1009000000001';

/**
 * A community governs its tax against the real ledger and accounts: eligible members vote, a member who
 * joined after the proposal opened cannot, the passed change applies once through ledger policy.set after
 * its timelock (also when governance is killed between the ledger's change and its own record of it), and
 * the history shows who changed what.
 */
describe('governance over the real ledger and accounts', () => {
  let sys: GovernanceSystem;
  let community: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    sys = await startGovernanceSystem();
    for (const [name, telegramId] of [
      ['alice', '9001'],
      ['bob', '9002'],
      ['carol', '9003'],
    ] as const) {
      const member = await sys.member(CHAT, telegramId, name);
      ids[name] = member.userId;
      community = member.communityId;
    }
    await sys.ok(G.settingsSet, {
      communityId: community,
      votingPeriodMs: 2_000,
      timelockMs: 1_000,
      quorumBps: 5_000,
      // Two of three voters raise the tax: 6,666 bps, a supermajority this community accepts.
      raiseThresholdBps: 6_666,
      membershipDaysMin: 0,
      activityDays: null,
      proposalCooldownMs: 0,
    });
    // An admin sets the tax outside governance: the history shows it as an admin's change.
    await sys.ok(L.policySet, { communityId: community, taxBps: 200 });
  });

  afterAll(async () => {
    await sys?.close();
  });

  /** Create once governance has seen the proposer join (its member table follows accounts' events). */
  async function propose(requestId: string, value: number): Promise<Proposal> {
    return proposeAs('alice', { requestId, parameter: 'ledger.taxBps', value, title: `Tax to ${value} bps` });
  }

  async function proposeAs(
    proposer: string,
    request: {
      requestId: string;
      parameter: ParameterId;
      value: number;
      title: string;
      recipientId?: string;
    },
  ): Promise<Proposal> {
    let proposal: Proposal | undefined;
    await eventually(async () => {
      const reply = await sys.call(G.proposalCreate, {
        ...request,
        communityId: community,
        proposerId: ids[proposer],
      });
      if (reply.ok) proposal = reply.data;
      return reply.ok;
    }, 'governance to know the proposer');
    return proposal!;
  }

  async function voteYes(proposalId: number, voters: string[]): Promise<void> {
    for (const voter of voters) {
      await sys.ok(G.proposalVote, {
        communityId: community,
        proposalId,
        voterId: ids[voter]!,
        choice: 'yes',
      });
    }
  }

  const statusOf = async (id: number) =>
    (await sys.ok(G.proposalGet, { communityId: community, proposalId: id })).status;

  it('applies a passed tax change once, after its timelock; a member who joined after it opened cannot vote', async () => {
    const proposal = await propose('raise-1', 300);
    expect(proposal).toMatchObject({
      status: 'voting',
      eligibleCount: 3,
      currentValue: 200,
      thresholdBps: 6_666,
    });
    const late = await sys.member(CHAT, '9004', 'dave');
    const refusal = errorOf(
      await sys.call(G.proposalVote, {
        communityId: community,
        proposalId: proposal.id,
        voterId: late.userId,
        choice: 'yes',
      }),
    );
    expect(refusal).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'not_eligible' } });
    for (const [voter, choice] of [
      ['alice', 'yes'],
      ['bob', 'yes'],
      ['carol', 'no'],
    ] as const) {
      await sys.ok(G.proposalVote, {
        communityId: community,
        proposalId: proposal.id,
        voterId: ids[voter]!,
        choice,
      });
    }
    await eventually(async () => (await statusOf(proposal.id)) === 'passed', 'the vote to pass');
    expect((await sys.ok(L.policyGet, { communityId: community })).taxBps).toBe(200);
    await eventually(async () => (await statusOf(proposal.id)) === 'applied', 'the change to apply');
    expect((await sys.ok(L.policyGet, { communityId: community })).taxBps).toBe(300);

    await eventually(async () => {
      const history = await sys.ok(G.historyList, { communityId: community, parameter: 'ledger.taxBps' });
      return history.items.length === 2;
    }, 'the history to show both changes');
    const history = await sys.ok(G.historyList, { communityId: community });
    expect(
      history.items.map(({ oldValue, newValue, source, proposalId }) => ({
        oldValue,
        newValue,
        source,
        proposalId,
      })),
    ).toEqual([
      { oldValue: 200, newValue: 300, source: 'proposal', proposalId: proposal.id },
      { oldValue: 0, newValue: 200, source: 'admin', proposalId: null },
    ]);
    expect(await readMetric(sys.governance, 'governance_proposals')).toBe(1);
    expect(await readMetric(sys.governance, 'governance_partitions_served')).toBe(1);
  });

  it('applies once when governance is killed between the ledger change and its own record of it', async () => {
    const governance = sys.governance;
    await governance.process.stop();
    governance.process = await governance.start({ GOVERNANCE_FAULT_AFTER: 'apply' });
    const proposal = await propose('lower-1', 250);
    for (const voter of ['alice', 'bob']) {
      await sys.ok(G.proposalVote, {
        communityId: community,
        proposalId: proposal.id,
        voterId: ids[voter]!,
        choice: 'yes',
      });
    }
    const exit = await governance.process.exited;
    expect(exit.signal).toBe('SIGKILL');
    const changed = await sys.ok(L.policyGet, { communityId: community });
    expect(changed.taxBps).toBe(250);

    governance.process = await governance.start();
    await eventually(
      async () => (await statusOf(proposal.id)) === 'applied',
      'the interrupted apply to finish',
    );
    // The repeated set-to-value made no new version of the policy.
    expect(await sys.ok(L.policyGet, { communityId: community })).toMatchObject({
      taxBps: 250,
      version: changed.version,
    });
    await eventually(
      async () => {
        const history = await sys.ok(G.historyList, { communityId: community, parameter: 'ledger.taxBps' });
        return history.items.length === 3;
        // The ledger's event may have reached the killed process unacknowledged: JetStream sends it again
        // after the consumer's ack wait (GOVERNANCE_EVENTS_ACK_WAIT_MS, 2 s here).
      },
      'the history to show the change',
      15_000,
    );
    const history = await sys.ok(G.historyList, {
      communityId: community,
      parameter: 'ledger.taxBps',
      limit: 1,
    });
    expect(history.items[0]).toMatchObject({
      oldValue: 300,
      newValue: 250,
      source: 'proposal',
      proposalId: proposal.id,
    });
    expect(history.nextCursor).not.toBeNull();
  }, 90_000);

  it("changes a reward through accounts' settings, and shows an admin's change and the vote's in the history", async () => {
    await sys.ok(AC.settingsSet, { communityId: community, rewards: { dailyBonus: 15 } });
    let proposal: Proposal | undefined;
    await eventually(async () => {
      const reply = await sys.call(G.proposalCreate, {
        requestId: 'bonus-1',
        communityId: community,
        proposerId: ids['bob'],
        parameter: 'rewards.dailyBonus',
        value: 25,
        title: 'A bigger daily bonus',
      });
      if (reply.ok) proposal = reply.data;
      return reply.ok;
    }, 'governance to read the bonus');
    expect(proposal).toMatchObject({ currentValue: 15, proposedValue: 25, thresholdBps: 6_666 });
    for (const voter of ['alice', 'bob']) {
      await sys.ok(G.proposalVote, {
        communityId: community,
        proposalId: proposal!.id,
        voterId: ids[voter]!,
        choice: 'yes',
      });
    }
    await eventually(async () => (await statusOf(proposal!.id)) === 'applied', 'the bonus to apply');
    expect((await sys.ok(AC.settingsGet, { communityId: community })).rewards.dailyBonus).toBe(25);
    await eventually(async () => {
      const history = await sys.ok(G.historyList, {
        communityId: community,
        parameter: 'rewards.dailyBonus',
      });
      return history.items.length === 2;
    }, 'the history of the bonus');
    const history = await sys.ok(G.historyList, { communityId: community, parameter: 'rewards.dailyBonus' });
    expect(history.items.map(({ oldValue, newValue, source }) => ({ oldValue, newValue, source }))).toEqual([
      { oldValue: 15, newValue: 25, source: 'proposal' },
      { oldValue: 10, newValue: 15, source: 'admin' },
    ]);
  });

  it('turns emission on and shares it with basic income by vote, each applied once through a read-modify-write of the policy', async () => {
    const before = await sys.ok(L.policyGet, { communityId: community });
    const emission = await proposeAs('alice', {
      requestId: 'emission-1',
      parameter: 'emission.fixedAmount',
      value: 1_000,
      title: 'A thousand tickets a day',
    });
    // Raising emission mints money: the supermajority.
    expect(emission).toMatchObject({ currentValue: 0, thresholdBps: 6_666 });
    const share = await proposeAs('bob', {
      requestId: 'basic-income-1',
      parameter: 'distribution.basicIncomeShareBps',
      value: 1_000,
      title: 'A tenth of it as basic income',
    });
    expect(share).toMatchObject({ currentValue: 0, thresholdBps: 5_001 });
    await voteYes(emission.id, ['alice', 'bob']);
    await voteYes(share.id, ['alice', 'bob']);
    await eventually(
      async () => (await statusOf(emission.id)) === 'applied' && (await statusOf(share.id)) === 'applied',
      'both to apply',
    );
    const after = await sys.ok(L.policyGet, { communityId: community });
    expect(after.emission).toMatchObject({ mode: 'fixed', amount: 1_000, rateBps: 0, period: 'day' });
    expect(after.emission.startAt).not.toBeNull();
    expect(after.distribution).toEqual([
      { kind: 'treasury', shareBps: 9_000 },
      { kind: 'basicIncome', shareBps: 1_000, activeWindowDays: 30 },
    ]);
    // One new version per change: nothing was applied twice.
    expect(after.version).toBe(before.version + 2);
    expect(after.taxBps).toBe(before.taxBps);

    // While the fixed emission runs, a rate cannot be proposed: it would silently switch the mode.
    const refused = await sys.call(G.proposalCreate, {
      requestId: 'rate-1',
      communityId: community,
      proposerId: ids['carol'],
      parameter: 'emission.rateBps',
      value: 10,
      title: 'A rate instead',
    });
    expect(errorOf(refused)).toMatchObject({ code: 'CONFLICT', details: { reason: 'emission_mode' } });

    await eventually(async () => {
      const history = await sys.ok(G.historyList, { communityId: community, limit: 2 });
      return history.items.every((item) => item.parameter !== 'ledger.taxBps');
    }, 'the history of both');
    const history = await sys.ok(G.historyList, { communityId: community, limit: 2 });
    expect(
      history.items
        .map(({ parameter, oldValue, newValue, source, proposalId }) => ({
          parameter,
          oldValue,
          newValue,
          source,
          proposalId,
        }))
        .sort((a, b) => a.parameter.localeCompare(b.parameter)),
    ).toEqual([
      {
        parameter: 'distribution.basicIncomeShareBps',
        oldValue: 0,
        newValue: 1_000,
        source: 'proposal',
        proposalId: share.id,
      },
      {
        parameter: 'emission.fixedAmount',
        oldValue: 0,
        newValue: 1_000,
        source: 'proposal',
        proposalId: emission.id,
      },
    ]);
  });

  it('pays a treasury grant to a member once, also when governance is killed between the payment and its record', async () => {
    const request = {
      requestId: 'grant-1',
      parameter: 'treasury.grant' as const,
      value: 700,
      title: 'For the wiki',
      recipientId: ids['carol']!,
    };
    const short = await sys.call(G.proposalCreate, {
      ...request,
      communityId: community,
      proposerId: ids['bob'],
    });
    expect(errorOf(short)).toMatchObject({ code: 'INSUFFICIENT_FUNDS' });
    await sys.ok(L.supplyMint, { id: 'fund-treasury-1', accountId: `treasury:${community}`, amount: 1_000 });

    const governance = sys.governance;
    await governance.process.stop();
    governance.process = await governance.start({ GOVERNANCE_FAULT_AFTER: 'apply' });
    const grant = await proposeAs('bob', request);
    expect(grant).toMatchObject({ currentValue: null, recipientId: ids['carol'], thresholdBps: 6_666 });
    await voteYes(grant.id, ['alice', 'bob']);
    const exit = await governance.process.exited;
    expect(exit.signal).toBe('SIGKILL');
    governance.process = await governance.start();
    await eventually(async () => (await statusOf(grant.id)) === 'applied', 'the interrupted grant to finish');

    const paid = await sys.ok(L.transferHistory, {
      communityId: community,
      accountId: `user:${community}:${ids['carol']}`,
      code: 'bonus',
    });
    expect(paid.items).toHaveLength(1);
    expect(paid.items[0]).toMatchObject({ debitAccountId: `treasury:${community}`, amount: 700 });
    expect((await sys.ok(L.balanceGet, { accountId: `treasury:${community}` })).balance).toBe(300);
    const history = await sys.ok(G.historyList, { communityId: community, parameter: 'treasury.grant' });
    expect(history.items).toEqual([
      expect.objectContaining({
        oldValue: null,
        newValue: 700,
        recipientId: ids['carol'],
        source: 'proposal',
        proposalId: grant.id,
      }),
    ]);
  }, 60_000);

  it('answers bad input on every command with a typed error and changes nothing', async () => {
    const before = await sys.ok(G.proposalList, { communityId: community });
    const settingsBefore = await sys.ok(G.settingsGet, { communityId: community });
    const good = { communityId: community, proposalId: 1 };
    const bad: Array<[string, unknown, string]> = [
      [
        G.proposalCreate.subject,
        { ...G.proposalCreate.example, communityId: community, parameter: 'ledger.emission' },
        'VALIDATION_FAILED',
      ],
      [
        G.proposalCreate.subject,
        { ...G.proposalCreate.example, communityId: community, proposerId: ids['alice'], value: 9_999 },
        'VALIDATION_FAILED',
      ],
      [
        G.proposalCreate.subject,
        {
          ...G.proposalCreate.example,
          requestId: 'far',
          communityId: community,
          proposerId: ids['alice'],
          value: 2_000,
        },
        'LIMIT_EXCEEDED',
      ],
      [
        G.proposalCreate.subject,
        { ...G.proposalCreate.example, communityId: community, recipientId: ids['bob'] },
        'VALIDATION_FAILED',
      ],
      [G.proposalGet.subject, { ...good, proposalId: 'one' }, 'VALIDATION_FAILED'],
      [G.proposalGet.subject, { ...good, proposalId: 999 }, 'NOT_FOUND'],
      [G.proposalList.subject, { communityId: community, status: 'won' }, 'VALIDATION_FAILED'],
      [G.proposalVote.subject, { ...good, voterId: ids['bob'], choice: 'maybe' }, 'VALIDATION_FAILED'],
      [G.proposalVote.subject, { ...good, voterId: ids['bob'], choice: 'no' }, 'CONFLICT'],
      [G.proposalVeto.subject, { ...good, adminId: ids['carol'], reason: '' }, 'VALIDATION_FAILED'],
      [G.proposalVeto.subject, { ...good, adminId: ids['carol'], reason: 'too late' }, 'CONFLICT'],
      [G.proposalCancel.subject, { ...good, proposerId: 'alice' }, 'VALIDATION_FAILED'],
      [G.proposalCancel.subject, { ...good, proposerId: ids['bob'] }, 'FORBIDDEN'],
      [G.settingsGet.subject, { communityId: 'a b' }, 'VALIDATION_FAILED'],
      [G.settingsSet.subject, { communityId: community, quorumBps: 10_001 }, 'VALIDATION_FAILED'],
      [G.settingsSet.subject, { communityId: community, thresholdBps: 9_000 }, 'VALIDATION_FAILED'],
      [G.historyList.subject, { communityId: community, parameter: 'ledger.emission' }, 'VALIDATION_FAILED'],
      [G.historyList.subject, { communityId: community, cursor: 'x!' }, 'VALIDATION_FAILED'],
    ];
    const encoder = new TextEncoder();
    for (const [subject, payload, code] of bad) {
      const msg = await sys.nc.request(subject, encoder.encode(JSON.stringify(payload)), { timeout: 10_000 });
      const reply = JSON.parse(new TextDecoder().decode(msg.data));
      expect({ subject, code: reply.ok ? 'ok' : reply.error.code }).toEqual({ subject, code });
    }
    const raw = await sys.nc.request(G.proposalCreate.subject, encoder.encode('{not json'), {
      timeout: 10_000,
    });
    expect(JSON.parse(new TextDecoder().decode(raw.data)).error.code).toBe('VALIDATION_FAILED');
    expect(await sys.ok(G.proposalList, { communityId: community })).toEqual(before);
    expect(await sys.ok(G.settingsGet, { communityId: community })).toEqual(settingsBefore);
    expect(GovernanceEvents.proposalApplied.type).toBe('tk.evt.governance.proposal.applied');
  });
});

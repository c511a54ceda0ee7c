import { AccountsEvents, LedgerEvents, type CloudEvent, type EventSpec } from '@ticketonomics/contracts';
import { buildEvent } from '@ticketonomics/messaging';
import { closeDataSource, openSqliteDataSource, rawDatabase } from '@ticketonomics/persistence';
import { makeTempDir, removeDir } from '@ticketonomics/testing';
import type { DataSource } from 'typeorm';
import { GovernanceEventsEmitter } from '../events/governance-events.emitter';
import { HistoryRecorder } from '../history/history.recorder';
import { GOVERNANCE_MIGRATIONS } from '../store/governance.migrations';
import { GovernanceStores } from '../store/governance.stores';
import { applyOwnerEvent } from './owner-events.applier';

const event = <E extends EventSpec>(spec: E, data: unknown): CloudEvent =>
  ({
    ...buildEvent(spec, {
      source: 'ticketonomics/accounts',
      communityId: 'c',
      subject: 's',
      data: spec.example as never,
    }),
    data,
  }) as CloudEvent;

describe('applyOwnerEvent', () => {
  let dir: string;
  let dataSource: DataSource;
  let stores: GovernanceStores;
  let recorder: HistoryRecorder;
  const membership = AccountsEvents.membershipJoined.example;
  const community = membership.communityId;
  const ours = (communityId: string) => communityId === community;
  const apply = (e: CloudEvent, isOurs = ours) =>
    stores.write(() => applyOwnerEvent(e, stores, recorder, isOurs));

  beforeEach(async () => {
    dir = await makeTempDir('governance-applier-');
    dataSource = await openSqliteDataSource({
      dataDir: dir,
      fileName: 'g.sqlite',
      migrations: GOVERNANCE_MIGRATIONS,
    });
    stores = new GovernanceStores(rawDatabase(dataSource));
    recorder = new HistoryRecorder(stores, new GovernanceEventsEmitter(stores.outbox));
  });

  afterEach(async () => {
    await closeDataSource(dataSource);
    await removeDir(dir);
  });

  it('keeps a member from joined to left, with their role and their last reward', () => {
    apply(event(AccountsEvents.membershipJoined, membership));
    expect(stores.members.find(community, membership.userId)).toMatchObject({ active: true, role: 'member' });
    const reward = AccountsEvents.activityRewarded.example;
    apply(
      event(AccountsEvents.activityRewarded, {
        ...reward,
        communityId: community,
        userId: membership.userId,
      }),
    );
    expect(stores.members.find(community, membership.userId)?.lastActiveAt).toBe(
      Date.parse(reward.rewardedAt),
    );
    apply(event(AccountsEvents.membershipRoleChanged, { ...membership, role: 'admin' }));
    apply(
      event(AccountsEvents.membershipLeft, {
        ...membership,
        role: 'admin',
        status: 'left',
        leftAt: membership.joinedAt,
      }),
    );
    expect(stores.members.find(community, membership.userId)).toMatchObject({ active: false, role: 'admin' });
  });

  it("leaves another partition's communities alone and ignores events it does not use", () => {
    apply(event(AccountsEvents.membershipJoined, membership), () => false);
    apply(event(AccountsEvents.userCreated, AccountsEvents.userCreated.example));
    expect(stores.members.find(community, membership.userId)).toBeNull();
  });

  it('records the policy changes of a governed parameter only, from the ledger initial values', () => {
    const policy = { ...LedgerEvents.policyUpdated.example, communityId: community, version: 1 };
    apply(event(LedgerEvents.policyUpdated, policy));
    apply(event(LedgerEvents.policyUpdated, { ...policy, currencyName: 'Coin', version: 2 }));
    const changes = stores.history.page(community, null, null, 10);
    expect(
      changes.map(({ parameter, oldValue, newValue, source }) => ({ parameter, oldValue, newValue, source })),
    ).toEqual([
      {
        parameter: 'ledger.transferMax',
        oldValue: 1_000_000_000_000_000,
        newValue: policy.transferMax,
        source: 'admin',
      },
      { parameter: 'ledger.taxBps', oldValue: 0, newValue: policy.taxBps, source: 'admin' },
    ]);
  });

  it('records emission and distribution under their parameter ids, also when first seen unchanged at version 1', () => {
    const policy = { ...LedgerEvents.policyUpdated.example, communityId: community, version: 1 };
    apply(event(LedgerEvents.policyUpdated, policy));
    apply(
      event(LedgerEvents.policyUpdated, {
        ...policy,
        emission: { ...policy.emission, mode: 'fixed', amount: 1_000, startAt: policy.updatedAt },
        distribution: [
          { kind: 'treasury', shareBps: 8_000 },
          { kind: 'basicIncome', shareBps: 2_000, activeWindowDays: 7 },
        ],
        version: 2,
      }),
    );
    const changes = stores.history.page(community, null, null, 2);
    expect(
      changes.map(({ parameter, oldValue, newValue, source }) => ({ parameter, oldValue, newValue, source })),
    ).toEqual([
      { parameter: 'distribution.basicIncomeShareBps', oldValue: 0, newValue: 2_000, source: 'admin' },
      { parameter: 'emission.fixedAmount', oldValue: 0, newValue: 1_000, source: 'admin' },
    ]);
  });

  it("credits a passed proposal's change even when it is the first value governance sees, from the value it was proposed from", () => {
    stores.write(() =>
      stores.proposals.insert({
        communityId: community,
        id: 1,
        requestId: 'r',
        proposerId: membership.userId,
        title: 'Emission',
        parameter: 'emission.fixedAmount',
        currentValue: 0,
        proposedValue: 500,
        recipientId: null,
        thresholdBps: 6_667,
        quorumBps: 0,
        timelockMs: 0,
        status: 'applying',
        eligibleCount: 1,
        yes: 1,
        no: 0,
        createdAt: 0,
        votingEndsAt: 0,
        decidedAt: 0,
        appliesAt: 0,
        rejectedFor: null,
        vetoBy: null,
        vetoReason: null,
        vetoedAt: null,
        cancelledAt: null,
        appliedAt: null,
        failure: null,
      }),
    );
    const policy = LedgerEvents.policyUpdated.example;
    apply(
      event(LedgerEvents.policyUpdated, {
        ...policy,
        communityId: community,
        emission: { ...policy.emission, mode: 'fixed', amount: 500, startAt: policy.updatedAt },
        version: 9,
      }),
    );
    expect(stores.history.page(community, null, null, 10)).toMatchObject([
      { parameter: 'emission.fixedAmount', oldValue: 0, newValue: 500, source: 'proposal', proposalId: 1 },
    ]);
  });

  it("starts a community's history where governance first saw it when it missed the owner's first change", () => {
    const policy = { ...LedgerEvents.policyUpdated.example, communityId: community, version: 5 };
    apply(event(LedgerEvents.policyUpdated, policy));
    expect(stores.history.page(community, null, null, 10)).toEqual([]);
    apply(event(LedgerEvents.policyUpdated, { ...policy, taxBps: policy.taxBps + 100, version: 6 }));
    expect(stores.history.page(community, null, null, 10)).toMatchObject([
      { parameter: 'ledger.taxBps', oldValue: policy.taxBps, newValue: policy.taxBps + 100, source: 'admin' },
    ]);
  });

  it('rejects a malformed event as VALIDATION_FAILED (dropped by the consumer), writing nothing', () => {
    expect(() => apply(event(AccountsEvents.membershipJoined, { ...membership, userId: 42 }))).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
    expect(stores.members.find(community, membership.userId)).toBeNull();
  });
});

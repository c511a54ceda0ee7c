import {
  DISTRIBUTION_DEFAULT,
  DomainError,
  EMISSION_DEFAULT,
  GovernanceEvents,
  type ParameterId,
  type Policy,
} from '@ticketonomics/contracts';
import { closeDataSource, openSqliteDataSource, rawDatabase } from '@ticketonomics/persistence';
import { makeTempDir, removeDir } from '@ticketonomics/testing';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { ApplyWorker } from './apply/apply.worker';
import type { OwnerChange, OwnerReading, OwnersGateway } from './apply/owners.gateway';
import { GovernanceEventsEmitter } from './events/governance-events.emitter';
import { HistoryRecorder, policyValues } from './history/history.recorder';
import { HistoryService } from './history/history.service';
import { ProposalsService } from './proposals/proposals.service';
import { SettingsService } from './settings/settings.service';
import { GOVERNANCE_MIGRATIONS } from './store/governance.migrations';
import { GovernanceStores } from './store/governance.stores';
import { VotesService } from './votes/votes.service';

const DAY_MS = 86_400_000;
const C = 'demo';
// User ids as accounts makes them (ULIDs).
const [ALICE, BOB, CAROL, DAVE, LATE] = ['S', 'T', 'V', 'W', 'X'].map(
  (c) => `01KB2Y6ZJ8ZQ0V7M3N4P5Q6R7${c}`,
) as [string, string, string, string, string];

/** The ledger and accounts as governance sees them: values it reads and sets, and whether they answer. */
class FakeOwners {
  values = new Map<ParameterId, number | null>([['ledger.taxBps', 200]]);
  sets: Array<{ parameter: ParameterId; value: number }> = [];
  refuse: DomainError | null = null;
  down = false;

  read(_communityId: string, parameter: ParameterId): Promise<OwnerReading> {
    if (this.down) return Promise.reject(new DomainError('UNAVAILABLE', 'no responders'));
    return Promise.resolve({ current: this.values.get(parameter) ?? null, refusal: () => null });
  }

  apply({ parameter, value }: OwnerChange): Promise<void> {
    if (this.down) return Promise.reject(new DomainError('UNAVAILABLE', 'no responders'));
    if (this.refuse !== null) return Promise.reject(this.refuse);
    this.sets.push({ parameter, value });
    this.values.set(parameter, value);
    return Promise.resolve();
  }
}

describe('governance: proposals, votes, decision and apply over a real SQLite file', () => {
  let dir: string;
  let dataSource: DataSource;
  let stores: GovernanceStores;
  let now: number;
  let owners: FakeOwners;
  let proposals: ProposalsService;
  let votes: VotesService;
  let settings: SettingsService;
  let worker: ApplyWorker;
  let crashAfterOwner: boolean;

  const clock = () => now;
  const outboxTypes = () =>
    (
      stores.db.prepare('SELECT subject AS type FROM outbox ORDER BY seq').all() as Array<{ type: string }>
    ).map((r) => r.type);
  const join = (userId: string, joinedAt: number) =>
    stores.write(() =>
      stores.members.save({ communityId: C, userId, role: 'member', active: true, joinedAt }),
    );

  beforeEach(async () => {
    dir = await makeTempDir('governance-flow-');
    dataSource = await openSqliteDataSource({
      dataDir: dir,
      fileName: 'g.sqlite',
      migrations: GOVERNANCE_MIGRATIONS,
    });
    stores = new GovernanceStores(rawDatabase(dataSource));
    const events = new GovernanceEventsEmitter(stores.outbox);
    owners = new FakeOwners();
    now = Date.parse('2026-12-01T00:00:00Z');
    crashAfterOwner = false;
    const gateway = owners as unknown as OwnersGateway;
    proposals = new ProposalsService(stores, events, gateway, clock);
    votes = new VotesService(stores, proposals, events, clock);
    settings = new SettingsService(stores, events);
    worker = new ApplyWorker(
      stores,
      gateway,
      events,
      clock,
      {
        intervalMs: 1_000,
        batchMax: 10,
        applyWindowMs: DAY_MS,
        afterOwnerChange: () => {
          if (crashAfterOwner) throw new Error('crashed after the owner changed it');
        },
      },
      pino({ level: 'silent' }),
    );
    settings.set({
      communityId: C,
      votingPeriodMs: 60_000,
      timelockMs: 30_000,
      quorumBps: 5_000,
      membershipDaysMin: 7,
      activityDays: null,
      proposalCooldownMs: 3_600_000,
      openProposalsMax: 2,
    });
    for (const member of [ALICE, BOB, CAROL, DAVE]) join(member, now - 30 * DAY_MS);
  });

  afterEach(async () => {
    await closeDataSource(dataSource);
    await removeDir(dir);
  });

  const propose = (value: number, over: Record<string, unknown> = {}) =>
    proposals.create({
      requestId: `r-${value}-${String(over['proposerId'] ?? ALICE)}`,
      communityId: C,
      proposerId: ALICE,
      parameter: 'ledger.taxBps',
      value,
      title: `tax to ${value}`,
      ...over,
    });

  it('fixes the voters when the proposal opens: a member who joins later, or too recently, cannot vote', async () => {
    join(LATE, now - 6 * DAY_MS);
    const proposal = await propose(300);
    expect(proposal).toMatchObject({ status: 'voting', eligibleCount: 4, thresholdBps: 6_667 });
    join('01KB2Y6ZJ8ZQ0V7M3N4P5Q6R7Y', now - 30 * DAY_MS); // arrives after it opened, however old
    for (const voter of [LATE, '01KB2Y6ZJ8ZQ0V7M3N4P5Q6R7Y']) {
      expect(() =>
        votes.vote({ communityId: C, proposalId: proposal.id, voterId: voter, choice: 'yes' }),
      ).toThrow(
        expect.objectContaining({
          code: 'FORBIDDEN',
          details: expect.objectContaining({ reason: 'not_eligible' }),
        }),
      );
    }
    expect(proposals.get(C, proposal.id)).toMatchObject({ yes: 0, no: 0 });
  });

  it('counts one vote per member and refuses a second without changing the count', async () => {
    const { id } = await propose(300);
    votes.vote({ communityId: C, proposalId: id, voterId: BOB, choice: 'yes' });
    expect(() => votes.vote({ communityId: C, proposalId: id, voterId: BOB, choice: 'no' })).toThrow(
      expect.objectContaining({ code: 'CONFLICT' }),
    );
    expect(proposals.get(C, id)).toMatchObject({ yes: 1, no: 0 });
  });

  it('passes, waits for the timelock, applies once through the owner even after a crash mid-apply, and credits the history', async () => {
    const { id } = await propose(300);
    for (const voter of [ALICE, BOB, CAROL])
      votes.vote({ communityId: C, proposalId: id, voterId: voter, choice: 'yes' });
    now += 59_999;
    await worker.round();
    expect(proposals.get(C, id).status).toBe('voting');
    now += 1;
    expect(() => votes.vote({ communityId: C, proposalId: id, voterId: DAVE, choice: 'no' })).toThrow(
      expect.objectContaining({ code: 'CONFLICT' }),
    );
    await worker.round();
    expect(proposals.get(C, id)).toMatchObject({ status: 'passed', yes: 3 });
    now += 29_999;
    await worker.round();
    expect(owners.sets).toEqual([]);
    now += 1;
    crashAfterOwner = true;
    await worker.round();
    expect(proposals.get(C, id).status).toBe('applying');
    expect(() => proposals.veto({ communityId: C, proposalId: id, adminId: DAVE, reason: 'late' })).toThrow(
      expect.objectContaining({ code: 'CONFLICT' }),
    );
    crashAfterOwner = false;
    await worker.round();
    await worker.round();
    expect(proposals.get(C, id)).toMatchObject({ status: 'applied' });
    expect(owners.values.get('ledger.taxBps')).toBe(300);
    // The owner got the same set-to-value twice (before and after the crash): its value changed once.
    expect(owners.sets).toEqual([
      { parameter: 'ledger.taxBps', value: 300 },
      { parameter: 'ledger.taxBps', value: 300 },
    ]);
    expect(outboxTypes().filter((type) => type === GovernanceEvents.proposalApplied.type)).toHaveLength(1);

    const policy = (taxBps: number, version: number): Policy => ({
      communityId: C,
      currencyName: 'Ticket',
      currencySymbol: 'T',
      taxBps,
      transferMin: 1,
      transferMax: 1_000_000_000_000_000,
      dailySendMax: null,
      dailyReceiveMax: null,
      taxDestination: 'treasury',
      emission: EMISSION_DEFAULT,
      distribution: DISTRIBUTION_DEFAULT,
      demurrage: null,
      version,
      updatedAt: new Date(now).toISOString(),
    });
    const recorder = new HistoryRecorder(stores, new GovernanceEventsEmitter(stores.outbox));
    stores.write(() => recorder.record(policyValues(policy(200, 1))));
    stores.write(() => recorder.record(policyValues(policy(300, 2))));
    stores.write(() => recorder.record(policyValues(policy(300, 2))));
    const history = new HistoryService(stores).list({ communityId: C });
    expect(
      history.items.map(({ oldValue, newValue, source, proposalId }) => ({
        oldValue,
        newValue,
        source,
        proposalId,
      })),
    ).toEqual([
      { oldValue: 200, newValue: 300, source: 'proposal', proposalId: id },
      { oldValue: 0, newValue: 200, source: 'admin', proposalId: null },
    ]);
  });

  it('pays a passed grant once, to its recipient, with one history entry, even after a crash mid-apply', async () => {
    owners.values.set('treasury.grant', null);
    await expect(
      propose(500, { parameter: 'treasury.grant', recipientId: LATE, requestId: 'g-stranger' }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'recipientId' } });
    const grant = await propose(500, { parameter: 'treasury.grant', recipientId: BOB, requestId: 'g-1' });
    // A grant asks the supermajority, and has no current value.
    expect(grant).toMatchObject({ thresholdBps: 6_667, currentValue: null, recipientId: BOB });
    for (const voter of [ALICE, BOB, CAROL])
      votes.vote({ communityId: C, proposalId: grant.id, voterId: voter, choice: 'yes' });
    now += 60_000 + 30_000;
    crashAfterOwner = true;
    await worker.round();
    expect(proposals.get(C, grant.id).status).toBe('applying');
    expect(new HistoryService(stores).list({ communityId: C }).items).toEqual([]);
    crashAfterOwner = false;
    await worker.round();
    await worker.round();
    expect(proposals.get(C, grant.id).status).toBe('applied');
    expect(owners.sets).toEqual([
      { parameter: 'treasury.grant', value: 500 },
      { parameter: 'treasury.grant', value: 500 },
    ]);
    const history = new HistoryService(stores).list({ communityId: C, parameter: 'treasury.grant' });
    expect(history.items).toEqual([
      expect.objectContaining({
        oldValue: null,
        newValue: 500,
        recipientId: BOB,
        source: 'proposal',
        proposalId: grant.id,
      }),
    ]);
    expect(outboxTypes().filter((type) => type === GovernanceEvents.parameterChanged.type)).toHaveLength(1);
  });

  it('rejects for the quorum or the threshold at the end of voting, and never applies', async () => {
    const quorum = await propose(300);
    votes.vote({ communityId: C, proposalId: quorum.id, voterId: ALICE, choice: 'yes' });
    const threshold = await propose(100, { proposerId: BOB, requestId: 'r-bob' });
    for (const [voter, choice] of [
      [ALICE, 'yes'],
      [BOB, 'yes'],
      [CAROL, 'no'],
      [DAVE, 'no'],
    ] as const) {
      votes.vote({ communityId: C, proposalId: threshold.id, voterId: voter, choice });
    }
    now += 60_000 + 30_000 + 1;
    await worker.round();
    await worker.round();
    expect(proposals.get(C, quorum.id)).toMatchObject({ status: 'rejected', rejectedFor: 'quorum' });
    expect(proposals.get(C, threshold.id)).toMatchObject({ status: 'rejected', rejectedFor: 'threshold' });
    expect(owners.sets).toEqual([]);
  });

  it('lets an admin veto during the vote or the timelock, recorded with who and why, and nothing applies', async () => {
    const during = await propose(300);
    const inTimelock = await propose(150, { proposerId: BOB, requestId: 'r-bob' });
    for (const voter of [ALICE, BOB, CAROL]) {
      votes.vote({ communityId: C, proposalId: inTimelock.id, voterId: voter, choice: 'yes' });
    }
    proposals.veto({ communityId: C, proposalId: during.id, adminId: DAVE, reason: 'not now' });
    now += 60_000;
    await worker.round();
    expect(proposals.get(C, inTimelock.id).status).toBe('passed');
    const vetoed = proposals.veto({
      communityId: C,
      proposalId: inTimelock.id,
      adminId: DAVE,
      reason: 'treasury',
    });
    expect(vetoed).toMatchObject({ status: 'vetoed', veto: { by: DAVE, reason: 'treasury' } });
    now += 30_000;
    await worker.round();
    expect(owners.sets).toEqual([]);
    expect(proposals.list({ communityId: C, status: 'vetoed' }).items).toHaveLength(2);
    expect(() =>
      proposals.veto({ communityId: C, proposalId: during.id, adminId: DAVE, reason: 'again' }),
    ).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
  });

  it('expires a passed proposal left past its apply window, and fails one its owner refuses', async () => {
    const late = await propose(300);
    for (const voter of [ALICE, BOB, CAROL])
      votes.vote({ communityId: C, proposalId: late.id, voterId: voter, choice: 'yes' });
    now += 60_000;
    await worker.round();
    now += 30_000 + DAY_MS + 1;
    await worker.round();
    expect(proposals.get(C, late.id).status).toBe('expired');

    const refused = await propose(150, { proposerId: BOB, requestId: 'r-bob' });
    for (const voter of [ALICE, BOB, CAROL])
      votes.vote({ communityId: C, proposalId: refused.id, voterId: voter, choice: 'yes' });
    owners.refuse = new DomainError('VALIDATION_FAILED', 'no');
    now += 60_000 + 30_000;
    await worker.round();
    await worker.round();
    expect(proposals.get(C, refused.id)).toMatchObject({
      status: 'failed',
      failure: 'VALIDATION_FAILED: no',
    });
    expect(owners.sets).toEqual([]);
  });

  it('keeps a passed proposal passed while its owner does not answer, applies it when it does, expires it past the window', async () => {
    const soon = await propose(300);
    const never = await propose(150, { proposerId: BOB, requestId: 'r-bob' });
    for (const id of [soon.id, never.id]) {
      for (const voter of [ALICE, BOB, CAROL])
        votes.vote({ communityId: C, proposalId: id, voterId: voter, choice: 'yes' });
    }
    now += 60_000 + 30_000;
    owners.down = true;
    await worker.round();
    await worker.round();
    expect([proposals.get(C, soon.id).status, proposals.get(C, never.id).status]).toEqual([
      'passed',
      'passed',
    ]);
    // Vetoable still: nothing was begun.
    proposals.veto({ communityId: C, proposalId: never.id, adminId: DAVE, reason: 'owner down' });
    now += DAY_MS;
    owners.down = false;
    await worker.round();
    expect(proposals.get(C, soon.id).status).toBe('applied');
    const late = await propose(250, { proposerId: CAROL, requestId: 'r-carol' });
    for (const voter of [ALICE, BOB, CAROL])
      votes.vote({ communityId: C, proposalId: late.id, voterId: voter, choice: 'yes' });
    now += 60_000 + 30_000;
    owners.down = true;
    await worker.round();
    now += DAY_MS + 1;
    await worker.round();
    expect(proposals.get(C, late.id).status).toBe('expired');
    expect(owners.sets).toEqual([{ parameter: 'ledger.taxBps', value: 300 }]);
  });

  it('refuses an ineligible proposer, a cooldown, the cap, and a value out of bounds, creating nothing', async () => {
    join(LATE, now - DAY_MS);
    await expect(propose(300, { proposerId: LATE, requestId: 'r-late' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await propose(300);
    await expect(propose(250, { requestId: 'r-again' })).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      details: { reason: 'proposal_cooldown', retryAfterSeconds: 3_600 },
    });
    await propose(250, { proposerId: BOB, requestId: 'r-bob' });
    await expect(propose(260, { proposerId: CAROL, requestId: 'r-carol' })).rejects.toMatchObject({
      code: 'LIMIT_EXCEEDED',
      details: { limit: 2 },
    });
    proposals.cancel({ communityId: C, proposalId: 2, proposerId: BOB });
    await expect(propose(5_000, { proposerId: CAROL, requestId: 'r-carol' })).rejects.toMatchObject({
      code: 'LIMIT_EXCEEDED',
      details: { field: 'value', min: 0, max: 700 },
    });
    expect(proposals.list({ communityId: C }).items.map((p) => p.status)).toEqual(['cancelled', 'voting']);
  });

  it('answers a repeated create with the first proposal, and another one under the same requestId with IDEMPOTENCY_CONFLICT', async () => {
    const first = await propose(300);
    await expect(propose(300)).resolves.toEqual(first);
    await expect(propose(300, { title: 'other' })).rejects.toMatchObject({ code: 'IDEMPOTENCY_CONFLICT' });
    expect(proposals.list({ communityId: C }).items).toHaveLength(1);
  });

  it('keeps the rules a proposal opened with when the settings change', async () => {
    const { id } = await propose(300);
    settings.set({ communityId: C, quorumBps: 10_000, timelockMs: 0 });
    expect(proposals.get(C, id)).toMatchObject({ quorumBps: 5_000, timelockMs: 30_000 });
    expect(() => settings.set({ communityId: C, thresholdBps: 9_000 })).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED', details: { field: 'raiseThresholdBps' } }),
    );
  });
});

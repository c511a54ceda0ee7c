import {
  AccountsCommands,
  AnalyticsCommands,
  DomainError,
  GovernanceCommands,
  GovernanceEvents,
  LedgerCommands,
  type CommandSpec,
  type Policy,
  type Proposal,
} from '@ticketonomics/contracts';
import type { CommandClient } from '@ticketonomics/messaging';
import pino from 'pino';
import { DASHBOARD_LIMITS_DEFAULT } from './dashboard.limits';
import { EconomyPanelService } from './economy-panel.service';
import { MemberLabels } from './member-labels.service';
import { PublicDataService } from './public-data.service';

const C = 'demo-town';
const ADA = '01KB2Y6ZJ8ZQ0V7M3N4P5Q6R7S';
const MAYOR = '01KB2Y6ZJ8ZQ0V7M3N4P5Q6R7V';
const base = GovernanceEvents.proposalCreated.example;
const proposal = (id: number, status: Proposal['status'], extra: Partial<Proposal> = {}): Proposal => ({
  ...base,
  communityId: C,
  id,
  status,
  proposerId: ADA,
  ...extra,
});

type Answers = Record<string, (payload: any) => unknown>;

/** A command client answering from `answers` by subject, recording what it was asked. */
function fakeClient(answers: Answers) {
  const asked: { subject: string; payload: any }[] = [];
  const client = {
    async request(command: CommandSpec, payload: unknown) {
      asked.push({ subject: command.subject, payload });
      const answer = answers[command.subject];
      if (answer === undefined)
        throw new DomainError('UNAVAILABLE', 'no responders', { subject: command.subject });
      return answer(payload);
    },
  } as unknown as CommandClient;
  return { client, asked };
}

const ledgerAnswers: Answers = {
  [LedgerCommands.policyGet.subject]: (): Policy => ({
    communityId: C,
    currencyName: 'Ticket',
    currencySymbol: '🎟',
    taxBps: 0,
    transferMin: 1,
    transferMax: 1_000,
    dailySendMax: null,
    dailyReceiveMax: null,
    taxDestination: 'treasury',
    emission: { mode: 'fixed', amount: 100, rateBps: 0, period: 'day', supplyCap: 1_150, startAt: null },
    distribution: [{ kind: 'treasury', shareBps: 10_000 }],
    demurrage: null,
    version: 1,
    updatedAt: '2026-03-04T00:00:00.000Z',
  }),
  [LedgerCommands.emissionStatus.subject]: () => ({
    communityId: C,
    mode: 'fixed',
    period: 'day',
    active: true,
    lastAppliedPeriodEnd: null,
    nextDueAt: '2026-03-05T00:00:00.000Z',
    periodsApplied: 0,
    periodsSkipped: 0,
    emittedTotal: 0,
    demurrageTotal: 0,
  }),
  [LedgerCommands.supplyGet.subject]: () => {
    throw new DomainError('NOT_FOUND', 'no accounts yet');
  },
  [AccountsCommands.userGet.subject]: ({ userId }) => ({ displayName: userId === ADA ? 'Ada' : 'Mayor' }),
};

function service(answers: Answers) {
  const { client, asked } = fakeClient(answers);
  const limits = { ...DASHBOARD_LIMITS_DEFAULT, resultsShown: 2 };
  const logger = pino({ level: 'silent' });
  const labels = new MemberLabels(client, limits);
  const data = new PublicDataService(client, limits, logger, labels);
  return { panel: new EconomyPanelService(client, limits, logger, labels, data), asked };
}

describe('EconomyPanelService', () => {
  it('projects the supply of a ledger with no accounts yet from 0, and says there are no daily flows without analytics', async () => {
    const { panel, asked } = service(ledgerAnswers);
    const economy = await panel.economy(C);
    expect(economy.supply).toBe(0);
    expect(economy.flows).toBeNull();
    expect(economy.projection.points.map((point) => point.supply).slice(0, 3)).toEqual([100, 200, 300]);
    expect(economy.projection.points).toHaveLength(DASHBOARD_LIMITS_DEFAULT.projectionPeriods);
    expect(economy.schedule).toMatchObject({ active: true, nextDueAt: '2026-03-05T00:00:00.000Z' });
    expect(asked.find((call) => call.subject === AnalyticsCommands.flowsGet.subject)?.payload).toEqual({
      communityId: C,
      days: DASHBOARD_LIMITS_DEFAULT.flowDays,
    });
  });

  it('passes the analytics days on as they are', async () => {
    const days = [
      {
        day: '2026-03-04',
        emitted: 0,
        rewarded: 0,
        rewardsMinted: 0,
        minted: 5,
        taxed: 0,
        burned: 0,
        supply: 5,
        treasury: 0,
      },
    ];
    const { panel } = service({
      ...ledgerAnswers,
      [AnalyticsCommands.flowsGet.subject]: () => ({ communityId: C, days, appliedSeq: 3 }),
    });
    expect((await panel.economy(C)).flows).toEqual(days);
  });

  it('splits open proposals from results, keeps the latest results, and names proposers and vetoing admins', async () => {
    const { panel, asked } = service({
      ...ledgerAnswers,
      [GovernanceCommands.proposalList.subject]: () => ({
        items: [
          proposal(6, 'voting'),
          proposal(5, 'vetoed', { veto: { by: MAYOR, reason: 'Not now', at: '2026-03-04T00:00:00.000Z' } }),
          proposal(4, 'passed'),
          proposal(3, 'rejected', { rejectedFor: 'quorum' }),
          proposal(2, 'applied'),
        ],
        nextCursor: null,
      }),
      [GovernanceCommands.historyList.subject]: () => ({ items: [], nextCursor: null }),
    });
    const governance = await panel.governance(C);
    expect(governance.open.map((item) => [item.id, item.status])).toEqual([
      [6, 'voting'],
      [4, 'passed'],
    ]);
    expect(governance.results.map((item) => item.id)).toEqual([5, 3]);
    expect(governance.results[0]).toMatchObject({
      proposer: 'Ada',
      veto: { by: 'Mayor', reason: 'Not now' },
    });
    expect(asked.find((call) => call.subject === GovernanceCommands.proposalList.subject)?.payload).toEqual({
      communityId: C,
      limit: DASHBOARD_LIMITS_DEFAULT.proposalsRead,
    });
  });

  it('refuses with the governance service’s absence, for the card to say so', async () => {
    const { panel } = service(ledgerAnswers);
    await expect(panel.governance(C)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });
});

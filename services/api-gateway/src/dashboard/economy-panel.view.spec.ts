import { EMISSION_DEFAULT, NO_FLOWS, projectSupply, type Emission } from '@ticketonomics/contracts';
import { loadDashboardView } from './dashboard.assets';
import { toHtml } from './dashboard.html';
import type { EconomyView, GovernanceView, ProposalView } from './economy-panel.service';

const view = loadDashboardView();
const formats = view.formats('en', { symbol: '🎟' });
const html = (nodes: ReturnType<typeof view.economy>) => nodes.map(toHtml).join('');
const text = (nodes: ReturnType<typeof view.economy>) => html(nodes).replace(/<[^>]+>/g, ' ');

function economy(emission: Emission, overrides: Partial<EconomyView> = {}): EconomyView {
  const nextDueAt = emission.mode === 'none' ? null : '2026-03-05T00:00:00.000Z';
  return {
    currency: { name: 'Ticket', symbol: '🎟' },
    supply: 1_000,
    treasury: 40,
    schedule: {
      emission,
      active: emission.mode !== 'none',
      nextDueAt,
      emittedTotal: 0,
      demurrageTotal: 0,
      demurrage: null,
      taxBps: 0,
      taxDestination: 'treasury',
    },
    projection: projectSupply({ emission, supply: 1_000, periods: 12, nextDueAt }),
    flows: [
      { day: '2026-03-03', ...NO_FLOWS, supply: 900, treasury: 10 },
      {
        day: '2026-03-04',
        ...NO_FLOWS,
        emitted: 100,
        minted: 50,
        burned: 50,
        taxed: 30,
        supply: 1_000,
        treasury: 40,
      },
    ],
    ...overrides,
  };
}

const fixed: Emission = {
  ...EMISSION_DEFAULT,
  mode: 'fixed',
  amount: 100,
  period: 'day',
  supplyCap: 1_250,
  startAt: '2026-03-01T00:00:00.000Z',
};

function proposal(overrides: Partial<ProposalView>): ProposalView {
  return {
    id: 1,
    title: 'Winter fund',
    parameter: 'ledger.taxBps',
    currentValue: 200,
    proposedValue: 300,
    status: 'voting',
    yes: 3,
    no: 1,
    eligibleCount: 10,
    proposer: 'Ada',
    votingEndsAt: '2026-03-07T12:00:00.000Z',
    decidedAt: null,
    appliesAt: null,
    appliedAt: null,
    rejectedFor: null,
    veto: null,
    failure: null,
    ...overrides,
  };
}

describe('the economy panel’s view', () => {
  it('tells the schedule, the supply ahead up to its cap, and each day’s sources and sinks', () => {
    const shown = text(view.economy(economy(fixed), formats));
    expect(shown).toContain('100 🎟 new every day, up to 1,250 🎟 in all · next Mar 5, 00:00 UTC');
    expect(shown).toContain('Stops at its cap after 3 days.');
    const markup = html(view.economy(economy(fixed), formats));
    expect(markup).toContain('data-supply="1100" id="projection-1"');
    expect(markup).not.toContain('id="projection-2"');
    expect(markup).toContain('data-supply="1250" id="projection-12"');
    // Newest day first; only what moved is named, and a quiet day says so.
    expect(shown.indexOf('Mar 4')).toBeLessThan(shown.indexOf('Mar 3'));
    expect(shown).toMatch(/New on schedule\s+\+100 🎟/);
    expect(shown).toMatch(/Made by admins\s+\+50 🎟/);
    expect(shown).toMatch(/Tax and fees\s+30 🎟/);
    expect(shown).toMatch(/Removed\s+−50 🎟/);
    expect(shown).not.toContain('Rewards');
    expect(shown).toContain('Nothing came or went');
    expect(markup).toContain(
      'data-day="2026-03-04" data-treasury="40" data-supply="1000" data-emitted="100"',
    );
  });

  it('tells a rate, a holding fee and a tax, where they go, and no projection without a schedule', () => {
    const rate: Emission = {
      ...fixed,
      mode: 'rate',
      amount: null,
      rateBps: 150,
      period: 'week',
      supplyCap: null,
    };
    const withSinks = economy(rate);
    withSinks.schedule = {
      ...withSinks.schedule,
      demurrage: { thresholdAmount: 500, rateBps: 25, destination: 'burn' },
      taxBps: 200,
    };
    const shown = text(view.economy(withSinks, formats));
    expect(shown).toContain('1.5% more tickets every week');
    expect(shown).toContain('Holding fee: 0.25% every week of what a member holds above 500 🎟, removed');
    expect(shown).toContain('Tax on payments: 2%, to the treasury');
    expect(shown).toContain('If nothing but the schedule adds or removes tickets.');

    const none = text(view.economy(economy(EMISSION_DEFAULT, { flows: null }), formats));
    expect(none).toContain('No new tickets on a schedule');
    expect(none).not.toContain('Tickets in existence ahead');
    expect(none).toContain('Daily figures show once the analytics service runs.');
  });
});

describe('the votes panel’s view', () => {
  const governance = (overrides: Partial<GovernanceView>): GovernanceView => ({
    open: [],
    results: [],
    history: [],
    ...overrides,
  });

  it('shows open votes, results with vetoes and why, and rule changes in a member’s words', () => {
    const nodes = view.governance(
      governance({
        open: [
          proposal({}),
          proposal({
            id: 2,
            status: 'passed',
            appliesAt: '2026-03-08T00:00:00.000Z',
            parameter: 'rewards.dailyBonus',
            currentValue: 10,
            proposedValue: 15,
          }),
        ],
        results: [
          proposal({
            id: 3,
            status: 'vetoed',
            veto: { by: 'Mayor', reason: 'Not this month', at: '2026-03-04T00:00:00.000Z' },
          }),
          proposal({ id: 4, status: 'rejected', rejectedFor: 'quorum' }),
        ],
        history: [
          {
            seq: 2,
            parameter: 'ledger.dailySendMax',
            oldValue: 500,
            newValue: null,
            source: 'admin',
            proposalId: null,
            at: '2026-03-04T10:00:00.000Z',
          },
          {
            seq: 1,
            parameter: 'rewards.messageCooldownMs',
            oldValue: null,
            newValue: 120_000,
            source: 'proposal',
            proposalId: 7,
            at: '2026-03-03T10:00:00.000Z',
          },
        ],
      }),
      formats,
    );
    const shown = text(nodes);
    expect(shown).toContain('Tax on payments: 2% → 3%');
    expect(shown).toContain('Yes 3 · No 1 · 10 may vote · by Ada');
    expect(shown).toContain('Voting until Mar 7, 12:00 UTC');
    expect(shown).toContain('Daily bonus: 10 🎟 → 15 🎟');
    expect(shown).toContain('Passed · takes effect Mar 8, 00:00 UTC');
    expect(shown).toContain('Vetoed by Mayor: Not this month');
    expect(shown).toContain('Rejected: too few voted');
    expect(shown).toContain('Most sent a day: 500 🎟 → none');
    expect(shown).toContain('by an admin');
    expect(shown).toContain('Wait between rewarded messages: 2 min');
    expect(shown).toContain('by a vote (#7)');
    expect(html(nodes)).toContain('data-proposal="3" data-status="vetoed"');
  });

  it('says when there is nothing yet, and escapes what members typed', () => {
    const empty = text(view.governance(governance({}), formats));
    expect(empty).toContain('No open votes.');
    expect(empty).toContain('No vote decided yet.');
    expect(empty).toContain('No rule changed yet.');
    const hostile = html(
      view.governance(governance({ open: [proposal({ title: '<b>x</b>', proposer: '"Ada"' })] }), formats),
    );
    expect(hostile).not.toContain('<b>');
    expect(hostile).toContain('&lt;b&gt;x&lt;/b&gt;');
    expect(hostile).toContain('by &quot;Ada&quot;');
  });
});

import { AMOUNT_MAX, type Proposal } from '@ticketonomics/contracts';
import { en } from '../i18n/messages.en';
import { ru } from '../i18n/messages.ru';
import { fitSections, formatDuration, parameterRow, proposalView } from './governance.format';

const UNITS = { d: 'd', h: 'h', m: 'm', s: 's' };

const PROPOSAL: Proposal = {
  communityId: 'demo',
  id: 3,
  proposerId: 'u-bob',
  title: 'Winter fund',
  parameter: 'ledger.taxBps',
  currentValue: 0,
  proposedValue: 300,
  recipientId: null,
  thresholdBps: 6_667,
  quorumBps: 2_000,
  timelockMs: 0,
  status: 'vetoed',
  eligibleCount: 3,
  yes: 1,
  no: 0,
  createdAt: '2026-12-04T08:00:00.000Z',
  votingEndsAt: '2026-12-04T08:00:02.000Z',
  decidedAt: null,
  appliesAt: null,
  rejectedFor: null,
  veto: { by: 'u-alice', reason: 'Too soon', at: '2026-12-04T08:00:01.000Z' },
  cancelledAt: null,
  appliedAt: null,
  failure: null,
};

describe('governance formatting', () => {
  it('writes periods in the largest units that fit', () => {
    expect(formatDuration(0, UNITS)).toBe('0s');
    expect(formatDuration(2_000, UNITS)).toBe('2s');
    expect(formatDuration(3 * 86_400_000 + 3_600_000, UNITS)).toBe('3d 1h');
    expect(formatDuration(90_000, UNITS)).toBe('1m 30s');
    expect(formatDuration(1_500, UNITS)).toBe('1500 ms');
  });

  it('shows the unlimited largest payment as none', () => {
    expect(parameterRow('ledger.transferMax', AMOUNT_MAX)).toEqual({
      parameter: 'ledger.transferMax',
      grant: false,
      current: null,
      min: 1,
      max: 1_000_000_000,
      changeMax: 10_000_000,
    });
    expect(en.govParameterLine(parameterRow('ledger.dailySendMax', null))).toMatch(
      /^ledger\.dailySendMax: none; 1–/,
    );
  });

  it('names who vetoed and why, in both languages', () => {
    const view = proposalView(PROPOSAL, (id) => (id === 'u-bob' ? '@bob' : '@alice'));
    expect(en.govProposal(view)).toBe(
      [
        '#3 "Winter fund" by @bob',
        'ledger.taxBps: 0 → 300',
        'Votes: yes 1, no 0 of 3 eligible; needs 20% of them to vote and 66.67% yes.',
        'Vetoed by @alice: Too soon',
      ].join('\n'),
    );
    expect(ru.govProposal(view)).toMatch(/Наложено вето \(@alice\): Too soon$/);
  });

  it('shows a grant as an amount to its recipient, and its payment once applied', () => {
    const grant = {
      ...PROPOSAL,
      parameter: 'treasury.grant' as const,
      currentValue: null,
      proposedValue: 500,
      recipientId: 'u-ann',
      status: 'applied' as const,
      veto: null,
      appliedAt: '2026-12-04T08:00:03.000Z',
    };
    const view = proposalView(grant, (id) => (id === 'u-ann' ? '@ann' : '@bob'));
    expect(en.govProposal(view).split('\n')).toEqual([
      '#3 "Winter fund" by @bob',
      'treasury.grant: 500 tickets to @ann',
      'Votes: yes 1, no 0 of 3 eligible; needs 20% of them to vote and 66.67% yes.',
      'Passed and paid at 2026-12-04 08:00 UTC: 500 tickets from the treasury to @ann.',
    ]);
    expect(en.govParameterLine(parameterRow('treasury.grant', null))).toMatch(
      /^treasury\.grant: 1–1000000000 tickets — .*: \/propose treasury\.grant <amount> @member <title>$/,
    );
  });
});

describe('/proposals in one message', () => {
  const more = (count: number) => `+${count}`;

  it('keeps every card that fits, in order, under their headers', () => {
    expect(
      fitSections(
        [
          { header: 'Open', cards: ['a', 'b'] },
          { header: 'Done', cards: [] },
        ],
        more,
      ),
    ).toBe('Open\n\na\n\nb');
  });

  it('leaves out what does not fit, and a header with none of its cards, saying how many', () => {
    const card = 'x'.repeat(40);
    const text = fitSections(
      [
        { header: 'Open', cards: [card, card] },
        { header: 'Done', cards: [card, card] },
      ],
      more,
      100,
    );
    expect(text).toBe(`Open\n\n${card}\n\n${card}\n\n+2`);
    expect(fitSections([{ header: 'Open', cards: ['y'.repeat(200)] }], more, 100)).toBe('+1');
  });
});

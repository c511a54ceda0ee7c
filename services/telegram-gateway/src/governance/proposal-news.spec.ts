import { GovernanceEvents } from '@ticketonomics/contracts';
import { proposalNewsOf } from './proposal-news';

const applied = GovernanceEvents.proposalApplied;
const proposal = { ...applied.example, communityId: 'tg-100555' };

describe('proposal news', () => {
  it("tells a Telegram group how its proposal ended, in the group's chat", () => {
    expect(proposalNewsOf({ type: applied.type, data: proposal })).toEqual({ chatId: -100_555, proposal });
    for (const event of [GovernanceEvents.proposalRejected, GovernanceEvents.proposalVetoed]) {
      expect(proposalNewsOf({ type: event.type, data: proposal })?.chatId).toBe(-100_555);
    }
  });

  it('keeps quiet about votes, new and withdrawn proposals, other communities and bad data', () => {
    expect(proposalNewsOf({ type: GovernanceEvents.proposalCreated.type, data: proposal })).toBeUndefined();
    expect(proposalNewsOf({ type: GovernanceEvents.proposalCancelled.type, data: proposal })).toBeUndefined();
    expect(
      proposalNewsOf({ type: applied.type, data: { ...proposal, communityId: 'demo' } }),
    ).toBeUndefined();
    expect(proposalNewsOf({ type: applied.type, data: { ...proposal, yes: -1 } })).toBeUndefined();
  });

  it('says nothing of a pass that applies at once: the applied news follows', () => {
    const passed = GovernanceEvents.proposalPassed.type;
    expect(
      proposalNewsOf({ type: passed, data: { ...proposal, status: 'passed', timelockMs: 0 } }),
    ).toBeUndefined();
    expect(
      proposalNewsOf({ type: passed, data: { ...proposal, status: 'passed', timelockMs: 1_000 } }),
    ).toBeDefined();
  });
});

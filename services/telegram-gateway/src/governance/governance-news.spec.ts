import { GovernanceEvents, PoolEvents } from '@ticketonomics/contracts';
import { governanceNewsOf } from './governance-news';

const applied = GovernanceEvents.proposalApplied;
const proposal = { ...applied.example, communityId: 'tg-100555' };
const pool = { ...PoolEvents.poolReleased.example, communityId: 'tg-100555' };

describe('governance news', () => {
  it("tells a Telegram group how its proposal ended, in the group's chat", () => {
    expect(governanceNewsOf({ type: applied.type, data: proposal })).toEqual({
      kind: 'proposal',
      chatId: -100_555,
      proposal,
    });
    for (const event of [GovernanceEvents.proposalRejected, GovernanceEvents.proposalVetoed]) {
      expect(governanceNewsOf({ type: event.type, data: proposal })?.chatId).toBe(-100_555);
    }
  });

  it('tells it a pool paid out or released', () => {
    expect(governanceNewsOf({ type: PoolEvents.poolReleased.type, data: pool })).toEqual({
      kind: 'pool',
      chatId: -100_555,
      pool,
    });
    const settled = { ...PoolEvents.poolSettled.example, communityId: 'tg-100555' };
    expect(governanceNewsOf({ type: PoolEvents.poolSettled.type, data: settled })?.kind).toBe('pool');
  });

  it('keeps quiet about votes, pledges, new and withdrawn proposals, new pools, other communities and bad data', () => {
    for (const type of [
      GovernanceEvents.proposalCreated.type,
      GovernanceEvents.proposalCancelled.type,
      GovernanceEvents.settingsUpdated.type,
      PoolEvents.poolOpened.type,
      PoolEvents.poolPledged.type,
    ]) {
      expect(governanceNewsOf({ type, data: proposal })).toBeUndefined();
    }
    expect(
      governanceNewsOf({ type: applied.type, data: { ...proposal, communityId: 'demo' } }),
    ).toBeUndefined();
    expect(governanceNewsOf({ type: applied.type, data: { ...proposal, yes: -1 } })).toBeUndefined();
    expect(governanceNewsOf({ type: PoolEvents.poolSettled.type, data: proposal })).toBeUndefined();
  });

  it('says nothing of a pass that applies at once: the applied news follows', () => {
    const passed = GovernanceEvents.proposalPassed.type;
    const at = (timelockMs: number) => ({ ...proposal, status: 'passed', timelockMs });
    expect(governanceNewsOf({ type: passed, data: at(0) })).toBeUndefined();
    expect(governanceNewsOf({ type: passed, data: at(1_000) })).toBeDefined();
  });
});

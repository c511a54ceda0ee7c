import { applyStep, decide } from './decision.rules';

const tally = (eligibleCount: number, yes: number, no: number, quorumBps = 2_000, thresholdBps = 5_001) => ({
  eligibleCount,
  yes,
  no,
  quorumBps,
  thresholdBps,
});

describe('decide', () => {
  it('passes with the quorum reached exactly and the threshold reached exactly', () => {
    // 2 of 10 voted = 20.00% quorum; 2 of 3 yes = 66.67% against a 6,666 bps threshold.
    expect(decide(tally(10, 2, 0))).toEqual({ outcome: 'passed' });
    expect(decide(tally(15, 2, 1, 2_000, 6_666))).toEqual({ outcome: 'passed' });
  });

  it('rejects for the quorum one vote short of it, before looking at the threshold', () => {
    expect(decide(tally(10, 1, 0))).toEqual({ outcome: 'rejected', reason: 'quorum' });
    // 20% of 11 is 2.2 voters: 2 votes are not enough, 3 are.
    expect(decide(tally(11, 2, 0))).toEqual({ outcome: 'rejected', reason: 'quorum' });
    expect(decide(tally(11, 3, 0))).toEqual({ outcome: 'passed' });
  });

  it('rejects for the threshold one basis point short of it, and on a tie', () => {
    expect(decide(tally(3, 2, 1, 0, 6_667))).toEqual({ outcome: 'rejected', reason: 'threshold' });
    expect(decide(tally(3, 2, 1, 0, 6_666))).toEqual({ outcome: 'passed' });
    expect(decide(tally(4, 2, 2, 0, 5_001))).toEqual({ outcome: 'rejected', reason: 'threshold' });
  });

  it('never passes a vote nobody cast, even with no quorum asked; a full quorum needs every voter', () => {
    expect(decide(tally(5, 0, 0, 0))).toEqual({ outcome: 'rejected', reason: 'threshold' });
    expect(decide(tally(5, 4, 0, 10_000))).toEqual({ outcome: 'rejected', reason: 'quorum' });
    expect(decide(tally(5, 5, 0, 10_000, 10_000))).toEqual({ outcome: 'passed' });
    expect(decide(tally(5, 4, 1, 10_000, 10_000))).toEqual({ outcome: 'rejected', reason: 'threshold' });
  });
});

describe('applyStep', () => {
  const window = 1_000;

  it('waits until the timelock ends, applies from its last millisecond on', () => {
    expect(applyStep({ status: 'passed', appliesAt: 5_000 }, 4_999, window)).toBe('wait');
    expect(applyStep({ status: 'passed', appliesAt: 5_000 }, 5_000, window)).toBe('apply');
    expect(applyStep({ status: 'passed', appliesAt: null }, 9_999, window)).toBe('wait');
  });

  it('expires a passed proposal not begun within the window, and finishes one begun whatever the time', () => {
    expect(applyStep({ status: 'passed', appliesAt: 5_000 }, 6_000, window)).toBe('apply');
    expect(applyStep({ status: 'passed', appliesAt: 5_000 }, 6_001, window)).toBe('expire');
    expect(applyStep({ status: 'applying', appliesAt: 5_000 }, 60_000, window)).toBe('apply');
  });
});

const BPS = 10_000;

export type Decision = { outcome: 'passed' } | { outcome: 'rejected'; reason: 'quorum' | 'threshold' };

/**
 * The result of a vote that ended. The quorum is met when votes cast / eligible voters reaches quorumBps;
 * then it passes when yes / votes cast reaches thresholdBps. Both compare in integers (no rounding), and a
 * vote nobody cast never passes, whatever the quorum.
 */
export function decide(tally: {
  eligibleCount: number;
  yes: number;
  no: number;
  quorumBps: number;
  thresholdBps: number;
}): Decision {
  const cast = tally.yes + tally.no;
  if (cast * BPS < tally.quorumBps * tally.eligibleCount) return { outcome: 'rejected', reason: 'quorum' };
  if (cast === 0 || tally.yes * BPS < tally.thresholdBps * cast) {
    return { outcome: 'rejected', reason: 'threshold' };
  }
  return { outcome: 'passed' };
}

/** What the apply worker does with a passed proposal at `nowMs`. */
export function applyStep(
  proposal: { status: string; appliesAt: number | null },
  nowMs: number,
  applyWindowMs: number,
): 'wait' | 'apply' | 'expire' {
  if (proposal.appliesAt === null || nowMs < proposal.appliesAt) return 'wait';
  // A change begun (status applying) is finished whatever the time: the owner may have made it already.
  if (proposal.status === 'passed' && nowMs > proposal.appliesAt + applyWindowMs) return 'expire';
  return 'apply';
}

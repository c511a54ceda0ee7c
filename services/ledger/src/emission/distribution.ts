import { BPS_WHOLE, type DistributionRule } from '@ticketonomics/contracts';

/**
 * Split `amount` by `weights` with the largest remainder method: each part is the floor of its exact
 * share, and the units left over go one each to the largest remainders, ties to the lower index. The
 * parts sum to `amount` exactly, none is negative, and the same input always gives the same split.
 * Arithmetic is in BigInt: amount times a weight can pass 2^53. All weights 0 gives all zeros.
 */
export function splitByWeights(amount: number, weights: readonly number[]): number[] {
  const total = weights.reduce((sum, weight) => sum + BigInt(weight), 0n);
  if (total === 0n || amount === 0) return weights.map(() => 0);
  const whole = BigInt(amount);
  const parts = weights.map((weight) => (whole * BigInt(weight)) / total);
  const remainders = weights.map((weight, index) => ({ index, rest: (whole * BigInt(weight)) % total }));
  let left = Number(whole - parts.reduce((sum, part) => sum + part, 0n));
  remainders.sort((a, b) => (a.rest === b.rest ? a.index - b.index : a.rest > b.rest ? -1 : 1));
  for (const { index } of remainders) {
    if (left === 0) break;
    parts[index]! += 1n;
    left -= 1;
  }
  return parts.map(Number);
}

/** A member who may receive a share of a period's emission, with what the rules weigh. */
export interface Recipient {
  accountId: string;
  role: 'member' | 'admin' | 'owner';
  /** Active (a reward or a payment) within the basic income window. */
  activeInWindow: (windowDays: number) => boolean;
  /** Rewards earned in the period. */
  earned: number;
  /** Posted balance when the period is applied (never negative for a member). */
  balance: number;
}

export interface DistributionPlan {
  toTreasury: number;
  /** Amount per recipient account, in the order recipients were given, zeros left out. */
  toMembers: { accountId: string; amount: number }[];
}

/**
 * Share a period's emission out by the rules: first among the rules by their shares, then each rule's
 * part among the recipients by the rule's weights. A rule's part that no recipient can take (nobody
 * eligible, or every weight 0) goes to the treasury. The treasury's part and the members' parts sum to
 * `amount` exactly.
 */
export function planDistribution(
  amount: number,
  rules: readonly DistributionRule[],
  recipients: readonly Recipient[],
): DistributionPlan {
  const ruleParts = splitByWeights(
    amount,
    rules.map((rule) => rule.shareBps),
  );
  const perMember = new Array<number>(recipients.length).fill(0);
  let toTreasury = 0;
  rules.forEach((rule, ruleIndex) => {
    const part = ruleParts[ruleIndex]!;
    if (part === 0) return;
    if (rule.kind === 'treasury') {
      toTreasury += part;
      return;
    }
    const weights = recipients.map((recipient) => weightOf(rule, recipient));
    if (weights.every((weight) => weight === 0)) {
      toTreasury += part;
      return;
    }
    splitByWeights(part, weights).forEach((share, index) => (perMember[index]! += share));
  });
  return {
    toTreasury,
    toMembers: recipients
      .map((recipient, index) => ({ accountId: recipient.accountId, amount: perMember[index]! }))
      .filter((entry) => entry.amount > 0),
  };
}

function weightOf(rule: Exclude<DistributionRule, { kind: 'treasury' }>, recipient: Recipient): number {
  switch (rule.kind) {
    case 'basicIncome':
      return recipient.activeInWindow(rule.activeWindowDays) ? 1 : 0;
    case 'earned':
      return recipient.earned;
    case 'roles':
      return rule[recipient.role];
    case 'interest':
      return Math.max(0, Math.min(recipient.balance, rule.balanceCap));
  }
}

/** Sanity for callers and tests: the shares of a distribution are whole. */
export function sharesAreWhole(rules: readonly DistributionRule[]): boolean {
  return rules.reduce((sum, rule) => sum + rule.shareBps, 0) === BPS_WHOLE;
}

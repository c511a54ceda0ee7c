/**
 * What the clients saw during a chaos run: every transfer the system acknowledged (by its ledger id, with
 * the channel it came through), every purchase acknowledged, what governance acknowledged (proposals,
 * votes, pools, pledges), and the retries and their reasons.
 */
export type Channel = 'nats' | 'http' | 'telegram';

export interface AcknowledgedTransfer {
  id: string;
  communityId: string;
  channel: Channel;
}

export interface AcknowledgedPurchase {
  communityId: string;
  /** The artifacts request id; its ledger hold is `art:<communityId>:<requestId>:hold`. */
  requestId: string;
  command: string;
}

/** Governance's acknowledgements: each must be found, final, by the checks. */
export interface AcknowledgedGovernance {
  proposals: { communityId: string; proposalId: number }[];
  votes: number;
  pools: { communityId: string; poolId: number }[];
  pledges: { communityId: string; poolId: number; seq: number; amount: number }[];
}

export class ChaosRecord {
  readonly transfers = new Map<string, AcknowledgedTransfer>();
  readonly purchases: AcknowledgedPurchase[] = [];
  readonly governance: AcknowledgedGovernance = { proposals: [], votes: 0, pools: [], pledges: [] };
  /** Operations finished, by `<channel> <outcome>`. */
  readonly operations = new Map<string, number>();
  /** Retries by reason (UNAVAILABLE, TIMEOUT, HTTP 503, ...). */
  readonly retries = new Map<string, number>();
  /** Operations given up after retrying past the limit: the system never answered them. */
  readonly givenUp: string[] = [];

  transfer(entry: AcknowledgedTransfer): void {
    this.transfers.set(entry.id, entry);
  }

  count(what: string, by = 1): void {
    this.operations.set(what, (this.operations.get(what) ?? 0) + by);
  }

  retried(reason: string): void {
    this.retries.set(reason, (this.retries.get(reason) ?? 0) + 1);
  }

  unavailableSeen(): number {
    return [...this.retries.entries()]
      .filter(([reason]) => reason.includes('UNAVAILABLE') || reason.includes('503'))
      .reduce((sum, [, n]) => sum + n, 0);
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function tally(map: Map<string, number>): string {
  const parts = [...map.entries()].sort((a, b) => b[1] - a[1]).map(([what, n]) => `${what}: ${n}`);
  return parts.length === 0 ? 'none' : parts.join(', ');
}

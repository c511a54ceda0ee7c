/**
 * What must hold of governance after the chaos: every vote decided and every passed change applied once
 * (the owner's version moved once per applied proposal, the history holds one entry for each), every pool
 * settled or released and its money where that says (a settled pool's pledges all posted and its purpose
 * paid exactly their sum; a released pool's holds all closed and nothing paid), never both, and everything
 * governance acknowledged to the members found so.
 */
import {
  AccountsCommands,
  GovernanceCommands,
  isDomainError,
  LedgerCommands,
  PoolCommands,
  poolHoldId,
  type ParameterChange,
  type Pledge,
  type Pool,
  type Proposal,
  type Transfer,
} from '@ticketonomics/contracts';
import type { CommandClient } from '@ticketonomics/messaging';
import { waitFor } from '@ticketonomics/testing';
import type { OwnerVersions } from './chaos.governance';
import type { ChaosRecord } from './chaos.record';

const PAGE = 100;
const SHOWN_MAX = 5;
/** The player stops before this wait; its longest pool deadline and vote with timelock are seconds. */
const GOVERNANCE_SETTLED_TIMEOUT_MS = 120_000;
const POLL_MS = 1_000;
const UNDECIDED = new Set(['voting', 'passed', 'applying']);
const UNCLOSED = new Set(['open', 'settling', 'releasing']);

export interface GovernanceCheckResult {
  name: string;
  ok: boolean;
  detail: string;
}

type Page<T> = { items: T[]; nextCursor: string | null };

async function allPages<T>(page: (cursor: string | undefined) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const next = await page(cursor);
    items.push(...next.items);
    cursor = next.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return items;
}

const proposalsOf = (commands: CommandClient, communityId: string) =>
  allPages<Proposal>((cursor) =>
    commands.request(GovernanceCommands.proposalList, { communityId, cursor, limit: PAGE }),
  );
const poolsOf = (commands: CommandClient, communityId: string) =>
  allPages<Pool>((cursor) => commands.request(PoolCommands.poolList, { communityId, cursor, limit: PAGE }));

function result(name: string, problems: string[], looked: string): GovernanceCheckResult {
  const shown = problems.slice(0, SHOWN_MAX).join('; ');
  const more = problems.length > SHOWN_MAX ? ` (+${problems.length - SHOWN_MAX} more)` : '';
  return {
    name,
    ok: problems.length === 0,
    detail: problems.length === 0 ? looked : `${looked}; ${shown}${more}`,
  };
}

/**
 * Resolves true once no proposal is voting, passed or applying and no pool is open, settling or releasing
 * in the communities (every period and deadline the player set is seconds); false after the time limit,
 * and the checks then name what stayed.
 */
export async function governanceSettled(commands: CommandClient, communities: string[]): Promise<boolean> {
  return waitFor(
    async () => {
      for (const communityId of communities) {
        if ((await proposalsOf(commands, communityId)).some((p) => UNDECIDED.has(p.status))) return false;
        if ((await poolsOf(commands, communityId)).some((p) => UNCLOSED.has(p.status))) return false;
      }
      return true;
    },
    { timeoutMs: GOVERNANCE_SETTLED_TIMEOUT_MS, intervalMs: POLL_MS },
  ).then(
    () => true,
    () => false,
  );
}

/**
 * Every proposal decided (none voting past its end, none passed or applying past its timelock); every
 * applied proposal has exactly one history entry, with its value, and no other proposal has one; the
 * ledger's policy and accounts' settings moved by exactly one version per applied proposal of theirs
 * (nothing else changes them during the run: a change sent twice after a crash is no new version).
 */
export async function checkProposals(
  commands: CommandClient,
  record: ChaosRecord,
  startVersions: ReadonlyMap<string, OwnerVersions>,
): Promise<GovernanceCheckResult> {
  const problems: string[] = [];
  const byStatus = new Map<string, number>();
  let proposalCount = 0;
  for (const [communityId, start] of startVersions) {
    const proposals = await proposalsOf(commands, communityId);
    proposalCount += proposals.length;
    const history = await allPages<ParameterChange>((cursor) =>
      commands.request(GovernanceCommands.historyList, { communityId, cursor, limit: PAGE }),
    );
    const entriesOf = new Map<number, ParameterChange[]>();
    for (const entry of history) {
      if (entry.source !== 'proposal' || entry.proposalId === null) continue;
      entriesOf.set(entry.proposalId, [...(entriesOf.get(entry.proposalId) ?? []), entry]);
    }
    const now = Date.now();
    for (const proposal of proposals) {
      const name = `${communityId} proposal ${proposal.id} (${proposal.parameter} to ${proposal.proposedValue})`;
      const status = proposal.rejectedFor === null ? proposal.status : `rejected (${proposal.rejectedFor})`;
      byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
      if (UNDECIDED.has(proposal.status))
        problems.push(
          `${name} still ${proposal.status} ${Math.round((now - Date.parse(proposal.votingEndsAt)) / 1000)} s after its vote ended`,
        );
      if (proposal.status === 'expired') problems.push(`${name} expired instead of applying`);
      const entries = entriesOf.get(proposal.id) ?? [];
      if (proposal.status === 'applied') {
        if (entries.length !== 1) problems.push(`${name} applied with ${entries.length} history entries`);
        else if (entries[0]!.newValue !== proposal.proposedValue)
          problems.push(`${name} recorded as ${entries[0]!.newValue}`);
      } else if (entries.length > 0) {
        problems.push(`${name} is ${proposal.status} but the history holds ${entries.length} change(s)`);
      }
    }
    const applied = proposals.filter((p) => p.status === 'applied');
    const ledgerApplied = applied.filter((p) => p.parameter.startsWith('ledger.')).length;
    const accountsApplied = applied.filter((p) => p.parameter.startsWith('rewards.')).length;
    const policy = await commands.request(LedgerCommands.policyGet, { communityId });
    const settings = await commands.request(AccountsCommands.settingsGet, { communityId });
    if (policy.version - start.ledgerPolicy !== ledgerApplied)
      problems.push(
        `${communityId}: the ledger policy moved ${policy.version - start.ledgerPolicy} versions for ${ledgerApplied} applied proposals`,
      );
    if (settings.version - start.accountsSettings !== accountsApplied)
      problems.push(
        `${communityId}: accounts settings moved ${settings.version - start.accountsSettings} versions for ${accountsApplied} applied proposals`,
      );
    for (const { proposalId } of record.governance.proposals.filter((p) => p.communityId === communityId))
      if (!proposals.some((p) => p.id === proposalId))
        problems.push(`acknowledged ${communityId} proposal ${proposalId} is missing`);
  }
  const statuses = [...byStatus.entries()].map(([status, n]) => `${n} ${status}`).join(', ');
  return result(
    'every proposal decided; each applied one changed its owner exactly once (one version, one history entry)',
    problems,
    `${proposalCount} proposals (${statuses || 'none'}), ${record.governance.votes} acknowledged votes`,
  );
}

/**
 * Every pool settled or released, never both, never in part, from the ledger's journal: a settled pool's
 * holds all posted and its payout the pledges' exact sum to its purpose; a released pool's holds all voided
 * (or expired) and no payout; its escrow empty either way. Every acknowledged pledge is in its pool, final.
 */
export async function checkPools(
  commands: CommandClient,
  record: ChaosRecord,
  communities: string[],
  journals: ReadonlyMap<string, Transfer[]>,
): Promise<GovernanceCheckResult> {
  const problems: string[] = [];
  const counts = { settled: 0, released: 0, pledges: 0 };
  for (const communityId of communities) {
    const rows = journals.get(communityId) ?? [];
    const byId = new Map(rows.map((row) => [row.id, row]));
    const posted = new Set(rows.filter((r) => r.kind === 'post_pending').map((r) => r.pendingId));
    const voided = new Set(rows.filter((r) => r.kind === 'void_pending').map((r) => r.pendingId));
    for (const listed of await poolsOf(commands, communityId)) {
      const { pool, pledges } = await commands.request(PoolCommands.poolGet, {
        communityId,
        poolId: listed.id,
      });
      counts.pledges += pledges.length;
      problems.push(...poolProblems(pool, pledges, rows, byId, posted, voided));
      if (pool.status === 'settled') counts.settled += 1;
      if (pool.status === 'released') counts.released += 1;
      const escrow = await escrowOf(commands, pool.escrowAccountId);
      if (escrow.balance !== 0 || escrow.pendingCredits !== 0)
        problems.push(
          `${pool.escrowAccountId} holds ${escrow.balance} (+${escrow.pendingCredits} pending) after ${pool.status}`,
        );
      const acknowledged = record.governance.pledges.filter(
        (p) => p.communityId === communityId && p.poolId === pool.id,
      );
      for (const ack of acknowledged) {
        const pledge = pledges.find((p) => p.seq === ack.seq);
        if (pledge === undefined || pledge.amount !== ack.amount)
          problems.push(`acknowledged pledge ${ack.seq} of ${communityId} pool ${pool.id} is missing`);
      }
    }
    for (const { poolId } of record.governance.pools.filter((p) => p.communityId === communityId))
      if (!(await poolsOf(commands, communityId)).some((p) => p.id === poolId))
        problems.push(`acknowledged ${communityId} pool ${poolId} is missing`);
  }
  return result(
    'every pool settled (pledges posted, purpose paid their sum) or released (holds voided), never both',
    problems,
    `${counts.settled} settled, ${counts.released} released, ${counts.pledges} pledges (${record.governance.pledges.length} acknowledged)`,
  );
}

function poolProblems(
  pool: Pool,
  pledges: Pledge[],
  rows: Transfer[],
  byId: Map<string, Transfer>,
  posted: Set<string | null>,
  voided: Set<string | null>,
): string[] {
  const problems: string[] = [];
  const name = `${pool.communityId} pool ${pool.id}`;
  const holdPrefix = `pool:${pool.communityId}:${pool.id}:`;
  const holds = rows.filter((row) => row.kind === 'pending' && row.id.startsWith(holdPrefix));
  const payout = byId.get(pool.payoutTransferId);
  const pledgeSum = pledges.reduce((sum, pledge) => sum + pledge.amount, 0);
  const postedHolds = holds.filter((hold) => posted.has(hold.id));
  const closed = (hold: Transfer) =>
    voided.has(hold.id) || hold.pendingState === 'voided' || hold.pendingState === 'expired';
  const known = new Set(pledges.map((pledge) => poolHoldId(pool.communityId, pool.id, pledge.seq)));
  for (const hold of postedHolds)
    if (!known.has(hold.id)) problems.push(`${hold.id} posted but no pledge of ${name} holds it`);
  for (const pledge of pledges) {
    const hold = byId.get(pledge.holdId);
    if (hold !== undefined && hold.amount !== pledge.amount)
      problems.push(`${pledge.holdId} holds ${hold.amount} for a pledge of ${pledge.amount}`);
  }
  if (pool.status === 'settled') {
    for (const pledge of pledges) {
      if (pledge.status !== 'posted')
        problems.push(`${name} settled with pledge ${pledge.seq} ${pledge.status}`);
      if (!posted.has(pledge.holdId)) problems.push(`${name} settled but ${pledge.holdId} not posted`);
    }
    if (holds.some((hold) => voided.has(hold.id))) problems.push(`${name} settled with a hold voided (both)`);
    if (payout === undefined) problems.push(`${name} settled without its payout`);
    else {
      if (payout.amount !== pledgeSum)
        problems.push(`${name} paid ${payout.amount} for ${pledgeSum} pledged`);
      if (payout.creditAccountId !== pool.payoutAccountId || payout.debitAccountId !== pool.escrowAccountId)
        problems.push(`${name} paid ${payout.debitAccountId} -> ${payout.creditAccountId}`);
    }
    if (pool.pledgedAmount !== pledgeSum || pledgeSum < pool.targetAmount)
      problems.push(
        `${name} settled at ${pledgeSum} pledged (says ${pool.pledgedAmount}, target ${pool.targetAmount})`,
      );
  } else if (pool.status === 'released') {
    for (const pledge of pledges)
      if (pledge.status !== 'voided')
        problems.push(`${name} released with pledge ${pledge.seq} ${pledge.status}`);
    if (postedHolds.length > 0)
      problems.push(`${name} released with ${postedHolds.length} holds posted (both)`);
    for (const hold of holds) if (!closed(hold)) problems.push(`${name} released but ${hold.id} still open`);
    if (payout !== undefined) problems.push(`${name} released but paid ${payout.amount} out`);
  } else {
    const late = Math.round((Date.now() - Date.parse(pool.deadline)) / 1000);
    problems.push(`${name} still ${pool.status} ${late} s after its deadline`);
  }
  return problems;
}

/** A pool nobody pledged to may have no escrow account yet: nothing held. */
async function escrowOf(commands: CommandClient, accountId: string) {
  try {
    return await commands.request(LedgerCommands.balanceGet, { accountId });
  } catch (error) {
    if (isDomainError(error) && error.code === 'NOT_FOUND') return { balance: 0, pendingCredits: 0 };
    throw error;
  }
}

import {
  GovernanceEvents,
  isTelegramCommunityId,
  PoolEvents,
  PoolSchema,
  ProposalSchema,
  TELEGRAM_COMMUNITY_PREFIX,
  type CloudEvent,
  type Pool,
  type Proposal,
} from '@ticketonomics/contracts';

/** The proposal events a group is told of: how a vote ended and what became of its change. */
const PROPOSAL_NEWS = new Set<string>(
  [
    GovernanceEvents.proposalPassed,
    GovernanceEvents.proposalRejected,
    GovernanceEvents.proposalVetoed,
    GovernanceEvents.proposalApplied,
    GovernanceEvents.proposalFailed,
    GovernanceEvents.proposalExpired,
  ].map((event) => event.type),
);

/** The pool events a group is told of: a pool paid out, or released (its deadline passes with nobody asking). */
const POOL_NEWS = new Set<string>([PoolEvents.poolSettled.type, PoolEvents.poolReleased.type]);

/** Every governance event: the bot's durable reads them all and posts only the news. */
export const GOVERNANCE_EVENTS_FILTER = 'tk.evt.governance.>';

export type GovernanceNews =
  { kind: 'proposal'; chatId: number; proposal: Proposal } | { kind: 'pool'; chatId: number; pool: Pool };

/**
 * The chat to tell and what to tell it, when an event is news for a Telegram group; undefined for votes,
 * pledges, new or withdrawn proposals and new pools (their members saw them happen), communities that are
 * not Telegram groups, and a pass whose change applies at once (no timelock: the applied news follows).
 */
export function governanceNewsOf(event: Pick<CloudEvent, 'type' | 'data'>): GovernanceNews | undefined {
  if (PROPOSAL_NEWS.has(event.type)) {
    const parsed = ProposalSchema.safeParse(event.data);
    if (!parsed.success) return undefined;
    const proposal = parsed.data;
    if (event.type === GovernanceEvents.proposalPassed.type && proposal.timelockMs === 0) return undefined;
    const chatId = chatIdOf(proposal.communityId);
    return chatId === undefined ? undefined : { kind: 'proposal', chatId, proposal };
  }
  if (POOL_NEWS.has(event.type)) {
    const parsed = PoolSchema.safeParse(event.data);
    if (!parsed.success) return undefined;
    const chatId = chatIdOf(parsed.data.communityId);
    return chatId === undefined ? undefined : { kind: 'pool', chatId, pool: parsed.data };
  }
  return undefined;
}

function chatIdOf(communityId: string): number | undefined {
  if (!isTelegramCommunityId(communityId)) return undefined;
  const chatId = Number(communityId.slice(TELEGRAM_COMMUNITY_PREFIX.length));
  return Number.isSafeInteger(chatId) ? chatId : undefined;
}

import {
  GovernanceEvents,
  isTelegramCommunityId,
  ProposalSchema,
  TELEGRAM_COMMUNITY_PREFIX,
  type CloudEvent,
  type Proposal,
} from '@ticketonomics/contracts';

/** The proposal events a group is told of: how a vote ended and what became of its change. */
const NEWS_TYPES = new Set<string>(
  [
    GovernanceEvents.proposalPassed,
    GovernanceEvents.proposalRejected,
    GovernanceEvents.proposalVetoed,
    GovernanceEvents.proposalApplied,
    GovernanceEvents.proposalFailed,
    GovernanceEvents.proposalExpired,
  ].map((event) => event.type),
);

/** Every proposal event: the bot's durable reads them all and posts only the news. */
export const PROPOSAL_EVENTS_FILTER = 'tk.evt.governance.proposal.>';

/**
 * The chat to tell and the proposal, when an event is news for a Telegram group; undefined for votes, new
 * or withdrawn proposals (their members saw them happen), communities that are not Telegram groups, and a
 * pass whose change applies at once (no timelock: the applied news follows within a round).
 */
export function proposalNewsOf(
  event: Pick<CloudEvent, 'type' | 'data'>,
): { chatId: number; proposal: Proposal } | undefined {
  if (!NEWS_TYPES.has(event.type)) return undefined;
  const parsed = ProposalSchema.safeParse(event.data);
  if (!parsed.success) return undefined;
  const proposal = parsed.data;
  if (!isTelegramCommunityId(proposal.communityId)) return undefined;
  const chatId = Number(proposal.communityId.slice(TELEGRAM_COMMUNITY_PREFIX.length));
  if (!Number.isSafeInteger(chatId)) return undefined;
  if (event.type === GovernanceEvents.proposalPassed.type && proposal.timelockMs === 0) return undefined;
  return { chatId, proposal };
}

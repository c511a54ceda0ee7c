import {
  eventSourceOf,
  GovernanceEvents,
  governanceEventAddress,
  type EventData,
  type EventSpec,
  type GovernanceSettings,
  type ParameterChange,
  type Proposal,
  type Vote,
} from '@ticketonomics/contracts';
import { buildEvent, type OutboxStore } from '@ticketonomics/messaging';

export const GOVERNANCE_EVENT_SOURCE = eventSourceOf('governance');

/** The event of each status a proposal can reach after voting opened. */
const STATUS_EVENTS = {
  passed: GovernanceEvents.proposalPassed,
  rejected: GovernanceEvents.proposalRejected,
  vetoed: GovernanceEvents.proposalVetoed,
  cancelled: GovernanceEvents.proposalCancelled,
  applied: GovernanceEvents.proposalApplied,
  failed: GovernanceEvents.proposalFailed,
  expired: GovernanceEvents.proposalExpired,
} as const;

/** Writes the service's events to the outbox, inside the transaction of the change they describe. */
export class GovernanceEventsEmitter {
  constructor(private readonly outbox: OutboxStore) {}

  settingsUpdated(settings: GovernanceSettings): void {
    this.emit(GovernanceEvents.settingsUpdated, settings);
  }

  proposalCreated(proposal: Proposal): void {
    this.emit(GovernanceEvents.proposalCreated, proposal);
  }

  proposalVoted(vote: Vote, proposal: Proposal): void {
    this.emit(GovernanceEvents.proposalVoted, { communityId: proposal.communityId, vote, proposal });
  }

  /** The proposal reached `proposal.status`; 'applying' is a step of the apply worker and has no event. */
  proposalClosed(proposal: Proposal): void {
    if (proposal.status in STATUS_EVENTS) {
      this.emit(STATUS_EVENTS[proposal.status as keyof typeof STATUS_EVENTS], proposal);
    }
  }

  parameterChanged(change: ParameterChange): void {
    this.emit(GovernanceEvents.parameterChanged, change);
  }

  private emit<E extends EventSpec>(spec: E, data: EventData<E>): void {
    const { subject, communityId } = governanceEventAddress(spec, data);
    this.outbox.enqueue(buildEvent(spec, { source: GOVERNANCE_EVENT_SOURCE, communityId, subject, data }));
  }
}

import {
  eventSourceOf,
  GovernanceEvents,
  governanceEventAddress,
  PoolEvents,
  poolEventAddress,
  type EventData,
  type EventSpec,
  type GovernanceSettings,
  type ParameterChange,
  type Pledge,
  type Pool,
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

  poolOpened(pool: Pool): void {
    this.emit(PoolEvents.poolOpened, pool);
  }

  poolPledged(pledge: Pledge, pool: Pool): void {
    this.emit(PoolEvents.poolPledged, { communityId: pool.communityId, pledge, pool });
  }

  /** The pool reached `pool.status`; settling and releasing are steps towards it and have no event. */
  poolClosed(pool: Pool): void {
    if (pool.status === 'settled') this.emit(PoolEvents.poolSettled, pool);
    else if (pool.status === 'released') this.emit(PoolEvents.poolReleased, pool);
  }

  private emit<E extends EventSpec>(spec: E, data: EventData<E>): void {
    const isPool = Object.values(PoolEvents).some((event) => event.type === spec.type);
    const { subject, communityId } = isPool
      ? poolEventAddress(spec, data)
      : governanceEventAddress(spec, data);
    this.outbox.enqueue(buildEvent(spec, { source: GOVERNANCE_EVENT_SOURCE, communityId, subject, data }));
  }
}

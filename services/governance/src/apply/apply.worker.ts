import { isDomainError, isGrant } from '@ticketonomics/contracts';
import type { Logger } from 'pino';
import type { GovernanceEventsEmitter } from '../events/governance-events.emitter';
import type { Clock } from '../governance.tokens';
import { HistoryRecorder } from '../history/history.recorder';
import { applyStep, decide } from '../proposals/decision.rules';
import { toProposal, type ProposalRow } from '../proposals/proposals.store';
import type { GovernanceStores } from '../store/governance.stores';
import type { OwnersGateway } from './owners.gateway';

/** Refusals that pass by themselves: the change is tried again next round. */
const TRANSIENT_CODES = new Set(['UNAVAILABLE', 'OVERLOADED', 'INTERNAL']);

export interface ApplyWorkerOptions {
  intervalMs: number;
  batchMax: number;
  applyWindowMs: number;
  /** Test hook: runs after the owner made a change and before it is recorded (kills the process). */
  afterOwnerChange?: () => void;
}

/**
 * Each round, over the partition's communities: decides the votes that ended (passed or rejected), then
 * applies passed proposals whose timelock is over, once each.
 *
 * Applying is two transactions around the owner's command: the proposal is marked `applying` first (from
 * then on it cannot be vetoed), the owner's set-to-value command is sent, then `applied` is recorded with
 * its event. A crash between the two leaves it `applying`, and the next round (after a restart, or on the
 * replica that took the partition over) sends the same set again, which changes nothing more at the owner.
 * The owner is asked for the current value first: while it does not answer the proposal stays passed, and
 * one not begun within the apply window after its timelock expires instead of changing the economy late.
 * A grant is recorded in the history when it is marked applied, in the same transaction: the ledger's
 * events do not say which payments are grants, and its id derived from the proposal pays it once.
 */
export class ApplyWorker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private readonly history: HistoryRecorder;

  constructor(
    private readonly stores: GovernanceStores,
    private readonly owners: OwnersGateway,
    private readonly events: GovernanceEventsEmitter,
    private readonly clock: Clock,
    private readonly options: ApplyWorkerOptions,
    private readonly logger: Logger,
  ) {
    this.history = new HistoryRecorder(stores, events);
  }

  start(): void {
    this.timer = setInterval(() => void this.round(), this.options.intervalMs);
  }

  async stop(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One round; a round already running is joined instead of started twice. */
  round(): Promise<void> {
    this.running ??= this.run()
      .catch((error: unknown) =>
        this.logger.error({ err: error }, 'governance round failed; retried next round'),
      )
      .finally(() => (this.running = null));
    return this.running;
  }

  private async run(): Promise<void> {
    this.decideEnded();
    const due = this.stores.proposals.toApply(this.clock(), this.options.batchMax);
    for (const row of due) await this.applyOne(row);
  }

  private decideEnded(): void {
    this.stores.write(() => {
      const now = this.clock();
      for (const row of this.stores.proposals.votingDue(now, this.options.batchMax)) {
        const decision = decide(row);
        const decided: ProposalRow =
          decision.outcome === 'passed'
            ? { ...row, status: 'passed', decidedAt: now, appliesAt: row.votingEndsAt + row.timelockMs }
            : { ...row, status: 'rejected', decidedAt: now, rejectedFor: decision.reason };
        this.stores.proposals.update(decided);
        this.events.proposalClosed(toProposal(decided));
      }
    });
  }

  private async applyOne(row: ProposalRow): Promise<void> {
    const step = applyStep(row, this.clock(), this.options.applyWindowMs);
    if (step === 'wait') return;
    if (step === 'expire') {
      this.close(row, { status: 'expired' });
      return;
    }
    if (row.status === 'passed') {
      // The owner must answer before the change is begun: while it is down the proposal stays passed,
      // and expires at the end of its window instead of waiting, begun, for however long it takes.
      // Its refusal (an admin's change since the vote made it impossible, a treasury short of the grant)
      // fails the proposal before anything is begun.
      if (!(await this.owner(row, () => this.check(row)))) return;
      if (!this.begin(row)) return;
    }
    const change = {
      communityId: row.communityId,
      proposalId: row.id,
      parameter: row.parameter,
      value: row.proposedValue,
      recipientId: row.recipientId,
      title: row.title,
    };
    if (!(await this.owner(row, () => this.owners.apply(change)))) return;
    this.options.afterOwnerChange?.();
    this.close(row, { status: 'applied', appliedAt: this.clock() }, (applied) => {
      if (isGrant(applied.parameter)) this.history.recordGrant(applied);
    });
  }

  private async check(row: ProposalRow): Promise<void> {
    const reading = await this.owners.read(row.communityId, row.parameter);
    const refusal = reading.refusal(row.proposedValue);
    if (refusal !== null) throw refusal;
  }

  /**
   * Calls the owner; false when it did not answer (tried again next round) or refused (the proposal then
   * fails, with the owner's reason).
   */
  private async owner(row: ProposalRow, call: () => Promise<unknown>): Promise<boolean> {
    try {
      await call();
      return true;
    } catch (error) {
      if (isDomainError(error) && !TRANSIENT_CODES.has(error.code)) {
        this.close(row, { status: 'failed', failure: `${error.code}: ${error.message}`.slice(0, 500) });
        return false;
      }
      this.logger.warn(
        { err: error, communityId: row.communityId, proposalId: row.id },
        'owner did not answer; the change is tried again next round',
      );
      return false;
    }
  }

  /** Marks it applying unless a veto came first; returns whether it did. */
  private begin(row: ProposalRow): boolean {
    return this.stores.write(() => {
      const now = this.stores.proposals.find(row.communityId, row.id);
      if (now?.status !== 'passed') return false;
      this.stores.proposals.update({ ...now, status: 'applying' });
      return true;
    });
  }

  /** Closes it unless it is closed already; `andThen` runs in the same transaction. */
  private close(
    row: ProposalRow,
    change: Partial<ProposalRow>,
    andThen?: (closed: ProposalRow) => void,
  ): void {
    this.stores.write(() => {
      const now = this.stores.proposals.find(row.communityId, row.id);
      if (now === null || (now.status !== 'passed' && now.status !== 'applying')) return;
      const closed = { ...now, ...change };
      this.stores.proposals.update(closed);
      this.events.proposalClosed(toProposal(closed));
      andThen?.(closed);
    });
  }
}

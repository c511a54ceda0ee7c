import {
  periodEmission,
  scheduledRowId,
  type EmissionApplied,
  type EmissionPeriod,
  type Policy,
} from '@ticketonomics/contracts';
import { issuanceAccountId, treasuryAccountId } from '../accounts/account-id';
import type { LedgerEventsEmitter } from '../events/ledger-events.emitter';
import type { JournalWriter, NewEntry } from '../journal/journal.writer';
import type { LedgerStores } from '../store/ledger.stores';
import { demurrageFee } from './demurrage';
import { planDistribution, type Recipient } from './distribution';
import type { EmissionStateRow } from './emission.store';
import {
  firstPeriodFrom,
  hourOf,
  lastCompletedPeriod,
  periodEnd,
  periodStart,
  PERIOD_MS,
} from './emission-period';

const DAY_MS = 86_400_000;

/** Whether a policy runs a schedule: emission on, or a holding fee set. */
export function isScheduled(policy: Policy): boolean {
  return policy.emission.mode !== 'none' || policy.demurrage !== null;
}

export type ApplyOutcome =
  | { kind: 'idle' }
  | { kind: 'applied'; applied: EmissionApplied; skipped: number }
  | { kind: 'already-applied'; periodIndex: number };

/**
 * A community's scheduled emission and holding fee. Every method is synchronous and runs inside a
 * transaction of the commit queue; apply() applies one period in its transaction, so a period is either
 * wholly applied (its row, every mint, every fee, the state) or not at all.
 */
export class EmissionEngine {
  constructor(
    private readonly stores: LedgerStores,
    private readonly writer: JournalWriter,
    private readonly events: LedgerEventsEmitter,
    /** Most missed periods applied after downtime; older ones are skipped. */
    private readonly catchUpMax: number,
  ) {}

  /**
   * Called by policy.set in its transaction when a schedule starts, changes its period or its start:
   * the next period to apply is the first that starts at or after the start (now by default), and
   * never one already applied.
   */
  reschedule(policy: Policy, now: number): void {
    const { communityId } = policy;
    const period = policy.emission.period;
    const start = policy.emission.startAt === null ? now : Date.parse(policy.emission.startAt);
    const state = this.stores.emission.state(communityId);
    let nextPeriod = firstPeriodFrom(period, start);
    if (state !== undefined && state.period === period && state.lastAppliedPeriod !== null) {
      nextPeriod = Math.max(nextPeriod, state.lastAppliedPeriod + 1);
    }
    this.stores.emission.saveState({
      ...(state ?? emptyState(communityId, period)),
      period,
      nextPeriod,
    });
  }

  status(communityId: string, now: number) {
    const policy = this.stores.policies.get(communityId);
    const state = this.stores.emission.state(communityId);
    const active = isScheduled(policy);
    const period = policy.emission.period;
    const onPeriod = state !== undefined && state.period === period;
    const nextPeriod = onPeriod ? state.nextPeriod : firstPeriodFrom(period, now);
    return {
      communityId,
      mode: policy.emission.mode,
      period,
      active,
      lastAppliedPeriodEnd:
        onPeriod && state.lastAppliedPeriod !== null
          ? new Date(periodEnd(period, state.lastAppliedPeriod)).toISOString()
          : null,
      nextDueAt: active ? new Date(periodEnd(period, nextPeriod)).toISOString() : null,
      periodsApplied: state?.periodsApplied ?? 0,
      periodsSkipped: state?.periodsSkipped ?? 0,
      emittedTotal: state?.emittedTotal ?? 0,
      demurrageTotal: state?.demurrageTotal ?? 0,
    };
  }

  /** Apply the oldest due period of a community, if any (see the class). */
  applyNext(communityId: string, now: number): ApplyOutcome {
    const policy = this.stores.policies.get(communityId);
    if (!isScheduled(policy)) return { kind: 'idle' };
    const period = policy.emission.period;
    let state = this.stores.emission.state(communityId);
    if (state === undefined || state.period !== period) {
      this.reschedule(policy, now);
      state = this.stores.emission.state(communityId)!;
    }
    const due = lastCompletedPeriod(period, now);
    if (state.nextPeriod > due) return { kind: 'idle' };
    const oldestApplied = due - this.catchUpMax + 1;
    const skipped = Math.max(0, oldestApplied - state.nextPeriod);
    const index = state.nextPeriod + skipped;
    const advanced: EmissionStateRow = {
      ...state,
      nextPeriod: index + 1,
      periodsSkipped: state.periodsSkipped + skipped,
    };
    if (this.stores.emission.isApplied(communityId, period, index)) {
      this.stores.emission.saveState(advanced);
      return { kind: 'already-applied', periodIndex: index };
    }
    const applied = this.applyPeriod(policy, index, now);
    this.stores.emission.recordPeriod(
      communityId,
      period,
      index,
      { emitted: applied.emitted, demurrage: applied.demurrage.collected },
      now,
    );
    this.stores.emission.saveState({
      ...advanced,
      lastAppliedPeriod: index,
      periodsApplied: state.periodsApplied + 1,
      emittedTotal: state.emittedTotal + applied.emitted,
      demurrageTotal: state.demurrageTotal + applied.demurrage.collected,
    });
    // Rewards are counted per hour for the `earned` rule; hours before this period are read no more.
    this.stores.members.forgetEarningsBefore(communityId, hourOf(periodStart(period, index)));
    this.events.emissionApplied(applied);
    return { kind: 'applied', applied, skipped };
  }

  private applyPeriod(policy: Policy, index: number, now: number): EmissionApplied {
    const { communityId } = policy;
    const period = policy.emission.period;
    const startsAt = periodStart(period, index);
    const endsAt = periodEnd(period, index);
    // A community whose policy was set before any account opened gets its system accounts now.
    if (this.stores.accounts.find(issuanceAccountId(communityId)) === undefined) {
      this.writer.accounts.open({ communityId, kind: 'treasury' }, now);
    }
    const emitted = this.emissionOf(policy);
    let toTreasury = 0;
    let toMembers = 0;
    let recipients = 0;
    if (emitted > 0) {
      const plan = planDistribution(emitted, policy.distribution, this.recipientsOf(communityId, startsAt));
      const mints = [
        { accountId: treasuryAccountId(communityId), amount: plan.toTreasury },
        ...plan.toMembers,
      ];
      const memo = `emission for the ${period} from ${new Date(startsAt).toISOString()}`;
      mints.forEach((mint, n) => {
        if (mint.amount === 0) return;
        this.move(
          scheduledRowId('emission', communityId, period, index, n),
          'mint',
          issuanceAccountId(communityId),
          mint.accountId,
          mint.amount,
          memo,
          communityId,
        );
      });
      toTreasury = plan.toTreasury;
      toMembers = emitted - plan.toTreasury;
      recipients = plan.toMembers.length;
    }
    const demurrage = this.takeDemurrage(policy, index);
    const issuance = this.stores.accounts.find(issuanceAccountId(communityId))!;
    return {
      communityId,
      period,
      periodIndex: index,
      startsAt: new Date(startsAt).toISOString(),
      endsAt: new Date(endsAt).toISOString(),
      emitted,
      toTreasury,
      toMembers,
      recipients,
      demurrage,
      supplyAfter: -issuance.balance,
    };
  }

  /** The period's emission (libs/contracts periodEmission, which the dashboard's projection uses too). */
  private emissionOf(policy: Policy): number {
    const supply = -this.stores.accounts.find(issuanceAccountId(policy.communityId))!.balance;
    return periodEmission(policy.emission, supply);
  }

  private recipientsOf(communityId: string, startsAt: number): Recipient[] {
    const period = this.stores.policies.get(communityId).emission.period;
    const endsAt = startsAt + PERIOD_MS[period];
    // The eligibility query reads the accounts table; amounts kept in memory go there first.
    this.stores.accounts.flush();
    return this.stores.members
      .eligible({ communityId, periodStart: startsAt, fromHour: hourOf(startsAt), toHour: hourOf(endsAt) })
      .map((member) => ({
        accountId: member.accountId,
        role: member.role,
        earned: member.earned,
        balance: member.balance,
        activeInWindow: (windowDays: number) =>
          member.lastActiveAt !== null && member.lastActiveAt >= endsAt - windowDays * DAY_MS,
      }));
  }

  private takeDemurrage(policy: Policy, index: number): EmissionApplied['demurrage'] {
    const { demurrage, communityId } = policy;
    if (demurrage === null) return { collected: 0, accounts: 0, destination: null };
    const period = policy.emission.period;
    const to =
      demurrage.destination === 'burn' ? issuanceAccountId(communityId) : treasuryAccountId(communityId);
    const code = demurrage.destination === 'burn' ? 'burn' : 'fee';
    const memo = `holding fee for the ${period} from ${new Date(periodStart(period, index)).toISOString()}`;
    this.stores.accounts.flush();
    let collected = 0;
    let accounts = 0;
    for (const accountId of this.stores.emission.memberAccountsAbove(
      communityId,
      demurrage.thresholdAmount,
    )) {
      const account = this.stores.accounts.find(accountId)!;
      const fee = demurrageFee(demurrage, account.balance, account.pendingDebits);
      if (fee === 0) continue;
      this.move(
        scheduledRowId('demurrage', communityId, period, index, accounts),
        code,
        accountId,
        to,
        fee,
        memo,
        communityId,
      );
      collected += fee;
      accounts += 1;
    }
    return { collected, accounts, destination: demurrage.destination };
  }

  private move(
    id: string,
    code: 'mint' | 'burn' | 'fee',
    debitAccountId: string,
    creditAccountId: string,
    amount: number,
    memo: string,
    communityId: string,
  ): void {
    const entry: NewEntry = {
      id,
      kind: 'posted',
      communityId,
      debitAccountId,
      creditAccountId,
      amount,
      code,
      memo,
      pendingId: null,
      timeoutMs: null,
      expiresAt: null,
      reversesId: null,
      linkedTo: null,
    };
    this.writer.write(entry, [-amount, 0, 0], [amount, 0, 0]);
  }
}

function emptyState(communityId: string, period: EmissionPeriod): EmissionStateRow {
  return {
    communityId,
    period,
    nextPeriod: 0,
    lastAppliedPeriod: null,
    periodsApplied: 0,
    periodsSkipped: 0,
    emittedTotal: 0,
    demurrageTotal: 0,
  };
}

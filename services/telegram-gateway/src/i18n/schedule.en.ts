import type { DistributionRule } from '@ticketonomics/contracts';
import type { ScheduleView } from '../economy/schedule.view';

const percent = (bps: number) => `${bps / 100}%`;
const PERIOD_EN = { hour: 'hour', day: 'day', week: 'week' } as const;

function ruleEn(rule: DistributionRule): string {
  const share = percent(rule.shareBps);
  switch (rule.kind) {
    case 'treasury':
      return `${share} to the treasury`;
    case 'basicIncome':
      return `${share} shared equally by members active in the last ${rule.activeWindowDays} days`;
    case 'earned':
      return `${share} in proportion to the rewards each member earned in the period`;
    case 'roles':
      return `${share} by role (member ${rule.member}, admin ${rule.admin}, owner ${rule.owner} shares each)`;
    case 'interest':
      return `${share} in proportion to balances, counted up to ${rule.balanceCap} tickets`;
  }
}

/** The /economy part of the catalogue, in English; messages.en.ts spreads it into `en`. */
export const scheduleCommandsEn = {
  economy: "How the group's money grows and shrinks: emission, its sharing, fees",
} as const;

export const scheduleMessagesEn = {
  schedule: (p: ScheduleView) => {
    const period = PERIOD_EN[p.emission.period];
    const lines: string[] = [];
    if (p.emission.mode === 'none')
      lines.push('Emission: none (new tickets come only from rewards and admins).');
    else {
      const amount =
        p.emission.mode === 'fixed'
          ? `${p.emission.amount} tickets`
          : `${percent(p.emission.rateBps)} of the tickets in existence`;
      const cap = p.emission.supplyCap === null ? '' : `, until ${p.emission.supplyCap} tickets exist`;
      lines.push(`Emission: ${amount} every ${period}${cap}, shared out as:`);
      lines.push(...p.distribution.map((rule) => `• ${ruleEn(rule)}`));
    }
    lines.push(
      p.demurrage === null
        ? 'Holding fee: none.'
        : `Holding fee: ${percent(p.demurrage.rateBps)} per ${period} of what a balance holds above ${p.demurrage.thresholdAmount} tickets, ${p.demurrage.destination === 'burn' ? 'burned' : 'to the treasury'}.`,
    );
    lines.push(
      `Payment tax: ${percent(p.taxBps)}${p.taxBps === 0 ? '' : p.taxDestination === 'burn' ? ', burned' : ', to the treasury'}.`,
    );
    if (p.status.active) {
      lines.push(
        `So far: ${p.status.periodsApplied} periods, ${p.status.emittedTotal} tickets emitted, ${p.status.demurrageTotal} taken by the holding fee. Next: ${p.status.nextDueAt ?? 'not scheduled'}.`,
      );
    }
    return lines.join('\n');
  },
} as const;

type Widen<T> = T extends string
  ? string
  : T extends (...args: infer A) => string
    ? (...args: A) => string
    : T;
/** The shape the Russian part must have: the same keys, the same parameters, any wording. */
export type ScheduleMessages = {
  [K in keyof typeof scheduleMessagesEn]: Widen<(typeof scheduleMessagesEn)[K]>;
};
export type ScheduleCommands = Record<keyof typeof scheduleCommandsEn, string>;

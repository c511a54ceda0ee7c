import type { DistributionRule } from '@ticketonomics/contracts';
import type { ScheduleCommands, ScheduleMessages } from './schedule.en';

const percent = (bps: number) => `${bps / 100}%`;
const PERIOD_RU = { hour: 'час', day: 'день', week: 'неделю' } as const;

function ruleRu(rule: DistributionRule): string {
  const share = percent(rule.shareBps);
  switch (rule.kind) {
    case 'treasury':
      return `${share} в казну`;
    case 'basicIncome':
      return `${share} поровну участникам, активным за последние ${rule.activeWindowDays} дн.`;
    case 'earned':
      return `${share} пропорционально наградам, заработанным каждым за период`;
    case 'roles':
      return `${share} по ролям (участник ${rule.member}, админ ${rule.admin}, владелец ${rule.owner} долей)`;
    case 'interest':
      return `${share} пропорционально балансам, считая до ${rule.balanceCap} билетов`;
  }
}

/** The /economy part of the catalogue, in Russian; messages.ru.ts spreads it into `ru`. */
export const scheduleCommandsRu: ScheduleCommands = {
  economy: 'Как растут и убывают деньги группы: эмиссия, её распределение, сборы',
};

export const scheduleMessagesRu: ScheduleMessages = {
  schedule: (p) => {
    const period = PERIOD_RU[p.emission.period];
    const lines: string[] = [];
    if (p.emission.mode === 'none') {
      lines.push('Эмиссия: нет (новые билеты появляются только из наград и от админов).');
    } else {
      const amount =
        p.emission.mode === 'fixed'
          ? `${p.emission.amount} билетов`
          : `${percent(p.emission.rateBps)} от всех билетов`;
      const cap = p.emission.supplyCap === null ? '' : `, пока их не станет ${p.emission.supplyCap}`;
      lines.push(`Эмиссия: ${amount} каждый ${period}${cap}, распределяется так:`);
      lines.push(...p.distribution.map((rule) => `• ${ruleRu(rule)}`));
    }
    lines.push(
      p.demurrage === null
        ? 'Плата за хранение: нет.'
        : `Плата за хранение: ${percent(p.demurrage.rateBps)} за ${period} с суммы баланса сверх ${p.demurrage.thresholdAmount} билетов, ${p.demurrage.destination === 'burn' ? 'сжигается' : 'в казну'}.`,
    );
    lines.push(
      `Налог на платежи: ${percent(p.taxBps)}${p.taxBps === 0 ? '' : p.taxDestination === 'burn' ? ', сжигается' : ', в казну'}.`,
    );
    if (p.status.active) {
      lines.push(
        `Пока что: периодов ${p.status.periodsApplied}, выпущено ${p.status.emittedTotal} билетов, плата за хранение ${p.status.demurrageTotal}. Следующий: ${p.status.nextDueAt ?? 'не назначен'}.`,
      );
    }
    return lines.join('\n');
  },
};

import type { ParameterId } from '@ticketonomics/contracts';
import { formatDuration, percent, type ProposalView, type RuleKind } from '../governance/governance.format';
import type { PoolView } from '../governance/pools.format';
import type { GovernanceCommands, GovernanceMessages } from './governance.en';

const UNITS = { d: 'д', h: 'ч', m: 'мин', s: 'с' };
const duration = (ms: number) => formatDuration(ms, UNITS);
const value = (v: number | null) => (v === null ? 'нет' : String(v));

const SUMMARIES: Record<ParameterId, string> = {
  'ledger.taxBps': 'налог на платежи, в базисных пунктах (100 = 1%)',
  'ledger.transferMin': 'наименьший платёж, в билетах',
  'ledger.transferMax': 'наибольший платёж, в билетах',
  'ledger.dailySendMax': 'сколько участник может заплатить за сутки UTC',
  'ledger.dailyReceiveMax': 'сколько участник может получить за сутки UTC',
  'emission.fixedAmount': 'билетов выпускается за период эмиссии (0: нет)',
  'emission.rateBps': 'базисных пунктов от всех билетов за период (0: нет)',
  'emission.supplyCap': 'сколько билетов всего, после чего эмиссия останавливается',
  'distribution.basicIncomeShareBps': 'доля эмиссии поровну активным участникам, в б.п.',
  'distribution.earnedShareBps': 'доля эмиссии по заработанным наградам, в б.п.',
  'distribution.interestShareBps': 'доля эмиссии по балансам (проценты), в б.п.',
  'treasury.grant': 'разовая выплата участнику из казны',
  'rewards.messageReward': 'билетов за сообщение с наградой',
  'rewards.messageCooldownMs': 'пауза между наградами за сообщения, в мс',
  'rewards.dailyMessageRewardsMax': 'наград за сообщения на участника в день',
  'rewards.dailyBonus': 'билетов за /daily',
  'rewards.dailyStreakBonus': 'доплата за каждый день /daily подряд',
};

function ruleValueRu(kind: RuleKind, v: number): string {
  return kind === 'duration' ? duration(v) : kind === 'percent' ? percent(v) : String(v);
}

function statusRu(p: ProposalView): string {
  switch (p.status) {
    case 'voting':
      return `Голосование до ${p.endsAt}.`;
    case 'passed':
      return `Принято; вступит в силу ${p.appliesAt ?? 'после выдержки'}.`;
    case 'applying':
      return 'Принято; применяется сейчас.';
    case 'applied':
      return p.recipient === null
        ? `Принято и применено${p.appliedAt === null ? '' : ` ${p.appliedAt}`}: ${p.parameter} теперь ${p.to}.`
        : `Принято и выплачено${p.appliedAt === null ? '' : ` ${p.appliedAt}`}: ${p.to} билетов из казны — ${p.recipient}.`;
    case 'rejected':
      return p.rejectedFor === 'quorum'
        ? 'Отклонено: проголосовало слишком мало участников (нет кворума).'
        : 'Отклонено: недостаточно голосов «за».';
    case 'vetoed':
      return `Наложено вето (${p.veto?.by ?? 'админ'}): ${p.veto?.reason ?? ''}`;
    case 'cancelled':
      return 'Отозвано автором.';
    case 'failed':
      return `Не применено: изменение отклонено (${p.failure ?? 'причина не указана'}).`;
    case 'expired':
      return 'Истекло: его не удалось применить вовремя, ничего не изменилось.';
  }
}

function poolStatusRu(p: PoolView): string {
  switch (p.status) {
    case 'open':
      return `Открыт до ${p.deadline}: /pledge ${p.id} <сумма>.`;
    case 'settling':
      return 'Цель достигнута: выплата идёт.';
    case 'settled':
      return `Цель достигнута: ${p.pledged} билетов выплачено ${p.purpose === 'prize' ? `— ${p.recipient ?? '?'}` : 'в казну'}.`;
    case 'releasing':
    case 'released':
      return p.releaseReason === 'cancelled'
        ? 'Отменён: все взносы возвращены, билеты не списаны.'
        : p.releaseReason === 'refused'
          ? `Не выплачен (${p.failure ?? 'отказ'}): все взносы возвращены, билеты не списаны.`
          : 'Срок вышел раньше, чем набралась цель: все взносы возвращены, билеты не списаны.';
  }
}

/** The governance commands' part of the catalogue, in Russian; messages.ru.ts spreads it into `ru`. */
export const governanceCommandsRu: GovernanceCommands = {
  propose: 'Предложить изменение на голосование: /propose <параметр> <значение> <название>',
  proposals: 'Открытые предложения и недавние итоги',
  vote: 'Голосовать: /vote 3 (кнопки) или /vote 3 да|нет',
  veto: 'Админам: остановить предложение: /veto 3 <причина>',
  governance: 'Правила голосования группы (админам: /governance <правило> <значение>)',
  pool: 'Общие сборы: /pool (открытые), /pool 500 3d <название> (новый)',
  pledge: 'Вложить билеты в сбор: /pledge 3 50 (удерживаются до итога)',
};

export const governanceMessagesRu: GovernanceMessages = {
  govParametersHeader: (p) =>
    p.unknown === null
      ? 'Параметры, которые участники меняют голосованием (сейчас; границы; наибольшее изменение за раз):'
      : `Параметра «${p.unknown}» для голосования нет. Параметры (сейчас; границы; наибольшее изменение за раз):`,
  govParameterLine: (p) =>
    p.grant
      ? `${p.parameter}: ${p.min}–${p.max} билетов — ${SUMMARIES[p.parameter]}: /propose ${p.parameter} <сумма> @участник <название>`
      : `${p.parameter}: ${value(p.current)}; ${p.min}–${p.max}; ±${p.changeMax} — ${SUMMARIES[p.parameter]}`,
  govParametersFooter:
    'Предложить изменение: /propose <параметр> <значение> <название>, например /propose ledger.taxBps 300 Налог на зимний фонд',
  govValueMissing: (p) =>
    `Укажите предлагаемое значение ${p.parameter}: целое число от ${p.min} до ${p.max}. Использование: /propose ${p.parameter} <значение> <название>`,
  govValueNotNumber: (p) =>
    `«${p.given}» — не значение для ${p.parameter}: напишите целое число, например 300 (без знака, точки, % и единиц).`,
  govValueOutOfBounds: (p) =>
    `${p.parameter} может быть только от ${p.min} до ${p.max}: предложите значение в этих границах.`,
  govValueTooFar: (p) =>
    `От текущего значения одно предложение может довести ${p.parameter} до ${p.min}–${p.max}: предложите значение в этих границах.`,
  govGrantRecipient:
    'Выплата возможна только активному участнику группы: укажите его через @username или ответом на его сообщение.',
  govGrantTooMuch: (p) =>
    `В казне сейчас доступно только ${p.available} билетов: предложите выплату не больше.`,
  govEmissionMode: (p) =>
    `Эмиссия сейчас работает в другом режиме, поэтому ${p.parameter} предложить нельзя: сначала предложите обнулить текущий (или админ сменит режим).`,
  govDistributionAdmin: (p) =>
    `Распределение в нынешнем виде не допускает голосования по ${p.parameter} (несколько правил одного вида или уже 8 правил): сначала админ должен навести порядок через /settings.`,
  govValueSame: (p) =>
    `У ${p.parameter} уже такое значение: предложите другое (/propose покажет текущие значения).`,
  govTitleMissing: (p) =>
    `Добавьте короткое название — зачем, например /propose ${p.parameter} ${p.value} На зимний праздник.`,
  govTitleTooLong: (p) => `Название слишком длинное: не больше ${p.max} символов.`,
  govNotEligibleToPropose: (p) =>
    `Предлагать могут только участники группы не менее ${p.membershipDays} дн.${p.activityDays === null ? '' : `, получавшие награду (за сообщение или /daily) за последние ${p.activityDays} дн.`} Правила: /governance.`,
  govNotEligibleToVote:
    'Вы не можете голосовать по этому предложению: список голосующих закреплён в момент его открытия (кто подходил тогда, см. /governance).',
  govCooldown: (p) =>
    `Вы недавно уже предлагали: следующее предложение — через ${duration(p.seconds * 1000)}.`,
  govOpenCap: (p) =>
    `В группе уже ${p.max} открытых предложений, это предел: дождитесь, пока одно из них завершится.`,
  govNotFound: (p) => `Предложения #${p.id} в этой группе нет: список — /proposals.`,
  govAlreadyVoted: 'Вы уже проголосовали по этому предложению; голос изменить нельзя.',
  govVoteClosed: (p) => `Предложение #${p.id} больше не принимает голоса: /vote ${p.id} покажет итог.`,
  govVetoClosed: (p) =>
    `На предложение #${p.id} уже нельзя наложить вето: только пока идёт голосование или выдержка.`,
  govUnavailable: 'Голосование временно недоступно. Попробуйте через минуту.',
  govVoteUsage: 'Использование: /vote <номер>, например /vote 3 (с кнопками), или /vote 3 да, /vote 3 нет.',
  govVetoUsage: 'Использование: /veto <номер> <причина>, например /veto 3 Казна полна.',
  govBadProposalId: (p) => `«${p.given}» — не номер предложения: укажите номер из /proposals, например 3.`,
  govBadChoice: (p) => `«${p.given}» — не голос: скажите да или нет.`,
  govVetoReasonMissing: (p) => `Укажите причину для участников: /veto ${p.id} <причина>.`,
  govReasonTooLong: (p) => `Причина слишком длинная: не больше ${p.max} символов.`,
  govProposal: (p) =>
    [
      `#${p.id} «${p.title}», автор ${p.proposer}`,
      p.recipient === null
        ? `${p.parameter}: ${value(p.from)} → ${p.to}`
        : `${p.parameter}: ${p.to} билетов — ${p.recipient}`,
      `Голоса: за ${p.yes}, против ${p.no} из ${p.eligible} имеющих право; нужно, чтобы проголосовали ${p.quorum} из них и ${p.threshold} были «за».`,
      statusRu(p),
    ].join('\n'),
  govProposed: 'Новое предложение: голосуйте кнопками или /vote <номер> да|нет.',
  govVoted: (p) => `Ваш голос учтён: ${p.choice === 'yes' ? 'за' : 'против'}.`,
  govYesButton: 'За',
  govNoButton: 'Против',
  govProposalsEmpty: 'Предложений пока нет. Открыть: /propose.',
  govOpenHeader: 'Открытые предложения:',
  govRecentHeader: 'Недавние итоги:',
  govMore: (p) => `…и ещё ${p.count}: /vote <номер> покажет любое.`,
  govNews: 'Новости по предложению:',
  govPoolUsage:
    'Использование: /pool (открытые сборы), /pool 3 (один сбор) или /pool <цель> <срок> [prize @участник | artifact] <название>, например /pool 500 3d Проектор для клуба.',
  govPledgeUsage: 'Использование: /pledge <сбор> <сумма>, например /pledge 3 50.',
  govBadPoolId: (p) => `«${p.given}» — не номер сбора: укажите номер из /pool, например 3.`,
  govPoolDeadline: (p) =>
    `${p.given === '' ? 'Такой срок' : `«${p.given}»`} не подходит: укажите, сколько сбор принимает взносы, от ${duration(p.minMs)} до ${duration(p.maxMs)}, например 90m, 12h или 3d.`,
  govPoolTitleMissing: 'Добавьте название — на что сбор, например /pool 500 3d Проектор для клуба.',
  govPoolsUnavailable: 'Сборы временно недоступны. Попробуйте через минуту.',
  govPoolNotFound: (p) => `Сбора #${p.id} в этой группе нет: открытые — /pool.`,
  govPoolClosed: (p) => `Сбор #${p.id} больше не принимает взносы: /pool ${p.id} покажет итог.`,
  govPoolFull: (p) => `В этом сборе уже ${p.max} взносов, это предел: откройте другой сбор.`,
  govPoolsCap: (p) =>
    `В группе уже ${p.max} открытых сборов, это предел: дождитесь, пока один из них завершится.`,
  govPoolRecipient:
    'Приз можно отдать только участнику группы: укажите его через @username или ответом на его сообщение.',
  govPoolsEmpty: 'Открытых сборов нет. Открыть: /pool 500 3d <название>.',
  govPoolsHeader: 'Открытые сборы:',
  govPoolsMore: (p) => `…и ещё ${p.count}: /pool <номер> покажет любой.`,
  govPool: (p) =>
    [
      `Сбор #${p.id} «${p.title}», открыл ${p.opener}: ${
        p.purpose === 'prize'
          ? `приз для ${p.recipient ?? '?'}`
          : p.purpose === 'artifact'
            ? 'артефакт для группы (деньги в казну)'
            : 'в казну'
      }`,
      `Собрано ${p.pledged} из ${p.target} билетов, взносов: ${p.pledges}.`,
      poolStatusRu(p),
    ].join('\n'),
  govPoolNews: 'Новости сбора:',
  govPoolOpened:
    'Новый сбор: вкладывайте через /pledge <номер> <сумма>; билеты удерживаются и списываются, только если цель достигнута.',
  govPledged: (p) => `Вы вложили ${p.amount} билетов в сбор #${p.id}; они удерживаются до итога сбора.`,
  govVetoDone: (p) => `На предложение #${p.id} наложено вето; оно ничего не изменит.`,
  govRules: (p) =>
    [
      'Правила голосования группы:',
      `votingPeriod: ${duration(p.votingPeriodMs)} (сколько длится голосование)`,
      `quorum: должны проголосовать ${percent(p.quorumBps)} имеющих право`,
      `threshold: ${percent(p.thresholdBps)} «за», чтобы принять; raiseThreshold: ${percent(p.raiseThresholdBps)}, чтобы поднять налог или награды`,
      `timelock: ${duration(p.timelockMs)} между принятием и применением (время на вето)`,
      `membershipDays: ${p.membershipDaysMin}; activityDays: ${p.activityDays === null ? 'выкл.' : p.activityDays} (кто может предлагать и голосовать)`,
      `proposalCooldown: ${duration(p.proposalCooldownMs)} между предложениями участника; openProposalsMax: ${p.openProposalsMax}`,
    ].join('\n'),
  govRulesFooter:
    'Админы меняют правило так: /governance <правило> <значение>, например /governance votingPeriod 2d, /governance quorum 25%, /governance activityDays off',
  govRulesUsage:
    'Использование: /governance или (админам) /governance <правило> <значение>, например /governance quorum 25%',
  govRuleUnknown: (p) => `Правила «${p.given}» нет. Правила: ${p.rules}.`,
  govRuleBadValue: (p) =>
    `«${p.given}» не подходит для ${p.rule}: ${
      p.kind === 'duration'
        ? 'напишите срок, например 90s, 30m, 12h или 3d'
        : p.kind === 'percent'
          ? 'напишите процент, например 25% или 50.01%'
          : `напишите целое число${p.rule === 'activityDays' ? ' или off' : ''}`
    }.`,
  govRuleOutOfBounds: (p) =>
    `${p.rule} должно быть от ${ruleValueRu(p.kind, p.min)} до ${ruleValueRu(p.kind, p.max)}.`,
  govRuleSet: (p) =>
    `Готово: ${p.rule} изменено. Открытые предложения живут по правилам, с которыми открылись.`,
  govRaiseBelowThreshold:
    'raiseThreshold не может быть меньше threshold: сначала поднимите raiseThreshold или понизьте threshold.',
};

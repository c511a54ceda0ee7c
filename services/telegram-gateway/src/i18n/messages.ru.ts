import { formatRatio } from '../economy/economy-figures';
import { apiKeyCommandsRu, apiKeyMessagesRu } from './api-keys.ru';
import { linkCommandsRu, linkMessagesRu } from './link.ru';
import { governanceCommandsRu, governanceMessagesRu } from './governance.ru';
import { scheduleCommandsRu, scheduleMessagesRu } from './schedule.ru';
import { artifactCommandsRu, artifactMessagesRu } from './artifacts.ru';
import type { Messages } from './messages.en';

export const ru: Messages = {
  commands: {
    start: 'Присоединиться к экономике и узнать, что умеет бот',
    help: 'Список команд',
    balance: 'Ваш баланс',
    pay: 'Перевести участнику: /pay @user 10 [комментарий] или ответом /pay 10',
    daily: 'Ежедневный бонус (больше за каждый день подряд)',
    top: 'У кого больше всего билетов (/top week: кто больше заработал за неделю)',
    stats: 'Экономика группы в цифрах',
    me: 'Ваш профиль и баланс',
    history: 'Последние переводы и баланс после каждого (админам: /history @user)',
    mint: 'Админам: выпустить билеты участнику',
    burn: 'Админам: уничтожить билеты участника',
    fine: 'Админам: оштрафовать участника (в казну)',
    reverse: 'Админам: отменить перевод по его id из /history',
    freeze: 'Админам: запретить участнику платить',
    unfreeze: 'Админам: снова разрешить участнику платить',
    settings: 'Админам: налог, лимиты переводов, награды, правила артефактов и дашборд',
    ...artifactCommandsRu,
    ...linkCommandsRu,
    ...scheduleCommandsRu,
    ...governanceCommandsRu,
    ...apiKeyCommandsRu,
  },
  start: (p) =>
    `Добро пожаловать, ${p.name}! Теперь вы участник билетной экономики этой группы.\nКоманды: /help.`,
  startPrivate: (p) =>
    `Привет, ${p.name}! Добавьте меня в группу, чтобы запустить её билетную экономику; команды работают там.\nКоманды: /help.`,
  botAdded: (p) =>
    `Привет, ${p.title}! Я веду экономику билетов этой группы: участники зарабатывают билеты активностью и переводят их друг другу, админы выпускают, штрафуют и задают правила.`,
  helpHeader: 'Что я умею:',
  groupOnly: 'Эта команда работает в группе, где хранятся ваши билеты.',
  anonymousAdmin:
    'Вы пишете от имени группы (анонимный админ), и я не знаю, кто вы. Чтобы пользоваться командами, отключите «Анонимность» в своих правах админа или попросите другого админа.',
  channelSender:
    'Вы пишете от имени канала, а билеты бывают только у людей. Напишите команду со своего аккаунта.',
  slowDownChat: (p) =>
    `В этом чате команд больше, чем я успеваю отвечать, поэтому ${p.seconds} с я их пропускаю. Подождите и попробуйте снова.`,
  slowDownUser: (p) =>
    `Вы отправляете команды слишком часто, поэтому ${p.seconds} с я пропускаю ваши. Подождите и попробуйте снова.`,
  targetNotMember:
    'Это сообщение отправлено от имени группы или канала, а не участником. Укажите участника через @username.',
  openWallet: 'Открыть кошелёк',
  walletMenuButton: 'Кошелёк',
  balance: (p) => `${p.name}, ваш баланс: ${p.balance} билетов.`,
  me: (p) =>
    `${p.name} (${p.username})\nБаланс: ${p.balance} билетов${p.frozen ? '\nВаш счёт заморожен: платить нельзя.' : ''}`,
  noUsername: 'нет @username',
  historyEmpty: 'Переводов пока нет.',
  historyHeader: (p) => `Последние переводы (${p.count}):`,
  historyHeaderOf: (p) => `Последние переводы ${p.who} (${p.count}):`,
  historyLine: (p) =>
    `${p.delta} ${p.code}${p.memo === '' ? '' : ` «${p.memo}»`} → ${p.balanceAfter} · ${p.id}`,
  historyNotYours: 'Чужую историю могут смотреть только админы группы.',
  paid: (p) =>
    `Переведено ${p.amount} билетов: ${p.to}${p.tax > 0 ? ` (+${p.tax} налог)` : ''}. Ваш баланс: ${p.balance}.`,
  minted: (p) => `Выпущено ${p.amount} билетов для ${p.to}. Их баланс: ${p.balance}.`,
  burned: (p) => `Уничтожено ${p.amount} билетов у ${p.who}. Баланс: ${p.balance}.`,
  burnNotEnough: (p) =>
    p.balance === null
      ? `У ${p.who} нет столько билетов.`
      : `У ${p.who} только ${p.balance} билетов: уничтожить можно не больше.`,
  reversed: (p) => `Перевод ${p.id} отменён: ${p.amount} билетов вернулись.`,
  reverseNotFound: (p) => `В этой группе нет перевода ${p.id}. Скопируйте id из /history.`,
  reverseAlready: (p) => `Перевод ${p.id} уже отменён.`,
  reverseNotReversible: (p) => `${p.id} нельзя отменить: это сама отмена или незавершённое резервирование.`,
  reverseNotEnough: (p) => `Нельзя отменить ${p.id}: у получателя уже не хватает билетов.`,
  fined: (p) => `${p.who} оштрафован на ${p.amount} билетов. Баланс: ${p.balance}.`,
  frozeDone: (p) => `Счёт ${p.who} заморожен: получать билеты можно, платить нельзя.`,
  unfrozeDone: (p) => `${p.who} снова может платить.`,
  confirmPay: (p) => `Перевести ${p.amount} билетов: ${p.to}? Подтвердите.`,
  confirmButton: 'Перевести',
  cancelButton: 'Отмена',
  payCancelled: 'Перевод отменён: билеты не списаны.',
  notYourButton: 'Подтвердить перевод может только тот, кто его начал.',
  promptExpired: 'Время подтверждения истекло: отправьте /pay ещё раз.',
  usage: (p) => `Формат: ${p.usage}`,
  amountMissing: (p) => `Укажите количество билетов. Формат: ${p.usage}`,
  amountNotNumber: (p) => `«${p.given}» — не количество: укажите целое число, например 10.`,
  amountNegative: 'Количество не может быть отрицательным.',
  amountZero: 'Количество должно быть не меньше 1.',
  amountFractional: 'Билеты не делятся: укажите целое число.',
  amountTooLarge: (p) => `Слишком много: не больше ${p.max}.`,
  memoTooLong: (p) => `Комментарий слишком длинный: не больше ${p.max} символов.`,
  recipientMissing: (p) => `Кому? Укажите @username или ответьте на сообщение получателя. Формат: ${p.usage}`,
  unknownUser: (p) => `Я пока не знаю ${p.username} в этой группе: пусть напишет здесь или отправит /start.`,
  badUsername: (p) => `«${p.given}» — не имя пользователя Telegram.`,
  payYourself: 'Нельзя перевести билеты самому себе.',
  payBot: 'У ботов не бывает билетов.',
  payBelowMin: (p) => `Минимальный перевод в этой группе — ${p.min} билетов.`,
  payAboveMax: (p) => `Максимальный перевод в этой группе — ${p.max} билетов.`,
  payDailySendCap: (p) =>
    p.remaining === 0
      ? `Дневной лимит переводов (${p.limit} билетов с налогом) исчерпан: переводить снова можно после полуночи UTC.`
      : `Это больше дневного лимита переводов (${p.limit} билетов с налогом): сегодня можно перевести ещё ${p.remaining}.`,
  payDailyReceiveCap: (p) =>
    p.remaining === 0
      ? `${p.to} уже получил(а) сегодня лимит в ${p.limit} билетов: попробуйте после полуночи UTC.`
      : `Это больше дневного лимита получения (${p.limit} билетов): сегодня ${p.to} может получить ещё ${p.remaining}.`,
  notEnough: (p) =>
    p.balance === null ? 'Недостаточно билетов.' : `Недостаточно билетов: у вас ${p.balance}.`,
  frozen: 'Ваш счёт заморожен: платить сейчас нельзя. Обратитесь к админу.',
  limitExceeded: 'Эта сумма вне допустимых в группе пределов для одного перевода.',
  unavailable: 'Сервис билетов временно недоступен. Попробуйте через минуту.',
  internal: 'У меня что-то пошло не так. Попробуйте позже.',
  notAdmin: 'Это могут только админы группы.',
  dailyClaimed: (p) =>
    `+${p.amount} билетов: ежедневный бонус${p.streak > 1 ? ` (${p.streak} дн. подряд)` : ''}. Ваш баланс: ${p.balance}.`,
  dailyClaimedLater: (p) =>
    `+${p.amount} билетов: ежедневный бонус${p.streak > 1 ? ` (${p.streak} дн. подряд)` : ''}. Они поступят на баланс чуть позже.`,
  dailyAlready: (p) => `Сегодняшний бонус уже получен: приходите через ${p.hours} ч ${p.minutes} мин.`,
  dailyOff: 'В этой группе нет ежедневного бонуса.',
  dailyBarred: 'Вам запрещено зарабатывать билеты в этой группе.',
  topHeader: 'Больше всего билетов:',
  topLine: (p) => `${p.rank}. ${p.label} — ${p.balance}`,
  topEmpty: 'Билетов здесь пока ни у кого нет.',
  topFromLedger: 'Рейтинг в реальном времени сейчас недоступен, поэтому он взят прямо из реестра.',
  topEarnersHeader: 'Больше всех заработали на этой неделе (с понедельника, UTC):',
  topEarnerLine: (p) => `${p.rank}. ${p.label} — +${p.amount}`,
  topEarnersEmpty: 'На этой неделе ещё никто не заработал билетов.',
  statsUnavailable: 'Статистика экономики временно недоступна. Попробуйте через минуту.',
  statsLive: (p) =>
    [
      'Экономика группы:',
      `Всего билетов: ${p.supply} (в обороте: ${p.circulating}, в казне: ${p.treasury})`,
      `Участников: ${p.memberCount}; активны сегодня ${p.activeDaily}, за неделю ${p.activeWeekly}, за месяц ${p.activeMonthly}`,
      `Переводов за 24 ч: ${p.transfers24h} (${p.volume24h} билетов); всего: ${p.transfersTotal} (${p.volumeTotal} билетов)`,
      `Скорость обращения: ${formatRatio(p.velocity24h, ',')} за 24 ч, ${formatRatio(p.velocity7d, ',')} за 7 дней`,
      `Неравенство (Джини, 0 — поровну): ${formatRatio(p.gini, ',')}`,
      `Выдано наград: ${p.rewardsCount} (${p.rewardsTotal} билетов); собрано налога: ${p.taxTotal} билетов`,
    ].join('\n'),
  statsFromLedger: 'Подробная статистика сейчас недоступна; основное из реестра:',
  stats: (p) =>
    `Всего билетов: ${p.supply}\nВ казне: ${p.treasury}\nУчастников со счётом: ${p.members}\nПереводов: ${p.transfers}`,
  settingsHeader: 'Настройки группы:',
  settingsFooter:
    'Изменить: /settings <ключ> <значение>; запретить или разрешить заработок: /settings bar @user; открыть дашборд: /settings dashboard on',
  settingsBarred: (p) => `без заработка: ${p.count}`,
  settingsOff: 'нет',
  settingsDashboard: (p) =>
    `дашборд: ${p.public ? 'открыт (по ссылке видны участники, балансы и переводы)' : 'закрыт'}`,
  settingsDashboardSet: (p) =>
    p.public
      ? 'Готово: дашборд группы открыт: по ссылке любой видит имена участников, балансы и переводы. /settings dashboard off закроет его.'
      : 'Готово: дашборд группы закрыт: его страница отвечает так, будто группы нет.',
  settingsDashboardUsage:
    'Формат: /settings dashboard on (дашборд виден всем по ссылке) или /settings dashboard off (закрыт)',
  settingsSet: (p) => `Готово: ${p.key} теперь ${p.value}.`,
  settingsUsage: 'Формат: /settings, /settings <ключ> <значение>, /settings bar @user, /settings unbar @user',
  settingsUnknownKey: (p) => `Настройки «${p.key}» нет. Настройки: ${p.keys}.`,
  settingsNeedsWholeNumber: (p) => `Значение не подходит для ${p.key}: нужно целое число.`,
  settingsNeedsPercent: (p) =>
    `Значение не подходит для ${p.key}: нужен процент от 0 до ${p.max}, например 2 или 2,5%.`,
  settingsTooSmall: (p) => `Значение не подходит для ${p.key}: нужно не меньше ${p.min}.`,
  settingsTooBig: (p) => `Значение не подходит для ${p.key}: нужно не больше ${p.max}.`,
  settingsMinAboveMax: (p) =>
    `paymentMin ${p.min} будет больше paymentMax ${p.max}: сначала увеличьте paymentMax.`,
  settingsMaxBelowMin: (p) =>
    `paymentMax ${p.max} будет меньше paymentMin ${p.min}: сначала уменьшите paymentMin.`,
  settingsCapTooSmall: (p) =>
    `Тогда ${p.key} будет меньше минимального перевода (${p.smallest} билетов) и платить никто не сможет: увеличьте ${p.key} или уменьшите paymentMin.`,
  barListFull: (p) =>
    `Запретить заработок можно не более чем ${p.max} участникам; сначала снимите запрет с кого-нибудь.`,
  barDone: (p) => `${p.who} больше не зарабатывает билеты здесь.`,
  unbarDone: (p) => `${p.who} снова может зарабатывать билеты.`,
  ...artifactMessagesRu,
  ...apiKeyMessagesRu,
  ...linkMessagesRu,
  ...scheduleMessagesRu,
  ...governanceMessagesRu,
};

import type { ApiKeyCommands, ApiKeyMessages } from './api-keys.en';

/** The /apikey part of the catalogue, in Russian; messages.ru.ts spreads it into `ru`. */
export const apiKeyCommandsRu: ApiKeyCommands = {
  apikey: 'Админам: API-ключи для интеграций: /apikey create <имя> <права>, list, revoke <id ключа>',
};

export const apiKeyMessagesRu: ApiKeyMessages = {
  apiKeyUsage: (p) =>
    `Использование: /apikey create <имя> <права>, /apikey list, /apikey revoke <id ключа>. Права через запятую: ${p.scopes}.`,
  apiKeyNameMissing: (p) =>
    `Укажите имя ключа и его права: /apikey create Game server read,transfer (права: ${p.scopes}).`,
  apiKeyNameTooLong: (p) => `Имя ключа слишком длинное: не более ${p.max} символов.`,
  apiKeyBadScope: (p) => `«${p.given}» — не право доступа. Права через запятую: ${p.scopes}.`,
  apiKeyBadId: (p) => `«${p.given}» — не id ключа: скопируйте id из /apikey list (26 латинских букв и цифр).`,
  apiKeySent: (p) =>
    `Готово: API-ключ «${p.name}» (${p.scopes}) отправлен вам в личные сообщения; он показывается только там и один раз. Его id: ${p.keyId}.`,
  apiKeyPrivate: (p) =>
    [
      `Ваш API-ключ «${p.name}» для группы ${p.group} (${p.scopes}):`,
      '',
      p.key,
      '',
      'Храните его в секрете: он показан один раз, повторно его не увидеть.',
      `Чтобы отозвать его, отправьте в группе /apikey revoke ${p.keyId}.`,
    ].join('\n'),
  apiKeyAlreadyCreated: (p) =>
    `Эта команда уже выполнена: она создала API-ключ «${p.name}» (${p.scopes}), id ${p.keyId}, и тогда же я отправил вам его секрет лично. Повторно секрет не показывается: если он до вас не дошёл или потерян, отзовите ключ (/apikey revoke ${p.keyId}) и создайте новый.`,
  apiKeyAlreadyRevoked: (p) =>
    `Эта команда уже выполнена: созданный ею API-ключ «${p.name}» (${p.keyId}) с тех пор отозван. Чтобы получить рабочий ключ, отправьте новую команду /apikey create.`,
  apiKeyOpenPrivateChat: (p) =>
    `Я пока не могу написать вам лично, а в группе API-ключ не публикуется: откройте личный чат с @${p.bot}, отправьте /start и повторите команду. Ключ не выдан.`,
  apiKeyNotDelivered:
    'Не удалось отправить вам ключ лично, поэтому он сразу отозван и никто не сможет им воспользоваться. Попробуйте ещё раз.',
  apiKeyNotWithdrawn: (p) =>
    `Не удалось ни отправить вам ключ лично, ни отозвать его сейчас: отзовите его командой /apikey revoke ${p.keyId}.`,
  apiKeyLimit: (p) =>
    `У группы уже ${p.max} активных API-ключей — это максимум: сначала отзовите какой-нибудь (/apikey list).`,
  apiKeyListEmpty: 'У группы нет активных API-ключей. Создать: /apikey create <имя> <права>.',
  apiKeyListHeader: (p) => `Активные API-ключи (${p.count}):`,
  apiKeyListLine: (p) =>
    `• ${p.name} (${p.scopes}) — id ${p.keyId}, создан ${p.created}, ${p.used === null ? 'не использовался' : `последнее использование ${p.used}`}`,
  apiKeyListMore: 'Есть и другие: отзовите ключи, которыми никто не пользуется.',
  apiKeyRevoked: (p) => `API-ключ «${p.name}» (${p.keyId}) отозван: он больше не работает.`,
  apiKeyNotFound: (p) => `У группы нет API-ключа ${p.keyId}: см. /apikey list.`,
};

import type { LinkCommands, LinkMessages } from './link.en';

/** The /link part of the catalogue, in Russian; messages.ru.ts spreads it into `ru`. */
export const linkCommandsRu: LinkCommands = {
  link: 'Привязать своего игрока в игре: /link minecraft (код придёт в личные сообщения)',
};

export const linkMessagesRu: LinkMessages = {
  linkUsage:
    'Использование: /link <игра>, например /link minecraft. Я пришлю вам одноразовый код в личные сообщения; введите его в игре, чтобы привязать к себе своего игрока.',
  linkBadProvider: (p) =>
    `«${p.given}» — не название игры: до 32 строчных латинских букв, цифр, _ или -, например /link minecraft.`,
  linkTelegram: 'Ваш Telegram-аккаунт и так ваш: укажите игру, например /link minecraft.',
  linkCode: (p) =>
    [
      `Ваш одноразовый код для привязки игрока ${p.provider}:`,
      '',
      p.code,
      '',
      `Введите его в игре в течение ${p.minutes} минут (как — подскажет игра, обычно /link ${p.code}); он действует один раз.`,
      'Никому его не передавайте: кто его введёт, привяжет к вам своего игрока и сможет тратить ваши билеты из игры.',
    ].join('\n'),
  linkSent: (p) => `Я отправил вам одноразовый код для ${p.provider} в личные сообщения.`,
  linkOpenPrivateChat: (p) =>
    `Я пока не могу написать вам лично, а в группе код привязки не публикуется: откройте личный чат с @${p.bot}, отправьте /start и снова /link. Код не создан.`,
  linkNotDelivered: (p) =>
    `Не удалось отправить вам код лично: отправьте мне /link ${p.provider} в личном чате.`,
  linkLimit: (p) =>
    `У вас уже ждут коды для ${p.max} других игр: воспользуйтесь ими или подождите до ${p.minutes} минут, пока они истекут.`,
};

/**
 * The /link part of the catalogue, in English; messages.en.ts spreads it into `en`, so it is one catalogue
 * with one Messages type (link.ru.ts must match it key for key).
 */
export const linkCommandsEn = {
  link: 'Link your player in a game to you: /link minecraft (the code comes privately)',
} as const;

export const linkMessagesEn = {
  linkUsage:
    'Usage: /link <game>, such as /link minecraft. I send you a one-time code privately; enter it in the game to link your player there to you.',
  linkBadProvider: (p: { given: string }) =>
    `"${p.given}" is not a game name: use up to 32 lower-case letters, digits, _ or -, such as /link minecraft.`,
  linkTelegram: 'Your Telegram account is yours already: name a game to link, such as /link minecraft.',
  linkCode: (p: { provider: string; code: string; minutes: number }) =>
    [
      `Your one-time code to link your ${p.provider} player:`,
      '',
      p.code,
      '',
      `Enter it in the game within ${p.minutes} minutes (the game says how, often /link ${p.code}); it works once.`,
      'Never give it to anyone: whoever enters it links their player to you, and may then spend your tickets from the game.',
    ].join('\n'),
  linkSent: (p: { provider: string }) => `I sent you a one-time code for ${p.provider} in a private message.`,
  linkOpenPrivateChat: (p: { bot: string }) =>
    `I cannot write to you privately yet, and a link code is never posted in the group: open a private chat with @${p.bot}, send /start, then send /link again. No code was made.`,
  linkNotDelivered: (p: { provider: string }) =>
    `I could not send you the code privately: send /link ${p.provider} to me in a private chat.`,
  linkLimit: (p: { max: number; minutes: number }) =>
    `Codes for ${p.max} other games are waiting for you already: use them, or wait up to ${p.minutes} minutes until they expire.`,
} as const;

type Widen<T> = T extends string
  ? string
  : T extends (...args: infer A) => string
    ? (...args: A) => string
    : T;
/** The shape the Russian part must have: the same keys, the same parameters, any wording. */
export type LinkMessages = { [K in keyof typeof linkMessagesEn]: Widen<(typeof linkMessagesEn)[K]> };
export type LinkCommands = Record<keyof typeof linkCommandsEn, string>;

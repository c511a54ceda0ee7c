/**
 * Every text the bot sends, in English. messages.ru.ts must have the same keys with the same parameters
 * (the Messages type makes the compiler check it), so no reply exists in one language only.
 */
export const en = {
  commands: {
    start: 'Join the economy and see what the bot can do',
    help: 'List the commands',
    balance: 'Your balance',
    pay: 'Pay a member: /pay @user 10 [memo], or reply /pay 10',
    me: 'Your profile and balance',
    history: 'Your last transfers with the balance after each',
    mint: 'Admins: create tickets for a member',
    fine: 'Admins: fine a member (to the treasury)',
    freeze: 'Admins: stop a member from paying',
    unfreeze: 'Admins: let a frozen member pay again',
  },
  start: (p: { name: string }) =>
    `Welcome, ${p.name}! You are part of this group's ticket economy now.\nSend /help to see the commands.`,
  startPrivate: (p: { name: string }) =>
    `Hi, ${p.name}! Add me to a group to run its ticket economy; the commands work there.\nSend /help to see them.`,
  helpHeader: 'What I can do:',
  groupOnly: 'This command works in a group chat, where your tickets live.',
  balance: (p: { name: string; balance: number }) => `${p.name}, your balance is ${p.balance} tickets.`,
  me: (p: { name: string; username: string; balance: number; frozen: boolean }) =>
    `${p.name} (${p.username})\nBalance: ${p.balance} tickets${p.frozen ? '\nYour account is frozen: you cannot pay.' : ''}`,
  noUsername: 'no @username',
  historyEmpty: 'No transfers yet.',
  historyHeader: (p: { count: number }) => `Your last ${p.count} transfers:`,
  historyLine: (p: { delta: string; code: string; memo: string; balanceAfter: number }) =>
    `${p.delta} ${p.code}${p.memo === '' ? '' : ` "${p.memo}"`} → ${p.balanceAfter}`,
  paid: (p: { amount: number; to: string; balance: number; tax: number }) =>
    `Paid ${p.amount} tickets to ${p.to}${p.tax > 0 ? ` (+${p.tax} tax)` : ''}. Your balance: ${p.balance}.`,
  minted: (p: { amount: number; to: string; balance: number }) =>
    `Minted ${p.amount} tickets for ${p.to}. Their balance: ${p.balance}.`,
  fined: (p: { amount: number; who: string; balance: number }) =>
    `Fined ${p.who} ${p.amount} tickets. Their balance: ${p.balance}.`,
  frozeDone: (p: { who: string }) => `${p.who} is frozen: they can receive tickets but cannot pay.`,
  unfrozeDone: (p: { who: string }) => `${p.who} can pay again.`,
  confirmPay: (p: { amount: number; to: string }) => `Pay ${p.amount} tickets to ${p.to}? Please confirm.`,
  confirmButton: 'Pay',
  cancelButton: 'Cancel',
  payCancelled: 'Payment cancelled: no tickets moved.',
  notYourButton: 'Only the member who asked for this payment can confirm it.',
  promptExpired: 'This confirmation has expired: send /pay again.',
  usage: (p: { usage: string }) => `Usage: ${p.usage}`,
  amountMissing: (p: { usage: string }) => `Say how many tickets. Usage: ${p.usage}`,
  amountNotNumber: (p: { given: string }) => `"${p.given}" is not an amount: use a whole number such as 10.`,
  amountNegative: 'The amount cannot be negative.',
  amountZero: 'The amount must be at least 1.',
  amountFractional: 'Tickets cannot be split: use a whole number.',
  amountTooLarge: (p: { max: number }) => `That is too many: the most is ${p.max}.`,
  memoTooLong: (p: { max: number }) => `The memo is too long: at most ${p.max} characters.`,
  recipientMissing: (p: { usage: string }) =>
    `Who gets them? Name a @username or reply to their message. Usage: ${p.usage}`,
  unknownUser: (p: { username: string }) =>
    `I don't know ${p.username} in this group yet: they need to write here or send /start first.`,
  badUsername: (p: { given: string }) => `"${p.given}" is not a Telegram username.`,
  payYourself: 'You cannot pay yourself.',
  payBot: 'Bots cannot hold tickets.',
  notEnough: (p: { balance: number | null }) =>
    p.balance === null ? 'Not enough tickets.' : `Not enough tickets: you have ${p.balance}.`,
  frozen: 'Your account is frozen: you cannot pay right now. Ask an admin.',
  limitExceeded: 'That amount is outside what this group allows for one payment.',
  unavailable: 'The ticket service is temporarily unavailable. Please try again in a minute.',
  internal: 'Something went wrong on my side. Please try again later.',
  notAdmin: 'Only the group admins can do that.',
} as const;

type Widen<T> = T extends string
  ? string
  : T extends (...args: infer A) => string
    ? (...args: A) => string
    : T;
/** The shape every language's catalogue has: the same keys, the same parameters, any wording. */
export type Messages = {
  [K in keyof typeof en]: K extends 'commands'
    ? Record<keyof typeof en.commands, string>
    : Widen<(typeof en)[K]>;
};
export type CommandName = keyof typeof en.commands;

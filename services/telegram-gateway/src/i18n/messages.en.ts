import { formatRatio, type LiveStats } from '../economy/economy-figures';
import { apiKeyCommandsEn, apiKeyMessagesEn } from './api-keys.en';
import { linkCommandsEn, linkMessagesEn } from './link.en';
import { governanceCommandsEn, governanceMessagesEn } from './governance.en';
import { scheduleCommandsEn, scheduleMessagesEn } from './schedule.en';
import { artifactCommandsEn, artifactMessagesEn } from './artifacts.en';

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
    daily: 'Your daily bonus (more for each day in a row)',
    top: 'The top ticket holders here (/top week: top earners this week)',
    stats: "The group's economy in numbers",
    me: 'Your profile and balance',
    history: 'Your last transfers with the balance after each (admins: /history @user)',
    mint: 'Admins: create tickets for a member',
    burn: "Admins: destroy tickets from a member's balance",
    fine: 'Admins: fine a member (to the treasury)',
    reverse: 'Admins: undo a transfer by its id from /history',
    freeze: 'Admins: stop a member from paying',
    unfreeze: 'Admins: let a frozen member pay again',
    settings: 'Admins: show or change tax, payment limits, rewards, artifact rules and the dashboard',
    ...artifactCommandsEn,
    ...linkCommandsEn,
    ...scheduleCommandsEn,
    ...governanceCommandsEn,
    ...apiKeyCommandsEn,
  },
  start: (p: { name: string }) =>
    `Welcome, ${p.name}! You are part of this group's ticket economy now.\nSend /help to see the commands.`,
  startPrivate: (p: { name: string }) =>
    `Hi, ${p.name}! Add me to a group to run its ticket economy; the commands work there.\nSend /help to see them.`,
  botAdded: (p: { title: string }) =>
    `Hello, ${p.title}! I run this group's ticket economy: members earn tickets by taking part and pay each other; admins mint, fine and set the rules.`,
  helpHeader: 'What I can do:',
  groupOnly: 'This command works in a group chat, where your tickets live.',
  anonymousAdmin:
    'You are writing as the group (anonymous admin), so I cannot tell who you are. To use commands, turn off "Remain anonymous" in your admin rights, or ask another admin.',
  channelSender:
    'You are writing on behalf of a channel, and tickets belong to people. Write from your own account to use this command.',
  slowDownChat: (p: { seconds: number }) =>
    `This chat is sending me more commands than I can answer, so I am skipping them for ${p.seconds} s. Please wait, then try again.`,
  slowDownUser: (p: { seconds: number }) =>
    `You are sending commands too fast, so I am skipping yours for ${p.seconds} s. Please wait, then try again.`,
  targetNotMember:
    'That message was sent on behalf of the group or a channel, not by a member. Name the member with @username instead.',
  openWallet: 'Open wallet',
  walletMenuButton: 'Wallet',
  balance: (p: { name: string; balance: number }) => `${p.name}, your balance is ${p.balance} tickets.`,
  me: (p: { name: string; username: string; balance: number; frozen: boolean }) =>
    `${p.name} (${p.username})\nBalance: ${p.balance} tickets${p.frozen ? '\nYour account is frozen: you cannot pay.' : ''}`,
  noUsername: 'no @username',
  historyEmpty: 'No transfers yet.',
  historyHeader: (p: { count: number }) => `Your last ${p.count} transfers:`,
  historyHeaderOf: (p: { count: number; who: string }) => `Last ${p.count} transfers of ${p.who}:`,
  historyLine: (p: { delta: string; code: string; memo: string; balanceAfter: number; id: string }) =>
    `${p.delta} ${p.code}${p.memo === '' ? '' : ` "${p.memo}"`} → ${p.balanceAfter} · ${p.id}`,
  historyNotYours: "Only the group admins can see another member's history.",
  paid: (p: { amount: number; to: string; balance: number; tax: number }) =>
    `Paid ${p.amount} tickets to ${p.to}${p.tax > 0 ? ` (+${p.tax} tax)` : ''}. Your balance: ${p.balance}.`,
  minted: (p: { amount: number; to: string; balance: number }) =>
    `Minted ${p.amount} tickets for ${p.to}. Their balance: ${p.balance}.`,
  burned: (p: { amount: number; who: string; balance: number }) =>
    `Burned ${p.amount} tickets of ${p.who}. Their balance: ${p.balance}.`,
  burnNotEnough: (p: { who: string; balance: number | null }) =>
    p.balance === null
      ? `${p.who} does not have that many tickets.`
      : `${p.who} has only ${p.balance} tickets: burn that many or fewer.`,
  reversed: (p: { id: string; amount: number }) => `Reversed ${p.id}: ${p.amount} tickets went back.`,
  reverseNotFound: (p: { id: string }) =>
    `There is no transfer ${p.id} in this group. Copy its id from /history.`,
  reverseAlready: (p: { id: string }) => `${p.id} was already reversed.`,
  reverseNotReversible: (p: { id: string }) =>
    `${p.id} cannot be reversed: it is a reversal itself or an unsettled hold.`,
  reverseNotEnough: (p: { id: string }) =>
    `Cannot reverse ${p.id}: whoever received it no longer has enough tickets.`,
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
  payBelowMin: (p: { min: number }) => `The smallest payment in this group is ${p.min} tickets.`,
  payAboveMax: (p: { max: number }) => `The largest payment in this group is ${p.max} tickets.`,
  payDailySendCap: (p: { limit: number; remaining: number }) =>
    p.remaining === 0
      ? `You have reached today's limit of ${p.limit} tickets sent (tax included): you can pay again after midnight UTC.`
      : `That is over today's limit of ${p.limit} tickets sent (tax included): you can send ${p.remaining} more today.`,
  payDailyReceiveCap: (p: { to: string; limit: number; remaining: number }) =>
    p.remaining === 0
      ? `${p.to} has reached today's limit of ${p.limit} tickets received: try again after midnight UTC.`
      : `That is over today's limit of ${p.limit} tickets received: ${p.to} can receive ${p.remaining} more today.`,
  notEnough: (p: { balance: number | null }) =>
    p.balance === null ? 'Not enough tickets.' : `Not enough tickets: you have ${p.balance}.`,
  frozen: 'Your account is frozen: you cannot pay right now. Ask an admin.',
  limitExceeded: 'That amount is outside what this group allows for one payment.',
  unavailable: 'The ticket service is temporarily unavailable. Please try again in a minute.',
  internal: 'Something went wrong on my side. Please try again later.',
  notAdmin: 'Only the group admins can do that.',
  dailyClaimed: (p: { amount: number; streak: number; balance: number }) =>
    `+${p.amount} tickets: your daily bonus${p.streak > 1 ? ` (${p.streak} days in a row)` : ''}. Your balance: ${p.balance}.`,
  dailyClaimedLater: (p: { amount: number; streak: number }) =>
    `+${p.amount} tickets: your daily bonus${p.streak > 1 ? ` (${p.streak} days in a row)` : ''}. They reach your balance in a moment.`,
  dailyAlready: (p: { hours: number; minutes: number }) =>
    `You already claimed today's bonus: come back in ${p.hours}h ${p.minutes}m.`,
  dailyOff: 'This group has no daily bonus.',
  dailyBarred: 'You are barred from earning tickets in this group.',
  topHeader: 'Top ticket holders:',
  topLine: (p: { rank: number; label: string; balance: number }) => `${p.rank}. ${p.label} — ${p.balance}`,
  topEmpty: 'Nobody holds tickets here yet.',
  topFromLedger: 'Live rankings are unavailable right now, so this comes straight from the ledger.',
  topEarnersHeader: 'Top earners this week (since Monday, UTC):',
  topEarnerLine: (p: { rank: number; label: string; amount: number }) =>
    `${p.rank}. ${p.label} — +${p.amount}`,
  topEarnersEmpty: 'Nobody has earned tickets this week yet.',
  statsUnavailable: 'Economy figures are temporarily unavailable. Please try again in a minute.',
  statsLive: (p: LiveStats) =>
    [
      "This group's economy:",
      `Tickets in existence: ${p.supply} (in circulation: ${p.circulating}, treasury: ${p.treasury})`,
      `Members: ${p.memberCount}; active today ${p.activeDaily}, this week ${p.activeWeekly}, this month ${p.activeMonthly}`,
      `Transfers in 24 h: ${p.transfers24h} (${p.volume24h} tickets); in all: ${p.transfersTotal} (${p.volumeTotal} tickets)`,
      `Velocity: ${formatRatio(p.velocity24h, '.')} in 24 h, ${formatRatio(p.velocity7d, '.')} in 7 days`,
      `Inequality (Gini, 0 = equal): ${formatRatio(p.gini, '.')}`,
      `Rewards paid: ${p.rewardsCount} (${p.rewardsTotal} tickets); tax collected: ${p.taxTotal} tickets`,
    ].join('\n'),
  statsFromLedger: 'Detailed figures are unavailable right now; the basics from the ledger:',
  stats: (p: { supply: number; treasury: number; members: number; transfers: number }) =>
    `Tickets in existence: ${p.supply}\nTreasury: ${p.treasury}\nMembers with an account: ${p.members}\nTransfers so far: ${p.transfers}`,
  settingsHeader: 'Settings of this group:',
  settingsFooter:
    'Change one: /settings <key> <value>; bar or unbar a member from earning: /settings bar @user; make the dashboard public: /settings dashboard on',
  settingsBarred: (p: { count: number }) => `barred from earning: ${p.count}`,
  settingsOff: 'off',
  settingsDashboard: (p: { public: boolean }) =>
    `dashboard: ${p.public ? 'public (anyone with the link sees members, balances and payments)' : 'private'}`,
  settingsDashboardSet: (p: { public: boolean }) =>
    p.public
      ? "Done: this group's dashboard is now public: anyone with its link can see members' names, balances and payments. /settings dashboard off makes it private again."
      : "Done: this group's dashboard is now private: its page answers as if the group did not exist.",
  settingsDashboardUsage:
    'Usage: /settings dashboard on (anyone with the link may see the dashboard) or /settings dashboard off (private)',
  settingsSet: (p: { key: string; value: string }) => `Done: ${p.key} is now ${p.value}.`,
  settingsUsage: 'Usage: /settings, /settings <key> <value>, /settings bar @user, /settings unbar @user',
  settingsUnknownKey: (p: { key: string; keys: string }) =>
    `There is no setting "${p.key}". Settings: ${p.keys}.`,
  settingsNeedsWholeNumber: (p: { key: string }) => `That value does not fit ${p.key}: use a whole number.`,
  settingsNeedsPercent: (p: { key: string; max: string }) =>
    `That value does not fit ${p.key}: use a percentage from 0 to ${p.max}, such as 2 or 2.5%.`,
  settingsTooSmall: (p: { key: string; min: number }) =>
    `That value does not fit ${p.key}: use at least ${p.min}.`,
  settingsTooBig: (p: { key: string; max: number }) =>
    `That value does not fit ${p.key}: use at most ${p.max}.`,
  settingsMinAboveMax: (p: { min: number; max: number }) =>
    `paymentMin ${p.min} would be above paymentMax ${p.max}: raise paymentMax first.`,
  settingsMaxBelowMin: (p: { min: number; max: number }) =>
    `paymentMax ${p.max} would be below paymentMin ${p.min}: lower paymentMin first.`,
  settingsCapTooSmall: (p: { key: string; smallest: number }) =>
    `That leaves ${p.key} below the smallest payment (${p.smallest} tickets), so nobody could pay: raise ${p.key} or lower paymentMin.`,
  barListFull: (p: { max: number }) =>
    `At most ${p.max} members can be barred from earning; unbar someone first.`,
  barDone: (p: { who: string }) => `${p.who} no longer earns tickets here.`,
  unbarDone: (p: { who: string }) => `${p.who} can earn tickets again.`,
  ...artifactMessagesEn,
  ...apiKeyMessagesEn,
  ...linkMessagesEn,
  ...scheduleMessagesEn,
  ...governanceMessagesEn,
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

import type { BotCommand } from 'telegraf/types';
import type { CommandName, Messages } from '../i18n/messages.en';

/** The commands in the order /help and Telegram's command menu show them. */
export const COMMAND_ORDER: readonly CommandName[] = [
  'start',
  'help',
  'balance',
  'pay',
  'daily',
  'top',
  'stats',
  'me',
  'history',
  'link',
  'mint',
  'burn',
  'fine',
  'reverse',
  'freeze',
  'unfreeze',
  'settings',
  'shop',
  'buy',
  'inventory',
  'artifact',
  'gift',
  'sell',
  'market',
  'unlist',
  'trade',
  'trades',
  'newartifact',
  'restock',
  'apikey',
];

export const USAGE = {
  pay: '/pay @user 10 [memo]',
  mint: '/mint @user 100 [memo]',
  burn: '/burn @user 10 [reason]',
  fine: '/fine @user 10 [reason]',
  reverse: '/reverse <transfer id> [reason]',
  history: '/history [@user]',
  freeze: '/freeze @user [reason]',
  unfreeze: '/unfreeze @user',
  bar: '/settings bar @user',
} as const;

export function botCommandsFor(t: Messages): BotCommand[] {
  return COMMAND_ORDER.map((command) => ({ command, description: t.commands[command] }));
}

export function helpText(t: Messages): string {
  return [
    t.helpHeader,
    ...COMMAND_ORDER.map((command) => `/${command} — ${t.commands[command]}`),
    '',
    t.artHelpNote,
  ].join('\n');
}

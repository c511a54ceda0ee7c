import type { BotCommand } from 'telegraf/types';
import type { Messages } from '../i18n/messages.en';
import { COMMANDS } from './commands.table';

/** Telegram's command menu (setMyCommands), in the table's order. */
export function botCommandsFor(t: Messages): BotCommand[] {
  return COMMANDS.map(({ name }) => ({ command: name, description: t.commands[name] }));
}

export function helpText(t: Messages): string {
  return [
    t.helpHeader,
    ...COMMANDS.map(({ name }) => `/${name} — ${t.commands[name]}`),
    '',
    t.artHelpNote,
  ].join('\n');
}

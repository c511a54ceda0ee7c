import { TelegramError, type Telegraf } from 'telegraf';

/**
 * Whether Telegram lets the bot write to a user's private chat: 403 when the user never started the bot
 * (or blocked it), 400 when Telegram knows no such chat. Anything else is a fault, answered as one. A
 * chat action is refused where a message would be, and shows nothing the user could mind.
 */
export async function canWritePrivately(bot: Telegraf, telegramUserId: number): Promise<boolean> {
  try {
    await bot.telegram.sendChatAction(telegramUserId, 'typing');
    return true;
  } catch (error) {
    if (error instanceof TelegramError && (error.code === 403 || error.code === 400)) return false;
    throw error;
  }
}

/** Telegram refused to write to the user: they never started the bot, or blocked it. */
export function isForbidden(error: unknown): boolean {
  return error instanceof TelegramError && error.code === 403;
}

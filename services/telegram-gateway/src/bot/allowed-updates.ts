import type { UpdateType } from 'telegraf/typings/telegram-types';

/**
 * The update types the bot asks Telegram for, in long polling and in setWebhook alike. chat_member is off
 * unless named; naming any type replaces Telegram's default list, so every type a handler uses is here.
 */
export const ALLOWED_UPDATES: UpdateType[] = ['message', 'callback_query', 'my_chat_member', 'chat_member'];

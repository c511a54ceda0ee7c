// The public surface of the Telegram Bot API emulator; everything else in this library is its inside.
export { startTelegramEmulator, TelegramEmulator } from './telegram-emulator';
export { MAX_LONG_POLL_HOLD_S, MAX_UPDATES_PER_CALL } from './update-queue';
export { MAX_CALLBACK_DATA_BYTES, MAX_MESSAGE_TEXT_CHARS } from './bot-api.methods';
export { TELEGRAM_SEND_LIMITS } from './rate-limiter';
export { CHANNEL_BOT_USER, GROUP_ANONYMOUS_BOT_USER } from './telegram-emulator.state';
export type * from './telegram-emulator.types';

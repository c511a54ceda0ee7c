import type { MenuButton } from 'telegraf/types';
import { badRequest } from './bot-api.errors';
import { optionalJson, optionalInteger, type RawParams } from './bot-api.params';
import type { MethodHandler } from './bot-api.methods';
import type { EmulatorState } from './telegram-emulator.state';

/** The key of the default menu button (the one of every private chat without its own) in state.menuButtons. */
export const DEFAULT_MENU_BUTTON_KEY = 'default';

/** setChatMenuButton and getChatMenuButton: one button per private chat, or the default one. */
export const MENU_BUTTON_METHODS: Record<string, MethodHandler> = {
  setChatMenuButton: ({ params, state }) => {
    const key = menuButtonKey(params, state);
    const button = optionalJson<MenuButton>(params, 'menu_button') ?? { type: 'default' };
    validateMenuButton(button);
    if (button.type === 'default') state.menuButtons.delete(key);
    else state.menuButtons.set(key, structuredClone(button));
    return true;
  },

  getChatMenuButton: ({ params, state }) => {
    const key = menuButtonKey(params, state);
    return (
      state.menuButtons.get(key) ??
      (key === DEFAULT_MENU_BUTTON_KEY ? undefined : state.menuButtons.get(DEFAULT_MENU_BUTTON_KEY)) ?? {
        type: 'commands',
      }
    );
  },
};

/** Telegram opens Mini Apps over https only, and says so for buttons of either kind. */
export function validateWebAppUrl(url: unknown): void {
  if (typeof url !== 'string' || !URL.canParse(url)) throw badRequest('BUTTON_URL_INVALID');
  if (new URL(url).protocol !== 'https:') {
    throw badRequest(`Web App URL '${url}' is invalid: Only HTTPS links are allowed`);
  }
}

function validateMenuButton(button: MenuButton): void {
  if (button.type === 'default' || button.type === 'commands') return;
  if (button.type !== 'web_app') throw badRequest("can't parse menu button: unsupported type");
  if (typeof button.text !== 'string' || button.text.length === 0) throw badRequest('BUTTON_TEXT_INVALID');
  validateWebAppUrl(button.web_app?.url);
}

/** Only private chats have a menu button of their own. */
function menuButtonKey(params: RawParams, state: EmulatorState): string {
  const chatId = optionalInteger(params, 'chat_id');
  if (chatId === undefined) return DEFAULT_MENU_BUTTON_KEY;
  const record = state.chatForBot(chatId);
  if (record.chat.type !== 'private') throw badRequest('chat is not a private chat');
  return String(chatId);
}

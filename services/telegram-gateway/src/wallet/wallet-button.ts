import type { InlineKeyboardButton, InlineKeyboardMarkup, MenuButton } from 'telegraf/types';
import type { GatewayConfig } from '../config/gateway.config';
import type { Messages } from '../i18n/messages.en';

/** What decides how a reply opens the wallet: the two optional settings and where the reply goes. */
export interface WalletPlace {
  config: Pick<GatewayConfig, 'TELEGRAM_WALLET_URL' | 'TELEGRAM_WALLET_SHORT_NAME'>;
  botUsername: string;
  /** A group's reply opens the wallet of that group's economy; a private chat's opens the member's default. */
  chat: { kind: 'private' } | { kind: 'group'; communityId: string };
}

/**
 * The "Open wallet" button of a reply, or none when no wallet is configured. Telegram refuses Mini App
 * (web_app) buttons outside private chats, so a group gets a t.me link to the registered Mini App (it opens
 * inside Telegram, signed in, with the community as start parameter) or, without a short name, a plain link
 * to the page, where a browser signs in with the Login Widget.
 */
export function walletButton(place: WalletPlace, t: Messages): InlineKeyboardButton | undefined {
  const { TELEGRAM_WALLET_URL: url, TELEGRAM_WALLET_SHORT_NAME: shortName } = place.config;
  const text = t.openWallet;
  if (place.chat.kind === 'private') {
    if (url !== undefined) return { text, web_app: { url } };
    return shortName === undefined ? undefined : { text, url: miniAppLink(place.botUsername, shortName) };
  }
  const { communityId } = place.chat;
  if (shortName !== undefined) return { text, url: miniAppLink(place.botUsername, shortName, communityId) };
  if (url === undefined) return undefined;
  const page = new URL(url);
  page.searchParams.set('community', communityId);
  return { text, url: page.toString() };
}

/** The reply's keyboard: the wallet button alone, or none. */
export function walletKeyboard(place: WalletPlace, t: Messages): InlineKeyboardMarkup | undefined {
  const button = walletButton(place, t);
  return button === undefined ? undefined : { inline_keyboard: [[button]] };
}

/** The menu button of every private chat with the bot (set once at launch), or none without a page URL. */
export function walletMenuButton(
  config: Pick<GatewayConfig, 'TELEGRAM_WALLET_URL'>,
  t: Messages,
): MenuButton | undefined {
  const url = config.TELEGRAM_WALLET_URL;
  return url === undefined ? undefined : { type: 'web_app', text: t.walletMenuButton, web_app: { url } };
}

/**
 * Telegram's direct Mini App link; `startapp` reaches the page as tgWebAppStartParam. Community ids
 * (tg-100123) fit its alphabet (A-Z, a-z, 0-9, _ and -, at most 512 characters).
 */
export function miniAppLink(botUsername: string, shortName: string, startParam?: string): string {
  const base = `https://t.me/${botUsername}/${shortName}`;
  return startParam === undefined ? base : `${base}?startapp=${encodeURIComponent(startParam)}`;
}

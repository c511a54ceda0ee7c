import { LANGUAGES } from '../i18n/catalogue';
import { miniAppLink, walletButton, walletMenuButton, type WalletPlace } from './wallet-button';

const URL_ = 'https://tickets.example.com/app';
const place = (config: WalletPlace['config'], chat: WalletPlace['chat']): WalletPlace => ({
  config,
  botUsername: 'TicketBot',
  chat,
});
const GROUP = { kind: 'group', communityId: 'tg-100123' } as const;
const PRIVATE = { kind: 'private' } as const;
const { en, ru } = LANGUAGES;

describe('the wallet button', () => {
  it('is a Mini App button in a private chat, in the member language', () => {
    expect(walletButton(place({ TELEGRAM_WALLET_URL: URL_ }, PRIVATE), ru)).toEqual({
      text: 'Открыть кошелёк',
      web_app: { url: URL_ },
    });
  });

  it("is a t.me Mini App link with the group's community in a group when a short name is registered", () => {
    const config = { TELEGRAM_WALLET_URL: URL_, TELEGRAM_WALLET_SHORT_NAME: 'wallet' };
    expect(walletButton(place(config, GROUP), en)).toEqual({
      text: 'Open wallet',
      url: 'https://t.me/TicketBot/wallet?startapp=tg-100123',
    });
  });

  it('is a plain link to the page naming the community in a group without a short name', () => {
    expect(walletButton(place({ TELEGRAM_WALLET_URL: URL_ }, GROUP), en)).toEqual({
      text: 'Open wallet',
      url: `${URL_}?community=tg-100123`,
    });
  });

  it('is the bare Mini App link in a private chat when only a short name is set', () => {
    expect(walletButton(place({ TELEGRAM_WALLET_SHORT_NAME: 'wallet' }, PRIVATE), en)).toEqual({
      text: 'Open wallet',
      url: 'https://t.me/TicketBot/wallet',
    });
  });

  it('is absent, as is the menu button, when no wallet is configured', () => {
    expect(walletButton(place({}, PRIVATE), en)).toBeUndefined();
    expect(walletButton(place({}, GROUP), en)).toBeUndefined();
    expect(walletMenuButton({}, en)).toBeUndefined();
    expect(walletMenuButton({ TELEGRAM_WALLET_URL: URL_ }, en)).toEqual({
      type: 'web_app',
      text: 'Wallet',
      web_app: { url: URL_ },
    });
  });

  it('escapes a start parameter into the link', () => {
    expect(miniAppLink('TicketBot', 'wallet', 'a b')).toBe('https://t.me/TicketBot/wallet?startapp=a%20b');
  });
});

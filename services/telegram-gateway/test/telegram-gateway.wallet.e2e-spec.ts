/**
 * The wallet's ways in from the bot, through the real system (nats-server, the built ledger and accounts, the
 * gateway, the Bot API emulator, which refuses Mini App buttons outside private chats and plain-http Mini Apps
 * as Telegram does): the menu button set at launch, and "Open wallet" under /start and /balance.
 */
import { startGatewayHarness, type GatewayHarness } from './support/gateway.harness';

const WALLET_URL = 'https://tickets.example.com/app';
const GROUP = -100_555;
const DANA = 5101;
const EGOR = 5102;

describe('telegram-gateway: the wallet Mini App buttons', () => {
  let h: GatewayHarness;

  beforeAll(async () => {
    h = await startGatewayHarness({
      env: { TELEGRAM_WALLET_URL: WALLET_URL, TELEGRAM_WALLET_SHORT_NAME: 'wallet' },
    });
    h.emulator.addChat({ id: GROUP, type: 'supergroup', title: 'Crafters' });
    h.emulator.addUser({ id: DANA, first_name: 'Dana', username: 'dana', language_code: 'en' });
    h.emulator.addUser({ id: EGOR, first_name: 'Егор', username: 'egor', language_code: 'ru' });
    h.emulator.setMember(GROUP, DANA, 'member');
    h.emulator.addChat({ id: EGOR, type: 'private' });
  });

  afterAll(async () => {
    await h?.close();
  });

  it('sets the menu button of private chats to the wallet at launch', () => {
    expect(h.emulator.menuButton()).toEqual({
      type: 'web_app',
      text: 'Wallet',
      web_app: { url: WALLET_URL },
    });
    expect(h.emulator.calls('setChatMenuButton')).toHaveLength(1);
  });

  it('opens the wallet as a Mini App from /start in a private chat, in the member language', async () => {
    const reply = await h.say(EGOR, EGOR, '/start');
    expect(reply.text).toMatch(/^Привет, Егор!/);
    expect(reply.reply_markup).toEqual({
      inline_keyboard: [[{ text: 'Открыть кошелёк', web_app: { url: WALLET_URL } }]],
    });
  });

  it("links a group's /balance and /start to the Mini App with the group's community", async () => {
    const walletLink = {
      inline_keyboard: [[{ text: 'Open wallet', url: `https://t.me/TicketBot/wallet?startapp=tg${GROUP}` }]],
    };
    const start = await h.say(GROUP, DANA, '/start');
    expect(start.text).toMatch(/^Welcome, Dana!/);
    expect(start.reply_markup).toEqual(walletLink);
    const balance = await h.say(GROUP, DANA, '/balance');
    expect(balance.text).toBe('Dana, your balance is 0 tickets.');
    expect(balance.reply_markup).toEqual(walletLink);
    // Commands that have nothing to do with the wallet stay as they were.
    expect((await h.say(GROUP, DANA, '/help')).reply_markup).toBeUndefined();
  });
});

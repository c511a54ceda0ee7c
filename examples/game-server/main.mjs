// A simulated game server: each line of its input is a player's chat command, as a Minecraft server would see it.
//   Steve link K7Q2-9XF3        the code Steve got from the bot's /link minecraft
//   Alex register               a player who is not on Telegram
//   Steve achievement first-diamond
//   Steve buy
//   Steve balance               the cached balance, no request
// Run: npm run example:game -- --community <id> --key <tk_...> [--url http://127.0.0.1:3000]
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { GameServer } from './game-server.mjs';
import { isTicketonomicsError, TicketonomicsClient } from './sdk.mjs';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:3000' },
    community: { type: 'string' },
    key: { type: 'string', default: process.env.TICKETONOMICS_KEY },
    provider: { type: 'string', default: 'minecraft' },
    reward: { type: 'string', default: '50' },
    'item-name': { type: 'string', default: 'Diamond Sword' },
    'item-emoji': { type: 'string', default: '🗡️' },
    'item-price': { type: 'string', default: '30' },
  },
});
if (values.community === undefined || values.key === undefined) {
  console.error(
    'usage: npm run example:game -- --community <id> --key <tk_...> [--url http://127.0.0.1:3000]',
  );
  console.error(
    'make a key with: npm run apikey -- create --community <id> --name "Game server" --scopes read,transfer,reward,admin',
  );
  process.exit(2);
}

const client = new TicketonomicsClient({
  baseUrl: values.url,
  apiKey: values.key,
  communityId: values.community,
});
const game = new GameServer({
  client,
  provider: values.provider,
  item: { name: values['item-name'], emoji: values['item-emoji'], price: Number(values['item-price']) },
});
const key = await client.getKey();
console.log(`[game] ${key.communityId}: key ${key.keyId} with ${key.scopes.join(', ')}`);
game.follow();
// The item is on sale before the first player asks: found in the shop, or its type and shop item made now.
const shopItemId = await game.ensureShopItem();
console.log(
  `[game] the shop sells ${game.item.emoji} ${game.item.name} for ${game.item.price} (shop item ${shopItemId})`,
);

const COMMANDS = {
  link: (player, code) => game.link(player, code),
  register: (player) => game.register(player),
  achievement: (player, name) => game.achievement(player, name, Number(values.reward)),
  buy: (player) => game.buy(player, randomUUID()),
  balance: async (player) => console.log(`[game] ${player} has ${game.balanceOf(player) ?? '?'} tickets`),
};

// One command at a time, in the order typed: a real server would queue them per player the same way.
for await (const line of createInterface({ input: process.stdin })) {
  const [player, command, ...args] = line.trim().split(/\s+/);
  if (player === undefined || player === '') continue;
  if (player === 'quit') break;
  const run = COMMANDS[command];
  if (run === undefined) {
    console.log(`[game] unknown command ${command}: ${Object.keys(COMMANDS).join(', ')}`);
    continue;
  }
  try {
    await run(player, ...args);
  } catch (error) {
    // Refusals come typed with a stable code; the message says how to fix it.
    console.log(
      `[error] ${player} ${command}: ${isTicketonomicsError(error) ? `${error.code}: ` : ''}${error.message}`,
    );
  }
}
game.close();

// The scaled run: the shipped compose file brought up with the `--scale` flags an operator uses, the bot
// included (its replicas poll the Bot API emulator on this host; one polls at a time), every replica
// healthy; members pay through the load balancer and through the bot; then every service is scaled back to
// one replica, and nothing may be lost or doubled: balances, payments through both, a journal that verifies.
import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { Bus, COMMUNITY, httpClient } from './scenario.mjs';
import { say, waitUntil } from './shell.mjs';

/** The operator's command in the scaling issue: `docker compose up -d --scale ledger=3 ...`. */
export const SCALED_OUT = {
  ledger: 3,
  accounts: 2,
  artifacts: 2,
  analytics: 2,
  governance: 2,
  'api-gateway': 3,
  'telegram-gateway': 2,
};
export const SCALED_IN = Object.fromEntries(Object.keys(SCALED_OUT).map((service) => [service, 1]));

/** Enough payments that the load balancer hands some to every api-gateway replica. */
const PAYMENTS_PER_PHASE = 9;
const BOT_REPLY_TIMEOUT_MS = 60_000;
const STREAM_TIMEOUT_MS = 30_000;
const GROUP_CHAT_ID = -1_001_900_000_001;
const GROUP_COMMUNITY_ID = `tg${GROUP_CHAT_ID}`;

/** The group on the emulator, two members, and a way to send a command and wait for the bot's answer. */
function botGroup(emulator) {
  const chat = emulator.addChat({ id: GROUP_CHAT_ID, type: 'supergroup', title: 'Compose scaled' });
  const dora = emulator.addUser({ id: 900_001, first_name: 'Dora', username: 'dora_compose' });
  const eli = emulator.addUser({ id: 900_002, first_name: 'Eli', username: 'eli_compose' });
  emulator.setMember(chat.id, dora.id, 'member');
  emulator.setMember(chat.id, eli.id, 'member');
  emulator.setMember(chat.id, emulator.bot.id, 'administrator');
  return {
    async command(user, text, reply) {
      const after = emulator.sent(chat.id).length;
      emulator.sendText(chat.id, user.id, text);
      return emulator.waitForMessage(chat.id, reply, { after, timeoutMs: BOT_REPLY_TIMEOUT_MS });
    },
    dora,
    eli,
  };
}

/**
 * A member opens the wallet Mini App: initData signed with the bot's token as Telegram signs it, exchanged
 * for a session through the load balancer, then the member's balance read with it, each call likely on
 * another api-gateway replica (they share APP_SESSION_SECRET). Returns the balance.
 */
async function walletBalanceOf(apiUrl, botToken, user) {
  const fields = {
    auth_date: String(Math.floor(Date.now() / 1000)),
    query_id: `AAcompose${Date.now()}`,
    start_param: GROUP_COMMUNITY_ID,
    user: JSON.stringify({ id: user.id, first_name: user.first_name, username: user.username }),
  };
  const checkString = Object.keys(fields)
    .sort()
    .map((key) => `${key}=${fields[key]}`)
    .join('\n');
  const secret = createHmac('sha256', 'WebAppData').update(botToken).digest();
  const hash = createHmac('sha256', secret).update(checkString).digest('hex');
  const http = httpClient(apiUrl);
  const session = await http.post('/v1/app/sessions/telegram-webapp', {
    initData: new URLSearchParams({ ...fields, hash }).toString(),
  });
  strictEqual(session.communityId, GROUP_COMMUNITY_ID, 'the wallet opens in the group it was opened from');
  http.useKey(session.token);
  const balances = [];
  for (let n = 0; n < 3; n += 1) {
    balances.push((await http.get(`/v1/app/communities/${GROUP_COMMUNITY_ID}/balance`)).balance);
  }
  strictEqual(new Set(balances).size, 1, 'every replica reads the same balance with the session');
  return balances[0];
}

/**
 * `scale(counts)` runs `up -d --scale ...` and resolves once exactly that many replicas of each service are
 * healthy. `members` are the first scenario's (its API key, alice and bob).
 */
export async function driveScaling({ apiUrl, natsUrl, operatorCredentials, scale, emulator, members }) {
  const C = `/v1/communities/${COMMUNITY}`;
  const http = httpClient(apiUrl);
  http.useKey(members.apiKey);
  const group = botGroup(emulator);
  const balanceOf = async (member) => (await http.get(`${C}/members/${member}/balance`)).balance;
  const startBalances = { alice: await balanceOf(members.alice), bob: await balanceOf(members.bob) };
  let paid = 0;

  /** Payments alice → bob through the load balancer, each with its own Idempotency-Key. */
  const payThroughApi = async (phase) => {
    const ids = [];
    for (let n = 0; n < PAYMENTS_PER_PHASE; n += 1) {
      const response = await http.post(
        `${C}/transfers`,
        { from: members.alice, to: members.bob, amount: 1, memo: `${phase} ${n}` },
        `scale-${phase}-${n}`,
      );
      ids.push(response.transfer.id);
    }
    paid += PAYMENTS_PER_PHASE;
    strictEqual(new Set(ids).size, PAYMENTS_PER_PHASE, 'every payment is its own transfer');
    strictEqual(await balanceOf(members.bob), startBalances.bob + paid);
    strictEqual(await balanceOf(members.alice), startBalances.alice - paid);
    return ids;
  };

  say(
    `scaling out: ${Object.entries(SCALED_OUT)
      .map(([s, n]) => `${s}=${n}`)
      .join(' ')}`,
  );
  await scale(SCALED_OUT);
  const outIds = await payThroughApi('out');
  const newcomer = await http.post(`${C}/members`, {
    identity: { provider: 'game', externalId: 'carol' },
    displayName: 'carol',
  });
  await group.command(group.dora, '/balance', /\d/);
  await group.command(group.eli, '/balance', /\d/);
  const walletBalance = await walletBalanceOf(apiUrl, emulator.token, group.dora);
  say(
    `scaled out, every replica healthy: ${PAYMENTS_PER_PHASE} payments through the load balancer, a new member (${newcomer.user.id}), /balance answered by the bot for two members, Dora's wallet opened through the load balancer (${walletBalance} tickets)`,
  );

  say('scaling back to one replica each');
  await scale(SCALED_IN);
  const inIds = await payThroughApi('in');
  strictEqual((await http.get(`${C}/members/${newcomer.user.id}`)).user.id, newcomer.user.id);
  await group.command(group.dora, '/balance', /\d/);

  const bus = await Bus.open(natsUrl, operatorCredentials);
  try {
    const paidIds = [...outIds, ...inIds];
    const stream = await waitUntil('every payment event in the stream', STREAM_TIMEOUT_MS, async () => {
      const read = await bus.streamTransfers();
      return paidIds.every((id) => read.ids.includes(id)) ? read : undefined;
    });
    const counts = new Map();
    for (const id of stream.ids) counts.set(id, (counts.get(id) ?? 0) + 1);
    for (const id of paidIds) {
      strictEqual(counts.get(id), 1, `${id}: its transfer.posted event is in the stream exactly once`);
    }
    deepStrictEqual(
      [...counts.values()].filter((count) => count > 1),
      [],
      'no transfer event twice in the stream',
    );
  } finally {
    await bus.close();
  }
  const verify = await http.get(`${C}/verify`);
  strictEqual(verify.ok, true, `journal.verify: ${JSON.stringify(verify)}`);
  say(
    `scaled in: ${PAYMENTS_PER_PHASE} more payments, balances add up (${paid} paid in all), each payment's event in the stream once, the journal verifies, the bot answers`,
  );
}

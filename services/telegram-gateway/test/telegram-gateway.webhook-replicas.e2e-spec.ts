/**
 * Webhook mode as docker-compose.yml runs it with `--profile bot --scale telegram-gateway=3`: three gateway
 * replicas as processes (dist/, `npm run build` first) behind the shipped load balancer (infra/nginx/api.conf,
 * only its upstream addresses and port changed, on this machine's nginx), one webhook URL under /telegram/ for
 * all, the secret token each derives from the shared bot token. The Bot API emulator pushes the updates to
 * nginx as Telegram would; the rest is the real system (nats-server, ledger, accounts).
 */
import { AccountsCommands, LedgerCommands, PROVIDER_TELEGRAM } from '@ticketonomics/contracts';
import { CommandClient } from '@ticketonomics/messaging';
import {
  startTelegramEmulator,
  type SentMessage,
  type TelegramEmulator,
} from '@ticketonomics/telegram-emulator';
import {
  findNginx,
  freePort,
  makeTempDir,
  readMetric,
  removeDir,
  spawnBackendService,
  spawnService,
  startNatsServer,
  startNginxFront,
  waitFor,
  type BackendService,
  type NatsServerHarness,
  type NginxFront,
  type ServiceProcess,
} from '@ticketonomics/testing';
import type { NatsConnection } from '@nats-io/transport-node';
import { request } from 'node:http';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ALLOWED_UPDATES } from '../src/bot/allowed-updates';
import { webhookSecretTokenOf, type GatewayConfig } from '../src/config/gateway.config';

const REPLICAS = 3;
/** A path under /telegram/, which the load balancer sends to the bot (docs/bot.md#webhook). */
const WEBHOOK_PATH = '/telegram/updates';
const SECRET_TOKEN_HEADER = 'x-telegram-bot-api-secret-token';
/** setWebhook calls of the replicas starting together that Telegram refuses with 429 (flood control). */
const FLOOD_REFUSED_SETWEBHOOKS = REPLICAS - 1;
/** Far longer than a live replica takes over one update: pushing that stood still this long is held. */
const PUSH_HELD_MS = 2_000;

interface Member {
  id: number;
  name: string;
  username: string;
}

interface Group {
  id: number;
  title: string;
  admin: Member;
  payer: Member;
  payee: Member;
}

/** Several chats, so replies to different groups go out side by side while their updates come one by one. */
const GROUPS: Group[] = [
  ['Harbour', 8101],
  ['Orchard', 8201],
  ['Quarry', 8301],
].map(([title, base], index) => {
  const member = (offset: number, name: string): Member => ({
    id: (base as number) + offset,
    name,
    username: `${name.toLowerCase()}${index}`,
  });
  return {
    id: -100_8000 - index,
    title: title as string,
    admin: member(0, 'Ada'),
    payer: member(1, 'Ben'),
    payee: member(2, 'Cy'),
  };
});

interface Replica {
  process: ServiceProcess;
  httpPort: number;
  webhookPort: number;
}

const nginx = findNginx();
// The load balancer is what this test is about: without nginx there is nothing to run it against.
const describeWithNginx = nginx === undefined ? describe.skip : describe;
if (nginx === undefined)
  process.stdout.write('no nginx on this machine: the webhook replicas test is skipped\n');

describeWithNginx('telegram-gateway: webhook replicas behind the load balancer', () => {
  let nats: NatsServerHarness;
  let dataDir: string;
  let backends: BackendService[] = [];
  let emulator: TelegramEmulator;
  let front: NginxFront;
  let webhookUrl: string;
  let nc: NatsConnection;
  let client: CommandClient;
  const replicas: Replica[] = [];
  /** Every message users wrote, by chat: each must get exactly one reply. */
  const asked: { chatId: number; messageId: number }[] = [];

  beforeAll(async () => {
    nats = await startNatsServer();
    dataDir = await makeTempDir('telegram-gateway-webhook-replicas-');
    backends = await Promise.all(
      (['ledger', 'accounts'] as const).map((name) => spawnBackendService({ name, nats, dataDir })),
    );
    emulator = await startTelegramEmulator({
      botUsername: 'TicketBot',
      // Telegram retries a failed delivery for hours; a few seconds' worth is plenty here.
      webhook: { attemptsMax: 10, retryDelayMs: 100, retryDelayMaxMs: 500 },
    });
    for (const group of GROUPS) {
      emulator.addChat({ id: group.id, type: 'supergroup', title: group.title });
      for (const [member, status] of [
        [group.admin, 'creator'],
        [group.payer, 'member'],
        [group.payee, 'member'],
      ] as const) {
        emulator.addUser({ id: member.id, first_name: member.name, username: member.username });
        emulator.setMember(group.id, member.id, status);
      }
    }
    nc = await nats.connect();
    client = new CommandClient(nc, { timeoutMs: 10_000 });

    // nginx first: the replicas register its URL as the webhook when they start.
    const ports = await Promise.all(
      Array.from({ length: REPLICAS }, async () => ({
        httpPort: await freePort(),
        webhookPort: await freePort(),
      })),
    );
    front = await startNginxFront(
      nginx!,
      { telegramGateway: ports.map((port) => port.webhookPort) },
      await makeTempDir('telegram-gateway-nginx-'),
    );
    webhookUrl = `${front.url}${WEBHOOK_PATH}`;
    // Telegram's flood control: replicas setting the webhook within the same second may be told to retry after 1.
    emulator.failNext('setWebhook', { count: FLOOD_REFUSED_SETWEBHOOKS, retryAfterS: 1 });
    // Started together, as `docker compose up --scale telegram-gateway=3` does.
    replicas.push(
      ...(await Promise.all(
        ports.map(async ({ httpPort, webhookPort }, i) => ({
          httpPort,
          webhookPort,
          process: await spawnService({
            name: 'telegram-gateway',
            env: {
              // What compose gives every replica (TELEGRAM_WEBHOOK_SECRET unset: derived from the token), with
              // loopback ports of their own where compose gives each container the same ones.
              ...nats.serviceEnv('telegram-gateway'),
              DATA_DIR: join(dataDir, `telegram-gateway-${i}`),
              HTTP_HOST: '127.0.0.1',
              HTTP_PORT: String(httpPort),
              LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
              TELEGRAM_BOT_TOKEN: emulator.token,
              TELEGRAM_API_ROOT: emulator.apiRoot,
              TELEGRAM_WEBHOOK_URL: webhookUrl,
              TELEGRAM_WEBHOOK_PORT: String(webhookPort),
            },
            readyUrl: `http://127.0.0.1:${httpPort}/readyz`,
          }),
        })),
      )),
    );
  }, 120_000);

  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.process.stop()));
    await front?.stop();
    await emulator?.close();
    await nc?.close().catch(() => undefined);
    await Promise.all(backends.map((service) => service.process.stop()));
    await nats?.dispose();
    if (dataDir !== undefined) await removeDir(dataDir);
  });

  /** A member writes in a group; resolves with the bot's reply to that message. */
  async function say(group: Group, member: Member, text: string): Promise<SentMessage> {
    const message = emulator.sendText(group.id, member.id, text);
    asked.push({ chatId: group.id, messageId: message.message_id });
    return emulator.waitForMessage(group.id, (sent) => sent.reply_to_message_id === message.message_id, {
      timeoutMs: 30_000,
    });
  }

  async function balanceOf(group: Group, member: Member): Promise<number> {
    const user = await client.request(AccountsCommands.userFind, {
      provider: PROVIDER_TELEGRAM,
      externalId: String(member.id),
    });
    const accountId = `user:tg${group.id}:${user.id}`;
    return (await client.request(LedgerCommands.balanceGet, { accountId })).balance;
  }

  /** Requests a replica's webhook server answered with `status`, from its /metrics. */
  async function answered(replica: Replica, status: number): Promise<number> {
    const text = await (await fetch(`http://127.0.0.1:${replica.httpPort}/metrics`)).text();
    const sample = new RegExp(
      `^telegram_webhook_requests_total\\{[^}]*status="${status}"[^}]*\\} (\\S+)$`,
      'm',
    );
    return Number(sample.exec(text)?.[1] ?? 0);
  }

  async function answeredByReplica(status: number, among = replicas): Promise<number[]> {
    return Promise.all(among.map((replica) => answered(replica, status)));
  }

  /** Every update delivered, and then each message users wrote has exactly one reply, even a moment later. */
  async function expectEachAnsweredOnce(): Promise<void> {
    await waitFor(() => emulator.pendingUpdateCount() === 0, { description: 'every update delivered' });
    // A second answer to one update would come from another replica handling it again: give it time to show.
    await sleep(1_500);
    for (const { chatId, messageId } of asked) {
      const replies = emulator.sent(chatId).filter((sent) => sent.reply_to_message_id === messageId);
      expect({ chatId, messageId, replies: replies.length }).toEqual({ chatId, messageId, replies: 1 });
    }
  }

  it('registers one webhook, at the load balancer, with the secret every replica derives; none polls', async () => {
    const secretToken = webhookSecretTokenOf({ TELEGRAM_BOT_TOKEN: emulator.token } as GatewayConfig);
    // Each replica sets it as it starts (Telegram keeps one per bot; the same one again changes nothing), after
    // retry_after when Telegram's flood control refused it.
    const calls = emulator.calls('setWebhook');
    expect(calls.filter((call) => call.httpStatus === 429)).toHaveLength(FLOOD_REFUSED_SETWEBHOOKS);
    const registrations = calls.filter((call) => call.httpStatus === 200);
    expect(registrations).toHaveLength(REPLICAS);
    for (const call of registrations) {
      expect(call.params).toEqual({
        url: webhookUrl,
        secret_token: secretToken,
        allowed_updates: ALLOWED_UPDATES,
      });
    }
    expect(emulator.webhookRegistration()).toEqual({ url: webhookUrl, secretToken, maxConnections: 40 });
    expect(emulator.calls('getUpdates')).toEqual([]);
    expect(emulator.calls('deleteWebhook')).toEqual([]);
    for (const replica of replicas) expect(await readMetric(replica, 'telegram_poller_leading')).toBe(0);
  });

  it('spreads the updates of several chats over every replica, and answers each exactly once', async () => {
    await Promise.all(
      GROUPS.map(async (group) => {
        const { admin, payer, payee } = group;
        expect((await say(group, admin, '/start')).text).toMatch(/^Welcome, Ada!/);
        expect((await say(group, payer, '/start')).text).toMatch(/^Welcome, Ben!/);
        expect((await say(group, payee, '/start')).text).toMatch(/^Welcome, Cy!/);
        expect((await say(group, admin, `/mint @${payer.username} 100`)).text).toBe(
          `Minted 100 tickets for @${payer.username}. Their balance: 100.`,
        );
        expect((await say(group, payer, `/pay @${payee.username} 30 lunch`)).text).toBe(
          `Paid 30 tickets to @${payee.username}. Your balance: 70.`,
        );
        expect((await say(group, payee, '/balance')).text).toBe('Cy, your balance is 30 tickets.');
        expect((await say(group, payer, '/balance')).text).toBe('Ben, your balance is 70 tickets.');
      }),
    );
    await expectEachAnsweredOnce();

    const deliveries = emulator.webhookDeliveries();
    expect(deliveries).toHaveLength(asked.length);
    // nginx passed every update on to a running replica at once: none needed a second try.
    expect(deliveries.filter((delivery) => !delivery.delivered || delivery.attempt !== 1)).toEqual([]);
    expect(deliveries.every((delivery) => delivery.url === webhookUrl && delivery.secretTokenSent)).toBe(
      true,
    );
    const handled = await answeredByReplica(200);
    expect(handled.reduce((sum, count) => sum + count, 0)).toBe(asked.length);
    for (const count of handled) expect(count).toBeGreaterThan(0);
    for (const group of GROUPS) {
      expect(await balanceOf(group, group.payer)).toBe(70);
      expect(await balanceOf(group, group.payee)).toBe(30);
    }
  });

  it('refuses, at every replica behind it, a push without the secret token or with a wrong one', async () => {
    const [group] = GROUPS as [Group];
    const sentBefore = emulator.sent().length;
    const sentInGroupBefore = emulator.sent(group.id).length;
    const refusedBefore = await answeredByReplica(403);
    // The group's creator minting: what a forger would send.
    const forged = commandUpdate(900_001, 90_001, group, group.admin, `/mint @${group.payer.username} 1000`);
    // In turn over the replicas (nginx round-robins): each sees the forged updates.
    for (let i = 0; i < REPLICAS; i += 1) {
      expect(await post(webhookUrl, forged)).toBe(403);
      expect(await post(webhookUrl, forged, { [SECRET_TOKEN_HEADER]: 'guessed' })).toBe(403);
    }
    const refused = await answeredByReplica(403);
    for (let i = 0; i < REPLICAS; i += 1) expect(refused[i]! - refusedBefore[i]!).toBeGreaterThan(0);

    await sleep(1_000);
    expect(emulator.sent()).toHaveLength(sentBefore);
    expect(await balanceOf(group, group.payer)).toBe(70);

    // With the secret, the same push gets through: the refusals above were the secret's.
    const secretToken = emulator.webhookRegistration()!.secretToken!;
    const genuine = commandUpdate(900_002, 90_002, group, group.payer, '/balance');
    expect(await post(webhookUrl, genuine, { [SECRET_TOKEN_HEADER]: secretToken })).toBe(200);
    await emulator.waitForMessage(group.id, /^Ben, your balance is 70 tickets\.$/, {
      after: sentInGroupBefore,
    });
  });

  it('delivers again the update a replica died holding, and answers every later one once without it', async () => {
    const [survivors, killed] = [replicas.slice(0, -1), replicas.at(-1)!];
    // Nothing of its own left to send: a reply it had queued would die with it (the update was answered).
    await waitFor(async () => (await readMetric(killed, 'telegram_outgoing_queued')) === 0, {
      description: 'the replica to be killed to have sent its replies',
    });
    // Frozen first (the kernel still takes connections for it, nobody reads them), so an update is in flight
    // to it when it dies: nginx has passed it on and cannot pass it again (a POST that reached a replica).
    process.kill(killed.process.pid, 'SIGSTOP');
    const deliveredBefore = emulator.webhookDeliveries().length;
    const handledBefore = await answeredByReplica(200, survivors);
    const askedBefore = asked.length;

    const conversations = Promise.all(
      GROUPS.map(async (group) => {
        const { admin, payer, payee } = group;
        expect((await say(group, payer, `/pay @${payee.username} 10`)).text).toBe(
          `Paid 10 tickets to @${payee.username}. Your balance: 60.`,
        );
        expect((await say(group, payee, '/balance')).text).toBe('Cy, your balance is 40 tickets.');
        expect((await say(group, payer, '/balance')).text).toBe('Ben, your balance is 60 tickets.');
        expect((await say(group, admin, `/mint @${payee.username} 5`)).text).toBe(
          `Minted 5 tickets for @${payee.username}. Their balance: 45.`,
        );
      }),
    );
    // Telegram pushes one update at a time: with one held by the frozen replica, the pushing stands still.
    await pushingHeld();
    await killed.process.kill('SIGKILL');
    await conversations;
    await expectEachAnsweredOnce();

    const later = emulator.webhookDeliveries().slice(deliveredBefore);
    // The held update: the load balancer answered 502 when the replica died, and Telegram's next try reached a
    // live one. Nothing was lost, and each later update reached a live replica (nginx passes over the dead one,
    // which refuses connections).
    const failed = later.filter((delivery) => !delivery.delivered);
    expect(failed).toEqual([expect.objectContaining({ httpStatus: 502, attempt: 1, gaveUp: false })]);
    expect(later).toContainEqual(
      expect.objectContaining({ updateId: failed[0]!.updateId, attempt: 2, delivered: true }),
    );
    expect(new Set(later.filter((delivery) => delivery.delivered).map((d) => d.updateId)).size).toBe(
      asked.length - askedBefore,
    );
    const handled = await answeredByReplica(200, survivors);
    for (let i = 0; i < survivors.length; i += 1) expect(handled[i]! - handledBefore[i]!).toBeGreaterThan(0);
    for (const group of GROUPS) {
      expect(await balanceOf(group, group.payer)).toBe(60);
      expect(await balanceOf(group, group.payee)).toBe(45);
    }
    // A replica dying takes the webhook with it neither at Telegram nor at the load balancer.
    expect(emulator.webhookRegistration()?.url).toBe(webhookUrl);
    expect(emulator.calls('deleteWebhook')).toEqual([]);
    expect(emulator.calls('getUpdates')).toEqual([]);
  });

  /** Resolves once updates wait and no push has ended for PUSH_HELD_MS: one is held by a replica. */
  async function pushingHeld(): Promise<void> {
    let seen = -1;
    let sinceMs = Date.now();
    await waitFor(
      () => {
        const count = emulator.webhookDeliveries().length;
        if (count !== seen) [seen, sinceMs] = [count, Date.now()];
        return emulator.pendingUpdateCount() > 0 && Date.now() - sinceMs >= PUSH_HELD_MS;
      },
      { timeoutMs: 20_000, intervalMs: 100, description: 'an update held by the frozen replica' },
    );
  }
});

/** An update as Telegram would send it, for posting by hand. */
function commandUpdate(
  updateId: number,
  messageId: number,
  group: Group,
  from: Member,
  text: string,
): string {
  const command = /^\/\w+/.exec(text)?.[0] ?? '';
  return JSON.stringify({
    update_id: updateId,
    message: {
      message_id: messageId,
      date: Math.floor(Date.now() / 1_000),
      chat: { id: group.id, type: 'supergroup', title: group.title },
      from: { id: from.id, is_bot: false, first_name: from.name, username: from.username },
      text,
      entities: [{ type: 'bot_command', offset: 0, length: command.length }],
    },
  });
}

/** A raw POST (agent: false, so no pooled socket outlives the test); resolves with the status. */
function post(url: string, body: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolvePost, rejectPost) => {
    const call = request(
      url,
      { method: 'POST', agent: false, headers: { 'content-type': 'application/json', ...headers } },
      (response) => {
        response.resume();
        response.on('end', () => resolvePost(response.statusCode ?? 0));
      },
    );
    call.on('error', rejectPost);
    call.end(body);
  });
}

/**
 * Several gateway replicas in long-polling mode, as processes (built by `npm run build`): one polls Telegram
 * (it holds the poller lease), the others stay ready and idle; when the poller dies another takes over and
 * the bot answers again, every message once. The rest is the real system behind the Bot API emulator.
 */
import type { SentMessage } from '@ticketonomics/telegram-emulator';
import { freePort, spawnService, waitFor, type ServiceProcess } from '@ticketonomics/testing';
import { startGatewayHarness, type GatewayHarness } from './support/gateway.harness';

const GROUP = -100_7001;
const BOB = 7002;
const LEASE_TTL_MS = 3_000;

interface Replica {
  process: ServiceProcess;
  httpPort: number;
}

describe('telegram-gateway: one poller among replicas', () => {
  let h: GatewayHarness;
  const replicas: Replica[] = [];
  /** Every message users wrote, to check each got exactly one reply. */
  const asked: number[] = [];

  beforeAll(async () => {
    // The first replica to open the lease bucket sets its time to live: the harness's own gateway here.
    h = await startGatewayHarness({ env: { TELEGRAM_POLLER_LEASE_TTL_MS: String(LEASE_TTL_MS) } });
    // That gateway steps aside (releasing the lease): the processes below poll.
    await h.stopGateway();
    h.emulator.addChat({ id: GROUP, type: 'supergroup', title: 'Poll Club' });
    h.emulator.addUser({ id: BOB, first_name: 'Bob', username: 'bob', language_code: 'en' });
    h.emulator.setMember(GROUP, BOB, 'member');
  });

  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.process.stop()));
    await h?.close();
  });

  async function startReplica(): Promise<Replica> {
    const httpPort = await freePort();
    const process = await spawnService({
      name: 'telegram-gateway',
      env: {
        ...h.nats.serviceEnv('telegram-gateway'),
        HTTP_HOST: '127.0.0.1',
        HTTP_PORT: String(httpPort),
        LOG_LEVEL: globalThis.process.env.TEST_LOG_LEVEL ?? 'warn',
        TELEGRAM_BOT_TOKEN: h.emulator.token,
        TELEGRAM_API_ROOT: h.emulator.apiRoot,
        TELEGRAM_POLLER_LEASE_TTL_MS: String(LEASE_TTL_MS),
        TELEGRAM_INBOUND_CHAT_PER_MINUTE: '100000',
        TELEGRAM_INBOUND_USER_PER_MINUTE: '100000',
      },
      readyUrl: `http://127.0.0.1:${httpPort}/readyz`,
    });
    const replica = { process, httpPort };
    replicas.push(replica);
    return replica;
  }

  async function leading(replica: Replica): Promise<boolean> {
    const text = await (await fetch(`http://127.0.0.1:${replica.httpPort}/metrics`)).text();
    const line = text.split('\n').find((row) => row.startsWith('telegram_poller_leading'));
    return line?.endsWith(' 1') ?? false;
  }

  async function ready(replica: Replica): Promise<boolean> {
    return (await fetch(`http://127.0.0.1:${replica.httpPort}/readyz`)).status === 200;
  }

  /** Bob writes /help; resolves with the reply. */
  function ask(timeoutMs = 15_000): Promise<SentMessage> {
    const message = h.emulator.sendText(GROUP, BOB, '/help');
    asked.push(message.message_id);
    return h.emulator.waitForMessage(GROUP, (sent) => sent.reply_to_message_id === message.message_id, {
      timeoutMs,
    });
  }

  function expectEachAnsweredOnce(): void {
    const replies = h.emulator.sent(GROUP);
    for (const messageId of asked) {
      expect(replies.filter((sent) => sent.reply_to_message_id === messageId)).toHaveLength(1);
    }
  }

  /** A second poller would have ended the first one's held poll with 409 Conflict. */
  function expectNoConflict(): void {
    expect(h.emulator.calls('getUpdates').filter((call) => call.httpStatus === 409)).toEqual([]);
  }

  it('polls from one replica at a time; another takes over when it dies, losing and repeating nothing', async () => {
    const a = await startReplica();
    const b = await startReplica();
    // A lone replica polls as soon as it is ready; the second waits, ready and idle.
    expect([await leading(a), await leading(b)]).toEqual([true, false]);
    expect(await ready(b)).toBe(true);
    for (let i = 0; i < 3; i += 1) expect((await ask()).text).toMatch(/^What I can do:/);
    // Every update confirmed (the poll after the replies passed their offset) before the poller dies.
    await waitFor(() => h.emulator.pendingUpdateCount() === 0, { description: 'updates confirmed' });

    await a.process.kill('SIGKILL');
    const killedAtMs = Date.now();
    // Written while nobody polls: Telegram keeps them for the next poller.
    const waiting = [ask(20_000), ask(20_000)];
    await waitFor(() => leading(b), { timeoutMs: LEASE_TTL_MS * 3, description: 'replica b polling' });
    // Within the lease's time to live and a quarter (the next try), plus the start of a process's poll.
    expect(Date.now() - killedAtMs).toBeLessThan(LEASE_TTL_MS * 1.25 + 2_000);
    for (const reply of await Promise.all(waiting)) expect(reply.text).toMatch(/^What I can do:/);
    expect((await ask()).text).toMatch(/^What I can do:/);

    // A third replica waits; the poller stopped cleanly hands over at once (it frees the lease).
    const c = await startReplica();
    expect(await leading(c)).toBe(false);
    await waitFor(() => h.emulator.pendingUpdateCount() === 0, { description: 'updates confirmed' });
    const stoppedAtMs = Date.now();
    expect(await b.process.stop()).toMatchObject({ code: 0 });
    await waitFor(() => leading(c), { timeoutMs: LEASE_TTL_MS * 2, description: 'replica c polling' });
    expect(Date.now() - stoppedAtMs).toBeLessThan(LEASE_TTL_MS);
    expect((await ask()).text).toMatch(/^What I can do:/);

    expectEachAnsweredOnce();
    expectNoConflict();
  });
});

/**
 * One group floods the bot with commands while another asks once: the quiet group is answered at once, the
 * flood gets what the limits allow and one notice, and the reply queue stays within its caps throughout.
 * The real system runs behind the Bot API emulator, with limits small enough to reach in a test.
 */
import { waitFor } from '@ticketonomics/testing';
import { OutgoingQueue } from '../src/outgoing/outgoing.queue';
import { startGatewayHarness, type GatewayHarness } from './support/gateway.harness';

const FLOOD = -100_6001;
const QUIET = -100_6002;
const CHATTY = -100_6003;
const FLOODERS = [6001, 6002, 6003, 6004, 6005, 6006];
const QUIET_USER = 6100;
const CHATTY_USER = 6200;
const COMMANDS_PER_FLOODER = 50;
const CHAT_PER_MINUTE = 20;
const USER_PER_MINUTE = 10;
const CHAT_QUEUE_MAX = 30;
/** Slow enough per chat that the flood's replies take seconds to go out. */
const PER_CHAT_INTERVAL_MS = 250;

describe('telegram-gateway: fairness between chats under a flood', () => {
  let h: GatewayHarness;

  beforeAll(async () => {
    h = await startGatewayHarness({
      env: {
        TELEGRAM_INBOUND_CHAT_PER_MINUTE: String(CHAT_PER_MINUTE),
        TELEGRAM_INBOUND_USER_PER_MINUTE: String(USER_PER_MINUTE),
        TELEGRAM_OUTGOING_CHAT_QUEUE_MAX: String(CHAT_QUEUE_MAX),
      },
      sendLimits: { perChatIntervalMs: PER_CHAT_INTERVAL_MS, perGroupPerMinute: 10_000, globalPerSecond: 30 },
    });
    h.emulator.addChat({ id: FLOOD, type: 'supergroup', title: 'Flood Club' });
    h.emulator.addChat({ id: QUIET, type: 'supergroup', title: 'Quiet Club' });
    h.emulator.addChat({ id: CHATTY, type: 'supergroup', title: 'Chatty Club' });
    for (const id of [...FLOODERS, QUIET_USER, CHATTY_USER]) {
      h.emulator.addUser({ id, first_name: `User ${id}`, username: `user${id}`, language_code: 'en' });
    }
  });

  afterAll(async () => {
    await h?.close();
  });

  it('answers a quiet chat at once while another floods, and keeps the flood within its limits', async () => {
    const queue = h.gateway.app.get(OutgoingQueue);
    let queuedMax = 0;
    const sampler = setInterval(() => {
      queuedMax = Math.max(queuedMax, queue.queuedCount);
    }, 2);
    try {
      for (let round = 0; round < COMMANDS_PER_FLOODER; round += 1) {
        for (const user of FLOODERS) h.emulator.sendText(FLOOD, user, '/balance');
      }
      const startedMs = Date.now();
      const quiet = await h.say(QUIET, QUIET_USER, '/balance');
      const quietAfterMs = Date.now() - startedMs;
      const floodSentWhenQuietAnswered = h.emulator.sent(FLOOD).length;
      expect(quiet.text).toBe('User 6100, your balance is 0 tickets.');

      const allowed = CHAT_PER_MINUTE + 1; // the commands taken, and one notice
      await waitFor(() => h.emulator.sent(FLOOD).length >= allowed && queue.queuedCount === 0, {
        timeoutMs: 20_000,
        description: "the flood's replies sent",
      });
      const floodReplies = h.emulator.sent(FLOOD).map((sent) => sent.text);
      // The quiet chat did not wait for the flood's replies to drain (they take seconds, one per interval).
      expect(floodSentWhenQuietAnswered).toBeLessThan(floodReplies.length);
      expect(quietAfterMs).toBeLessThan((floodReplies.length * PER_CHAT_INTERVAL_MS) / 2);

      expect(floodReplies.filter((text) => /your balance is 0 tickets\.$/.test(text))).toHaveLength(
        CHAT_PER_MINUTE,
      );
      expect(floodReplies.filter((text) => text.startsWith('This chat is sending me more commands'))).toEqual(
        [expect.stringMatching(/skipping them for \d+ s\. Please wait, then try again\.$/)],
      );
      expect(floodReplies).toHaveLength(allowed);
      expect(queuedMax).toBeLessThanOrEqual(CHAT_QUEUE_MAX + 1);
      const metrics = await (await fetch(`http://127.0.0.1:${h.gateway.httpPort}/metrics`)).text();
      expect(metrics).toMatch(
        new RegExp(
          `^telegram_inbound_skipped_total\\{[^}]*\\} ${FLOODERS.length * COMMANDS_PER_FLOODER - CHAT_PER_MINUTE}$`,
          'm',
        ),
      );
    } finally {
      clearInterval(sampler);
    }
  });

  it('skips one sender past their own limit with one notice, in a chat that is otherwise calm', async () => {
    const before = h.emulator.sent(CHATTY).length;
    for (let index = 0; index < USER_PER_MINUTE + 5; index += 1) {
      h.emulator.sendText(CHATTY, CHATTY_USER, '/balance');
    }
    await waitFor(() => h.emulator.sent(CHATTY).length >= before + USER_PER_MINUTE + 1, {
      timeoutMs: 15_000,
      description: 'the sender answered up to the limit',
    });
    // Nothing more comes for the skipped ones.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const texts = h.emulator
      .sent(CHATTY)
      .slice(before)
      .map((sent) => sent.text);
    expect(texts.filter((text) => text.endsWith('your balance is 0 tickets.'))).toHaveLength(USER_PER_MINUTE);
    expect(texts.filter((text) => text.startsWith('You are sending commands too fast'))).toHaveLength(1);
    expect(texts).toHaveLength(USER_PER_MINUTE + 1);
  });
});

import { SharedLimitsBucket } from '@ticketonomics/messaging';
import { startNatsServer, type NatsServerHarness } from '@ticketonomics/testing';
import type { NatsConnection } from '@nats-io/transport-node';
import pino from 'pino';
import { TELEGRAM_SEND_LIMITS_DEFAULT } from './send-limits';
import { SharedSendBudget } from './shared-send.budget';

const logger = pino({ level: 'silent' });

describe('SharedSendBudget (real nats-server)', () => {
  let nats: NatsServerHarness;
  let connection: NatsConnection;
  let bucketCount = 0;

  beforeAll(async () => {
    nats = await startNatsServer();
    connection = await nats.connect();
  });
  afterAll(async () => {
    await connection?.close();
    await nats?.dispose();
  });

  async function budgetWith(limits: Partial<typeof TELEGRAM_SEND_LIMITS_DEFAULT>): Promise<SharedSendBudget> {
    bucketCount += 1;
    const bucket = new SharedLimitsBucket(
      connection,
      { bucket: `tk_limits_budget${bucketCount}`, replicas: 1, ttlMs: 60_000, timeoutMs: 2_000 },
      logger,
    );
    expect(await bucket.open()).toBe(true);
    return new SharedSendBudget(bucket, { ...TELEGRAM_SEND_LIMITS_DEFAULT, ...limits });
  }

  const toGroup = { chatId: -100, chatKind: 'supergroup' as const, text: 'hi' };

  it("holds a chat to one message per interval, and the group's and the bot's windows", async () => {
    const budget = await budgetWith({});
    expect(await budget.admit(toGroup)).toBe(0);
    const waitMs = await budget.admit(toGroup);
    expect(waitMs).toBeGreaterThan(0);
    expect(waitMs).toBeLessThanOrEqual(TELEGRAM_SEND_LIMITS_DEFAULT.perChatIntervalMs + 100);
    expect(budget.waitedTotal).toBe(1);
  });

  it('lets a chat send back to back when its interval is 0 (no per-chat limit), still counting the others', async () => {
    const budget = await budgetWith({ perChatIntervalMs: 0, perGroupPerMinute: 5 });
    const waits: number[] = [];
    for (let i = 0; i < 6; i += 1) waits.push(await budget.admit(toGroup));
    expect(waits.slice(0, 5)).toEqual([0, 0, 0, 0, 0]);
    expect(waits[5]).toBeGreaterThan(0);
  });
});

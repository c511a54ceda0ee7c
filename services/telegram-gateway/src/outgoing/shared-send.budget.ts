import { SharedSlidingWindow, type SharedLimitsBucket, type SlidingSlot } from '@ticketonomics/messaging';
import type { OutgoingMessage } from './outgoing.queue';
import type { SendLimits } from './send-limits';

const SECOND_MS = 1_000;
const MINUTE_MS = 60_000;
/** Chats the local fallback remembers at most (it decides alone only while the bucket is out of reach). */
const LOCAL_KEYS_MAX = 10_000;
/**
 * Added to every window: a slot is taken a few milliseconds (KV round trips, then the HTTP request) before
 * Telegram counts the message, and that delay differs between replicas, so two sends a bare window apart
 * could arrive less than a window apart.
 */
const ARRIVAL_MARGIN_MS = 100;

/** One of Telegram's windows a message counts in. */
interface SendWindow {
  key: string;
  limit: number;
  windowMs: number;
}

/**
 * Telegram's send limits are the bot's, whichever replica sends: every replica takes a slot in each window a
 * message counts in (its chat: 1 a second; its group: 20 a minute; the bot: 30 a second) from one shared KV
 * bucket before sending. When a window is full, the slots already taken for the message are given back and
 * the chat waits until that window has room. Each replica's OutgoingQueue keeps its own windows too; this only adds the
 * other replicas' sends to them.
 */
export class SharedSendBudget {
  private readonly windows: SharedSlidingWindow;
  /** Sends delayed because other replicas had used the slot, for /metrics. */
  waitedTotal = 0;

  constructor(
    bucket: SharedLimitsBucket,
    private readonly limits: SendLimits,
    onLocal?: () => void,
  ) {
    this.windows = new SharedSlidingWindow(bucket, {
      name: 'tg_send',
      localKeysMax: LOCAL_KEYS_MAX,
      ...(onLocal === undefined ? {} : { onLocal }),
    });
  }

  /** 0 when the message may go now (its slots are taken); otherwise how long to wait before asking again. */
  async admit(message: OutgoingMessage): Promise<number> {
    const taken: { window: SendWindow; slot: SlidingSlot }[] = [];
    let waitMs = 0;
    for (const window of this.windowsOf(message)) {
      const slot = await this.windows.take(window.key, window.limit, window.windowMs + ARRIVAL_MARGIN_MS);
      if (!slot.allowed) {
        waitMs = slot.waitMs;
        break;
      }
      taken.push({ window, slot });
    }
    if (waitMs === 0) return 0;
    this.waitedTotal += 1;
    for (const { window, slot } of taken) {
      await this.windows.giveBack(window.key, window.windowMs + ARRIVAL_MARGIN_MS, slot);
    }
    return waitMs;
  }

  /** The chat's windows first: a busy chat waits on its own slot without holding a global one meanwhile. */
  private windowsOf(message: OutgoingMessage): SendWindow[] {
    const chat = String(message.chatId);
    // No interval means no per-chat limit; the margin alone would still allow only 10 a second.
    const windows: SendWindow[] =
      this.limits.perChatIntervalMs > 0
        ? [{ key: `chat:${chat}`, limit: 1, windowMs: this.limits.perChatIntervalMs }]
        : [];
    if (message.chatKind === 'group' || message.chatKind === 'supergroup') {
      windows.push({ key: `group:${chat}`, limit: this.limits.perGroupPerMinute, windowMs: MINUTE_MS });
    }
    windows.push({ key: 'global', limit: this.limits.globalPerSecond, windowMs: SECOND_MS });
    return windows;
  }
}

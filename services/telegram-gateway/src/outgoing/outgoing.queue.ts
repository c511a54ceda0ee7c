import type { Logger } from 'pino';
import { TelegramError } from 'telegraf';
import type { SendLimits } from './send-limits';
import { SlidingWindow } from './sliding-window';

export type ChatKind = 'private' | 'group' | 'supergroup' | 'channel';

export interface OutgoingMessage {
  chatId: number;
  chatKind: ChatKind;
  text: string;
  /** Message the reply points at, if any (sent with allow_sending_without_reply). */
  replyToMessageId?: number;
  /** The forum topic to send into (message_thread_id), so a reply stays in the command's topic. */
  threadId?: number;
  /** An inline keyboard or other markup, passed through as given. */
  replyMarkup?: unknown;
  /** Replace the text of this earlier bot message instead of sending a new one (edits share the limits). */
  editMessageId?: number;
}

export type SendFn = (message: OutgoingMessage) => Promise<unknown>;

/**
 * Asked before each send: 0 when the message may go now, else how long to wait (the send slots other replicas
 * of the bot used, see SharedSendBudget).
 */
export type AdmitFn = (message: OutgoingMessage) => Promise<number>;

export class OutgoingQueueFullError extends Error {
  constructor(readonly chatId: number) {
    super(`outgoing queue full (chat ${chatId})`);
    this.name = 'OutgoingQueueFullError';
  }
}

interface Item {
  message: OutgoingMessage;
  networkFailures: number;
  resolve(): void;
  reject(error: unknown): void;
}

interface ChatLane {
  chatId: number;
  items: Item[];
  inFlight: boolean;
  lastSentAtMs: number;
  pausedUntilMs: number;
  groupWindow: SlidingWindow | null;
}

const MINUTE_MS = 60_000;
const SECOND_MS = 1_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Every message the bot sends goes through here: one lane per chat, sent strictly in order, one at a time,
 * within Telegram's per-chat, per-group and global limits. Chats take turns (round robin): each send slot
 * goes to the next chat in line that may send, so a chat with a long backlog costs a quiet chat at most one
 * turn, and each lane is capped so no chat can fill the queue. A 429 pauses the lane for its retry_after
 * and the same message is tried again, so nothing is dropped or reordered. Other Bot API refusals (the bot
 * was removed, the chat is gone) cannot succeed by retrying: the message is given up and logged.
 */
export class OutgoingQueue {
  private readonly lanes = new Map<number, ChatLane>();
  /** Lanes with something to send, in turn order: the next slot goes to the first one that may send. */
  private readonly turns: ChatLane[] = [];
  private readonly global: SlidingWindow;
  private queued = 0;
  private stopped = false;
  private dispatching = false;
  private wake: (() => void) | undefined;
  /** 429 answers seen, for /metrics. */
  rateLimitedTotal = 0;

  constructor(
    private readonly send: SendFn,
    private readonly limits: SendLimits,
    private readonly logger: Logger,
    private readonly admit?: AdmitFn,
  ) {
    this.global = new SlidingWindow(limits.globalPerSecond, SECOND_MS);
  }

  get queuedCount(): number {
    return this.queued;
  }

  /** Queues a message; resolves once Telegram accepted it, rejects when it was refused or given up. */
  enqueue(message: OutgoingMessage): Promise<void> {
    const lane = this.lane(message);
    if (
      this.stopped ||
      lane.items.length >= this.limits.queuedPerChatMax ||
      this.queued >= this.limits.queuedTotalMax
    ) {
      this.logger.warn(
        {
          chatId: message.chatId,
          chatQueued: lane.items.length,
          totalQueued: this.queued,
          stopped: this.stopped,
        },
        'outgoing queue full or stopped: message not queued',
      );
      return Promise.reject(new OutgoingQueueFullError(message.chatId));
    }
    return new Promise<void>((resolve, reject) => {
      lane.items.push({ message, networkFailures: 0, resolve, reject });
      this.queued += 1;
      if (lane.items.length === 1 && !lane.inFlight) this.turns.push(lane);
      this.poke();
    });
  }

  /** Waits until every queued message is sent (or given up), at most timeoutMs; returns how many are left. */
  async flush(timeoutMs: number): Promise<number> {
    const deadlineMs = Date.now() + timeoutMs;
    while (this.queued > 0 && Date.now() < deadlineMs) await sleep(20);
    return this.queued;
  }

  /** Refuses new messages; what is queued keeps going until flush() or the process ends. */
  stop(): void {
    this.stopped = true;
  }

  private lane(message: OutgoingMessage): ChatLane {
    let lane = this.lanes.get(message.chatId);
    if (lane === undefined) {
      const isGroup = message.chatKind === 'group' || message.chatKind === 'supergroup';
      lane = {
        chatId: message.chatId,
        items: [],
        inFlight: false,
        lastSentAtMs: 0,
        pausedUntilMs: 0,
        groupWindow: isGroup ? new SlidingWindow(this.limits.perGroupPerMinute, MINUTE_MS) : null,
      };
      this.lanes.set(message.chatId, lane);
    }
    return lane;
  }

  private laneWaitMs(lane: ChatLane, nowMs: number): number {
    return Math.max(
      lane.pausedUntilMs - nowMs,
      lane.lastSentAtMs + this.limits.perChatIntervalMs - nowMs,
      lane.groupWindow?.waitMs(nowMs) ?? 0,
    );
  }

  /** Starts the dispatcher, or wakes it from its wait when something changed. */
  private poke(): void {
    if (this.dispatching) {
      this.wake?.();
      return;
    }
    this.dispatching = true;
    void this.dispatch().finally(() => {
      this.dispatching = false;
      // Work that arrived while the loop was ending.
      if (this.turns.length > 0) this.poke();
    });
  }

  /** Hands out send slots while any lane has something to send. */
  private async dispatch(): Promise<void> {
    while (this.turns.length > 0) {
      const nowMs = Date.now();
      const globalWaitMs = this.global.waitMs(nowMs);
      let waitMs = globalWaitMs;
      if (globalWaitMs === 0) {
        let soonestMs = Number.POSITIVE_INFINITY;
        const index = this.turns.findIndex((lane) => {
          const laneWaitMs = this.laneWaitMs(lane, nowMs);
          soonestMs = Math.min(soonestMs, laneWaitMs);
          return laneWaitMs <= 0;
        });
        if (index >= 0) {
          const [lane] = this.turns.splice(index, 1);
          if (lane !== undefined) this.start(lane, nowMs);
          continue;
        }
        waitMs = soonestMs;
      }
      await this.idle(waitMs);
    }
  }

  /** Waits up to waitMs, less when a message is queued or a send ends; unref'd, so it holds no process open. */
  private idle(waitMs: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        if (this.wake === done) this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, Math.max(1, waitMs));
      timer.unref();
      this.wake = done;
    });
  }

  private start(lane: ChatLane, nowMs: number): void {
    const item = lane.items[0];
    if (item === undefined) return;
    this.global.record(nowMs);
    lane.groupWindow?.record(nowMs);
    lane.lastSentAtMs = nowMs;
    lane.inFlight = true;
    void this.attempt(item, lane).then((outcome) => {
      lane.inFlight = false;
      if (outcome === 'done') {
        lane.items.shift();
        this.queued -= 1;
      }
      // Back to the end of the line: every other waiting chat gets its turn first.
      if (lane.items.length > 0) this.turns.push(lane);
      else this.forgetWhenIdle(lane);
      this.poke();
    });
  }

  /**
   * An idle lane holds only timestamps; once they are older than the longest window it is dropped, which keeps
   * memory flat across many chats without forgetting a recent burst.
   */
  private forgetWhenIdle(lane: ChatLane): void {
    setTimeout(() => {
      if (this.lanes.get(lane.chatId) === lane && !lane.inFlight && lane.items.length === 0) {
        this.lanes.delete(lane.chatId);
      }
    }, MINUTE_MS).unref();
  }

  private async attempt(item: Item, lane: ChatLane): Promise<'done' | 'retry'> {
    const { chatId } = item.message;
    try {
      const waitMs = (await this.admit?.(item.message)) ?? 0;
      if (waitMs > 0) {
        // Another replica used the slot: this chat waits for it, in order, like after a 429 but before one.
        lane.pausedUntilMs = Date.now() + waitMs;
        return 'retry';
      }
      await this.send(item.message);
      item.resolve();
      return 'done';
    } catch (error) {
      if (error instanceof TelegramError && error.code === 429) {
        const retryAfterS = Number(error.parameters?.retry_after ?? 1);
        this.rateLimitedTotal += 1;
        lane.pausedUntilMs = Date.now() + Math.max(1, retryAfterS) * SECOND_MS;
        this.logger.warn(
          { chatId, retryAfterS },
          'Telegram rate limit (429): pausing this chat, then retrying in order',
        );
        return 'retry';
      }
      if (!(error instanceof TelegramError) && item.networkFailures < this.limits.networkRetriesMax) {
        item.networkFailures += 1;
        lane.pausedUntilMs = Date.now() + this.limits.networkRetryBaseMs * 2 ** (item.networkFailures - 1);
        this.logger.warn({ chatId, err: error, attempt: item.networkFailures }, 'send failed; retrying');
        return 'retry';
      }
      this.logger.error({ chatId, err: error }, 'Telegram refused a message; giving it up');
      item.reject(error);
      return 'done';
    }
  }
}

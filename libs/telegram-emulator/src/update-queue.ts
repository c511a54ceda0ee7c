import type { Update } from 'telegraf/types';
import { conflict } from './bot-api.errors';
import type { UpdateInput } from './telegram-emulator.types';

/** Telegram holds a long poll at most this long, whatever timeout the bot asks for. */
export const MAX_LONG_POLL_HOLD_S = 50;
/** getUpdates answers at most this many updates per call. */
export const MAX_UPDATES_PER_CALL = 100;
/** Updates kept for a bot that takes none; a test past this has a bot that stopped receiving. */
export const MAX_PENDING_UPDATES = 10_000;

/** The update types Telegram leaves out unless allowed_updates names them. */
const OPT_IN_UPDATE_TYPES = new Set(['chat_member', 'message_reaction', 'message_reaction_count']);

export interface PollRequest {
  offset?: number;
  limit?: number;
  timeoutS?: number;
  allowedUpdates?: string[];
  /** Aborted when the bot hangs up on a held poll (telegraf does on bot.stop()). */
  signal: AbortSignal;
}

interface HeldPoll {
  limit: number;
  resolvePoll: (updates: Update[]) => void;
  rejectPoll: (error: Error) => void;
  timer: NodeJS.Timeout;
  /** Set once a newer poll came: the conflict is answered when it runs out, unless the bot hung up. */
  conflictTimer?: NodeJS.Timeout;
}

/**
 * How long a held poll that a newer one replaced has to be hung up before it counts as a conflict. A bot
 * that stops polling aborts its held poll and at once confirms its offset with another getUpdates
 * (telegraf does), and the second request can reach the server before the first one's hang-up does: that
 * is one bot, not two. Two running bots keep their polls, and the older one gets its 409 this much later.
 */
const CONFLICT_GRACE_MS = 250;

/**
 * The bot's pending updates with Telegram's getUpdates semantics: an update stays queued until a later call's
 * offset passes it (so an update the bot did not confirm comes again), and a poll with a timeout is held open
 * until an update arrives. Updates injected in one tick are answered together, as one batch.
 */
export class UpdateQueue {
  private nextUpdateId = 1;
  private pending: Update[] = [];
  /** undefined: Telegram's default set (everything except the opt-in types). */
  private allowedUpdates: Set<string> | undefined;
  private held: HeldPoll | undefined;
  /** Held polls a newer one replaced, in their grace before the conflict. */
  private readonly replacedPolls = new Set<HeldPoll>();
  private flushScheduled = false;

  /** `onPushed` runs once per tick in which updates were pushed (the webhook pusher wakes on it). */
  constructor(private readonly onPushed: () => void = () => undefined) {}

  push(input: UpdateInput): Update {
    if (this.pending.length >= MAX_PENDING_UPDATES) {
      throw new Error(`${MAX_PENDING_UPDATES} updates are pending already: is the bot receiving any?`);
    }
    const update = { update_id: this.nextUpdateId, ...input } as Update;
    this.nextUpdateId += 1;
    this.pending.push(update);
    this.scheduleFlush();
    return update;
  }

  /** Updates not yet confirmed by an offset. */
  pendingCount(): number {
    return this.pending.length;
  }

  dropPending(): void {
    this.pending = [];
  }

  /** One setting for getUpdates and setWebhook, as in Telegram: an empty list restores the default set. */
  setAllowedUpdates(allowedUpdates: string[]): void {
    this.allowedUpdates = allowedUpdates.length === 0 ? undefined : new Set(allowedUpdates);
  }

  allowedUpdateTypes(): string[] | undefined {
    return this.allowedUpdates === undefined ? undefined : [...this.allowedUpdates];
  }

  /** The next update a webhook gets; it stays pending until remove() (delivered or given up). */
  peek(): Update | undefined {
    return this.take(1)[0];
  }

  remove(updateId: number): void {
    this.pending = this.pending.filter((update) => update.update_id !== updateId);
  }

  poll(request: PollRequest): Promise<Update[]> {
    // The choice sticks for later calls.
    if (request.allowedUpdates !== undefined) this.setAllowedUpdates(request.allowedUpdates);
    this.confirm(request.offset ?? 0);
    const limit = Math.min(Math.max(request.limit ?? MAX_UPDATES_PER_CALL, 1), MAX_UPDATES_PER_CALL);
    // A newer poll ends the held one, which Telegram reports as a conflict between two bot instances.
    const replaced = this.held;
    this.held = undefined;
    if (replaced !== undefined) {
      this.replacedPolls.add(replaced);
      replaced.conflictTimer = setTimeout(
        () =>
          replaced.rejectPoll(
            conflict(
              'terminated by other getUpdates request; make sure that only one bot instance is running',
            ),
          ),
        CONFLICT_GRACE_MS,
      );
    }
    const ready = this.take(limit);
    const holdS = Math.min(Math.max(request.timeoutS ?? 0, 0), MAX_LONG_POLL_HOLD_S);
    if (ready.length > 0 || holdS === 0 || request.signal.aborted) return Promise.resolve(ready);
    return new Promise((resolvePoll, rejectPoll) => {
      const finish = (): void => {
        clearTimeout(held.timer);
        clearTimeout(held.conflictTimer);
        this.replacedPolls.delete(held);
        request.signal.removeEventListener('abort', onAbort);
        if (this.held === held) this.held = undefined;
      };
      const onAbort = (): void => {
        finish();
        resolvePoll([]);
      };
      const held: HeldPoll = {
        limit,
        resolvePoll: (updates) => {
          finish();
          resolvePoll(updates);
        },
        rejectPoll: (error) => {
          finish();
          rejectPoll(error);
        },
        timer: setTimeout(() => held.resolvePoll([]), holdS * 1_000),
      };
      request.signal.addEventListener('abort', onAbort, { once: true });
      this.held = held;
    });
  }

  /** Answers a held poll with no updates (on close, so neither the bot nor jest waits out the hold). */
  releaseHeld(): void {
    this.held?.resolvePoll([]);
    for (const replaced of [...this.replacedPolls]) replaced.resolvePoll([]);
  }

  /** Ends a held poll with an error (setWebhook does, as Telegram answers it 409). */
  terminateHeld(error: Error): void {
    this.held?.rejectPoll(error);
  }

  private confirm(offset: number): void {
    if (offset > 0) {
      this.pending = this.pending.filter((update) => update.update_id >= offset);
    } else if (offset < 0) {
      // A negative offset keeps only the last -offset updates and forgets the rest.
      this.pending = this.pending.slice(offset);
    }
  }

  /** The first `limit` deliverable updates; ones of types not allowed are dropped, as Telegram never makes them. */
  private take(limit: number): Update[] {
    this.pending = this.pending.filter((update) => this.isAllowed(update));
    return this.pending.slice(0, limit);
  }

  private isAllowed(update: Update): boolean {
    const type = Object.keys(update).find((key) => key !== 'update_id') ?? '';
    return this.allowedUpdates === undefined ? !OPT_IN_UPDATE_TYPES.has(type) : this.allowedUpdates.has(type);
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.onPushed();
      const held = this.held;
      if (held === undefined) return;
      const ready = this.take(held.limit);
      if (ready.length > 0) held.resolvePoll(ready);
    });
  }
}

import type { JournalGroup } from '@ticketonomics/contracts';
import { JetStreamPublisher, type PublishRow } from '@ticketonomics/messaging';
import type { NatsConnection } from '@nats-io/transport-node';
import { strict as assert } from 'node:assert';
import type { Logger } from 'pino';
import type { JournalPosition, JournalReplicator } from '../replication/journal.replicator';

export interface JournalEventsPublisherOptions {
  /** Events published at once, whose acknowledgements are awaited together. */
  batchSize: number;
  /** Events of committed groups kept in memory for publishing; past it they are read back from the journal. */
  pendingEventsMax: number;
  /** Journal groups read back per round when their events are no longer in memory. */
  journalReadGroupsMax: number;
  publishTimeoutMs: number;
  backoffInitialMs: number;
  backoffMaxMs: number;
  /** How often the published position is saved (and the journal polled for groups not handed over). */
  cursorSaveIntervalMs: number;
}

export const JOURNAL_EVENTS_PUBLISHER_DEFAULTS: JournalEventsPublisherOptions = {
  batchSize: 512,
  pendingEventsMax: 20_000,
  journalReadGroupsMax: 64,
  publishTimeoutMs: 5_000,
  backoffInitialMs: 100,
  backoffMaxMs: 5_000,
  cursorSaveIntervalMs: 1_000,
};

/** A committed journal group's events, with the group's position. */
interface GroupEvents {
  position: JournalPosition;
  events: PublishRow[];
}

/** Where the events come back from once they are not in memory: the partition's replicated journal. */
export type JournalSource = Pick<JournalReplicator, 'readGroups' | 'last'>;

/** Saves the published position in the partition's books (through the commit queue). */
export type CursorSaver = (position: JournalPosition) => Promise<unknown>;

/**
 * Publishes the ledger's events from its replicated journal, group after group, each event on its type's
 * subject with its id as Nats-Msg-Id. A committed group's events are handed over in memory; those that
 * are not (memory full, a group replayed from the journal, a partition just taken over) are read back
 * from the journal, from the last group whose events JetStream acknowledged. That position is saved in
 * the books about once a second, so after a crash or a takeover the events of the last second or so are
 * published again; the stream's duplicate window (a day) drops each copy by its id.
 */
export class JournalEventsPublisher {
  private readonly options: JournalEventsPublisherOptions;
  private readonly publisher: JetStreamPublisher;
  private published: JournalPosition;
  private memory: GroupEvents[] = [];
  private memoryEvents = 0;
  private unsavedEvents = 0;
  private lastSaveAt = 0;
  private saving: Promise<void> | null = null;
  private save: CursorSaver | null = null;
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  /** A group came in while a round ran: the loop goes on instead of sleeping. */
  private nudged = false;
  private failures = 0;
  private publishedTotal = 0;

  constructor(
    nc: NatsConnection,
    private readonly journal: JournalSource,
    private readonly logger: Logger,
    start: JournalPosition,
    options: Partial<JournalEventsPublisherOptions> = {},
  ) {
    this.options = { ...JOURNAL_EVENTS_PUBLISHER_DEFAULTS, ...options };
    this.publisher = new JetStreamPublisher(nc, this.options.publishTimeoutMs);
    this.published = { ...start };
  }

  /** The last group whose events JetStream acknowledged. */
  get position(): JournalPosition {
    return { ...this.published };
  }

  /** Journal groups whose events are not all acknowledged yet. */
  get lagGroups(): number {
    return Math.max(0, this.journal.last.group - this.published.group);
  }

  /** Events JetStream acknowledged since this replica took the partition (copies included). */
  get publishedCount(): number {
    return this.publishedTotal;
  }

  /** A group is committed: its events (maybe none) join the queue. */
  enqueue(position: JournalPosition, events: PublishRow[]): void {
    if (position.group <= this.published.group) return;
    const last = this.memory[this.memory.length - 1];
    const follows = last === undefined || last.position.group + 1 === position.group;
    if (!follows || this.memoryEvents + events.length > this.options.pendingEventsMax) {
      // Publishing is behind (or a group went by another way): these go out from the journal instead.
      this.memory = [];
      this.memoryEvents = 0;
    }
    this.memory.push({ position, events });
    this.memoryEvents += events.length;
    this.nudged = true;
    this.wake?.();
  }

  start(save: CursorSaver): void {
    if (this.running) return;
    this.save = save;
    this.running = true;
    this.loop = this.run();
  }

  /**
   * At shutdown, once no write is queued: stop the loop, give what is left up to `timeoutMs` to reach
   * JetStream, and save the position. Whatever is left is published by the partition's next owner.
   */
  async stop(timeoutMs: number): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    let timer: NodeJS.Timeout | undefined;
    const finish = async (): Promise<void> => {
      try {
        while (this.lagGroups > 0 && (await this.round())) {
          // Each round publishes a batch.
        }
      } catch (error) {
        this.logger.warn(
          { err: error, position: this.published },
          'last events not published; the next owner will',
        );
      }
      await this.saving;
      if (this.unsavedEvents > 0) await this.saveNow();
    };
    await Promise.race([finish(), new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
    this.publisher.close();
  }

  private async run(): Promise<void> {
    while (this.running) {
      let worked = false;
      let delayMs = this.options.cursorSaveIntervalMs;
      this.nudged = false;
      try {
        worked = await this.round();
        this.failures = 0;
      } catch (error) {
        this.failures += 1;
        delayMs = Math.min(
          this.options.backoffMaxMs,
          this.options.backoffInitialMs * 2 ** Math.min(this.failures - 1, 16),
        );
        this.logger.warn(
          { err: error, failures: this.failures, retryInMs: delayMs, position: this.published },
          'publishing events failed',
        );
      }
      if (this.unsavedEvents > 0 && Date.now() - this.lastSaveAt >= this.options.cursorSaveIntervalMs) {
        this.saving ??= this.saveNow().finally(() => (this.saving = null));
      }
      if (!this.running || (this.failures === 0 && (worked || this.nudged))) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delayMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
  }

  private async saveNow(): Promise<void> {
    const position = this.position;
    const events = this.unsavedEvents;
    this.unsavedEvents = 0;
    this.lastSaveAt = Date.now();
    try {
      await this.save?.(position);
    } catch (error) {
      // Not fatal: a later save covers it, and a crash first only means more copies for the window to drop.
      this.unsavedEvents += events;
      this.logger.warn({ err: error, position }, 'cannot save how far events are published yet');
    }
  }

  /** Publishes the next groups' events; false when there was nothing to publish. */
  private async round(): Promise<boolean> {
    while (this.memory[0] !== undefined && this.memory[0].position.group <= this.published.group) {
      this.memoryEvents -= this.memory.shift()!.events.length;
    }
    const groups =
      this.memory[0]?.position.group === this.published.group + 1
        ? this.fromMemory()
        : await this.fromJournal();
    if (groups.length === 0) return false;
    const rows = groups.flatMap((group) => group.events);
    // A group larger than a batch goes out in batches, one after the other.
    let acked = 0;
    while (acked < rows.length) {
      const chunk = rows.slice(acked, acked + this.options.batchSize);
      const ackedInChunk = await this.publisher.publish(chunk);
      acked += ackedInChunk;
      if (ackedInChunk < chunk.length) break;
    }
    let counted = 0;
    for (const group of groups) {
      counted += group.events.length;
      if (counted > acked) break;
      this.published = group.position;
      this.unsavedEvents += group.events.length;
    }
    this.publishedTotal += acked;
    if (acked < rows.length) throw new Error(`${rows.length - acked} events not acknowledged in time`);
    return true;
  }

  /** The next groups held in memory, whole, up to batchSize events (at least one group). */
  private fromMemory(): GroupEvents[] {
    const groups: GroupEvents[] = [];
    let events = 0;
    for (const group of this.memory) {
      if (groups.length > 0 && events + group.events.length > this.options.batchSize) break;
      groups.push(group);
      events += group.events.length;
    }
    return groups;
  }

  /** The next groups read back from the journal, up to the first one memory holds. */
  private async fromJournal(): Promise<GroupEvents[]> {
    const end = this.journal.last;
    if (end.group <= this.published.group) return [];
    const uptoSeq = this.memory[0] === undefined ? end.streamSeq : this.memory[0].position.streamSeq - 1;
    const groups: GroupEvents[] = [];
    let events = 0;
    await this.journal.readGroups(
      this.published.streamSeq,
      uptoSeq,
      (group, streamSeq) => {
        if (groups.length > 0 && events >= this.options.batchSize) return;
        const expected = (groups[groups.length - 1]?.position.group ?? this.published.group) + 1;
        assert(group.group === expected, `journal group ${group.group} read where ${expected} was expected`);
        groups.push({ position: { group: group.group, streamSeq }, events: rowsOf(group) });
        events += groups[groups.length - 1]!.events.length;
      },
      this.options.journalReadGroupsMax,
    );
    return groups;
  }
}

/** A journal group's events as they are published: on their type, with their id, as written. */
export function rowsOf(group: JournalGroup): PublishRow[] {
  return (group.events ?? []).map((event) => ({
    eventId: event.id,
    subject: event.type,
    payload: JSON.stringify(event),
  }));
}

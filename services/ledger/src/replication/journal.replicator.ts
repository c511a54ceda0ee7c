import {
  JOURNAL_ENCODING_HEADER,
  JournalGroupSchema,
  LEDGER_JOURNAL_MAX_BYTES_DEFAULT,
  LEDGER_JOURNAL_STREAM,
  LEDGER_JOURNAL_SUBJECTS,
  type JournalGroup,
} from '@ticketonomics/contracts';
import { isJetStreamError, isRevisionConflict, JS_ERROR_CODES } from '@ticketonomics/messaging';
import { RowChangeApplier, rowsAsChanges } from '@ticketonomics/persistence';
import {
  DeliverPolicy,
  DiscardPolicy,
  jetstream,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
} from '@nats-io/jetstream';
import { headers, type MsgHdrs, type NatsConnection } from '@nats-io/transport-node';
import type { Database, Statement } from 'better-sqlite3';
import { strict as assert } from 'node:assert';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Logger } from 'pino';

/** Groups whose JSON is at least this long are compressed (deflate-raw, fastest level). */
const COMPRESS_MIN_BYTES = 4_096;

/** Tables the journal does not carry: where the file stands in the journal, and which replica may write it, are the file's own. */
export const JOURNAL_LOCAL_TABLES = ['journal_checkpoint', 'partition_fence'];

export interface JournalReplicatorOptions {
  /** The partition's journal subject (ledgerJournalSubjectOf). */
  subject: string;
  /** Copies JetStream keeps of the journal: 1 on one server, 3 on a cluster of three. */
  replicas: number;
  /** How long an append may wait for JetStream's acknowledgement. */
  appendTimeoutMs: number;
  /** Journal groups applied in one SQLite transaction while catching up, at most. */
  catchUpGroupsPerCommit: number;
  /** Row changes past which a catch-up transaction commits, whatever its groups: bounds the memory they hold. */
  catchUpRowsPerCommit: number;
  /**
   * Journal messages fetched ahead while reading the journal (each at most 1 MiB, so this bounds the
   * memory they take). Counted in messages: a pull bounded in bytes stalls on a message that does not fit.
   */
  catchUpBufferMessages: number;
  /** Rows per baseline message (a message stays well under JetStream's 1 MiB default). */
  baselineRowsMax: number;
  /** The journal stream's size limit; past it appends are refused (never is the oldest dropped). */
  maxBytes: number;
}

export const JOURNAL_REPLICATOR_DEFAULTS: Omit<JournalReplicatorOptions, 'subject' | 'replicas'> = {
  appendTimeoutMs: 5_000,
  catchUpGroupsPerCommit: 500,
  catchUpRowsPerCommit: 20_000,
  catchUpBufferMessages: 32,
  baselineRowsMax: 1_000,
  maxBytes: LEDGER_JOURNAL_MAX_BYTES_DEFAULT,
};

/** Where a store stands in its journal: the last group it holds and that group's stream position. */
export interface JournalPosition {
  group: number;
  streamSeq: number;
}

/** An append refused by JetStream because another writer appended to the partition's journal first. */
export class JournalFenceError extends Error {
  constructor(subject: string, expectedSeq: number) {
    super(
      `${subject}: another replica appended to this partition's journal after position ${expectedSeq}; this replica no longer owns the partition`,
    );
    this.name = 'JournalFenceError';
  }
}

/** Create the journal stream when it is missing: file storage, kept whole, full means refuse. */
export async function ensureJournalStream(
  nc: NatsConnection,
  options: { replicas: number; maxBytes: number },
): Promise<void> {
  const jsm = await jetstreamManager(nc);
  try {
    await jsm.streams.info(LEDGER_JOURNAL_STREAM);
    return;
  } catch (error) {
    if (!isJetStreamError(error, JS_ERROR_CODES.streamNotFound)) throw error;
  }
  try {
    await jsm.streams.add({
      name: LEDGER_JOURNAL_STREAM,
      subjects: [LEDGER_JOURNAL_SUBJECTS],
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      discard: DiscardPolicy.New,
      max_age: 0,
      max_bytes: options.maxBytes,
      num_replicas: options.replicas,
    });
  } catch (error) {
    // Another replica created it meanwhile.
    if (!isJetStreamError(error, JS_ERROR_CODES.streamNameInUse)) throw error;
  }
}

/**
 * One partition's replicated journal. open() brings the partition's SQLite file up to the journal
 * (replaying the groups it lacks, from a fresh file too) and, for a file that has data but no journal yet,
 * appends its baseline. append() adds one commit group, fenced by the position of the partition's last
 * journal message: JetStream itself refuses an append from a replica that is not the last writer.
 */
export class JournalReplicator {
  private readonly options: JournalReplicatorOptions;
  private position: JournalPosition = { group: 0, streamSeq: 0 };
  private readonly readCheckpoint: Statement;
  private readonly writeCheckpoint: Statement;

  constructor(
    private readonly nc: NatsConnection,
    private readonly db: Database,
    private readonly logger: Logger,
    options: Pick<JournalReplicatorOptions, 'subject' | 'replicas'> & Partial<JournalReplicatorOptions>,
  ) {
    this.options = { ...JOURNAL_REPLICATOR_DEFAULTS, ...options };
    this.readCheckpoint = db.prepare(
      'SELECT journal_group AS "group", stream_seq AS streamSeq FROM journal_checkpoint WHERE id = 1',
    );
    this.writeCheckpoint = db.prepare(
      'UPDATE journal_checkpoint SET journal_group = @group, stream_seq = @streamSeq WHERE id = 1',
    );
  }

  /** The last group appended or replayed, and its stream position. */
  get last(): JournalPosition {
    return { ...this.position };
  }

  /**
   * Brings the file up to the journal and returns how many groups it replayed. Refuses a file that holds
   * a group the journal lacks: the journal is what was acknowledged, and the file cannot be ahead of it.
   */
  async open(): Promise<{ replayed: number; baseline: number }> {
    await ensureJournalStream(this.nc, this.options);
    const local = this.readCheckpoint.get() as JournalPosition;
    const last = await this.lastMessage();
    if (last === null) {
      assert(
        local.group === 0,
        `${this.options.subject}: the file holds group ${local.group}, the journal none`,
      );
      this.position = local;
      const baseline = await this.appendBaseline();
      return { replayed: 0, baseline };
    }
    if (last.group < local.group) {
      throw new Error(
        `${this.options.subject}: the file holds group ${local.group} but the journal ends at ${last.group}; the file is not this journal's (restore the journal, or remove the file to rebuild it)`,
      );
    }
    this.position = local;
    const replayed = last.group > local.group ? await this.catchUp(last.streamSeq) : 0;
    assert(this.position.group === last.group, 'catching up reaches the last group');
    return { replayed, baseline: 0 };
  }

  /**
   * Appends one commit group's changes (RowChangeCapture's JSON array) and the events its writes raised
   * (a JSON array of CloudEvents, or null for none) and returns its position, which
   * the caller records with recordPosition() in the same transaction. Throws JournalFenceError when
   * another replica appended first; any other error leaves the journal as it was or with this group
   * stored (an ambiguous timeout): the caller rolls back, and the next open() replays what is there.
   */
  async append(changesJson: string, eventsJson: string | null = null): Promise<JournalPosition> {
    const group = this.position.group + 1;
    const events = eventsJson === null ? '' : `,"events":${eventsJson}`;
    const body = `{"v":1,"group":${group},"kind":"commit","changes":${changesJson}${events}}`;
    const ack = await this.publish(body);
    this.position = { group, streamSeq: ack };
    return this.last;
  }

  /** Records the position in the file, inside the transaction of the group it counts. */
  recordPosition(position: JournalPosition): void {
    this.writeCheckpoint.run(position);
  }

  private async publish(body: string): Promise<number> {
    try {
      // No Nats-Msg-Id: a duplicate id is answered with the first message's acknowledgement before the
      // expected sequence is checked, which would let a stale replica's group pass for the owner's. An
      // append whose acknowledgement is lost is not retried: the caller rolls back, and the next open()
      // finds the group in the journal (or not) and replays it.
      const { data, encoding } = encodeGroup(body);
      const maxPayload = this.nc.info?.max_payload;
      if (maxPayload !== undefined && data.length > maxPayload) {
        throw new Error(
          `${this.options.subject}: a journal group of ${data.length} bytes is more than the server takes (${maxPayload}); commit fewer writes per group`,
        );
      }
      let messageHeaders: MsgHdrs | undefined;
      if (encoding !== null) {
        messageHeaders = headers();
        messageHeaders.set(JOURNAL_ENCODING_HEADER, encoding);
      }
      const ack = await jetstream(this.nc).publish(this.options.subject, data, {
        expect: { lastSubjectSequence: this.position.streamSeq },
        timeout: this.options.appendTimeoutMs,
        ...(messageHeaders === undefined ? {} : { headers: messageHeaders }),
      });
      return ack.seq;
    } catch (error) {
      if (isRevisionConflict(error)) {
        throw new JournalFenceError(this.options.subject, this.position.streamSeq);
      }
      throw error;
    }
  }

  /** The partition's last journal message: its group and stream position; null when there is none. */
  private async lastMessage(): Promise<JournalPosition | null> {
    const jsm = await jetstreamManager(this.nc);
    try {
      const message = await jsm.streams.getMessage(LEDGER_JOURNAL_STREAM, {
        last_by_subj: this.options.subject,
      });
      if (message === null) return null;
      return {
        group: decodeGroup(message.data, message.header?.get(JOURNAL_ENCODING_HEADER)).group,
        streamSeq: message.seq,
      };
    } catch (error) {
      if (isJetStreamError(error, JS_ERROR_CODES.messageNotFound)) return null;
      throw error;
    }
  }

  /** Applies every group after the file's, up to the one at lastSeq, a few hundred per transaction. */
  private async catchUp(lastSeq: number): Promise<number> {
    const applier = new RowChangeApplier(this.db, { skip: JOURNAL_LOCAL_TABLES });
    const consumer = await jetstream(this.nc).consumers.get(LEDGER_JOURNAL_STREAM, {
      // One subject as a string: a list needs nats-server 2.10.
      filter_subjects: this.options.subject,
      deliver_policy: this.position.streamSeq === 0 ? DeliverPolicy.All : DeliverPolicy.StartSequence,
      ...(this.position.streamSeq === 0 ? {} : { opt_start_seq: this.position.streamSeq + 1 }),
    });
    const messages = await consumer.consume({ max_messages: this.options.catchUpBufferMessages });
    let replayed = 0;
    let batch: { group: JournalGroup; streamSeq: number }[] = [];
    let batchRows = 0;
    const commit = () => {
      if (batch.length === 0) return;
      const applied = batch;
      batch = [];
      batchRows = 0;
      this.db.transaction(() => {
        this.db.pragma('defer_foreign_keys = ON');
        for (const { group, streamSeq } of applied) {
          assert(
            group.group === this.position.group + 1,
            `${this.options.subject}: group ${group.group} follows ${this.position.group}; the journal has a gap`,
          );
          applier.apply(group.changes as Parameters<RowChangeApplier['apply']>[0]);
          this.position = { group: group.group, streamSeq };
        }
        this.recordPosition(this.position);
      })();
      replayed += applied.length;
    };
    try {
      for await (const message of messages) {
        const group = decodeGroup(message.data, message.headers?.get(JOURNAL_ENCODING_HEADER));
        batch.push({ group, streamSeq: message.seq });
        batchRows += group.changes.length;
        if (
          batch.length >= this.options.catchUpGroupsPerCommit ||
          batchRows >= this.options.catchUpRowsPerCommit ||
          message.info.pending === 0
        ) {
          commit();
        }
        if (message.seq >= lastSeq) break;
        // Fetched messages arrive without a turn of the event loop in between: timers (the partition's
        // lease renewals) and other work get theirs here.
        await nextTurn();
      }
      commit();
    } finally {
      messages.stop();
    }
    this.logger.info(
      { subject: this.options.subject, replayed, position: this.position },
      'partition caught up with its journal',
    );
    return replayed;
  }

  /**
   * Reads the partition's journal messages after stream position `afterSeq` up to `uptoSeq` (inclusive), in
   * order, handing each group to `visit`, at most `groupsMax` of them; the file is not touched. For audits
   * (what JetStream holds alone) and for publishing the events of groups no longer in memory.
   */
  async readGroups(
    afterSeq: number,
    uptoSeq: number,
    visit: (group: JournalGroup, streamSeq: number) => void,
    groupsMax = Number.POSITIVE_INFINITY,
  ): Promise<void> {
    const last = await this.lastMessage();
    // Nothing to read: a consumer would wait for messages that are not there.
    if (uptoSeq <= afterSeq || last === null || last.streamSeq <= afterSeq) return;
    const consumer = await jetstream(this.nc).consumers.get(LEDGER_JOURNAL_STREAM, {
      filter_subjects: this.options.subject,
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: afterSeq + 1,
    });
    const messages = await consumer.consume({
      max_messages: Math.min(this.options.catchUpBufferMessages, groupsMax),
    });
    let visited = 0;
    try {
      for await (const message of messages) {
        if (message.seq > uptoSeq) break;
        visit(decodeGroup(message.data, message.headers?.get(JOURNAL_ENCODING_HEADER)), message.seq);
        visited += 1;
        if (message.seq === uptoSeq || message.info.pending === 0 || visited >= groupsMax) break;
        await nextTurn();
      }
    } finally {
      messages.stop();
    }
  }

  /** The position the file's last committed group recorded (the file's own word, for audits). */
  fileCheckpoint(): JournalPosition {
    return this.readCheckpoint.get() as JournalPosition;
  }

  /** A file with data from before its journal: every row, as baseline groups, before any commit group. */
  private async appendBaseline(): Promise<number> {
    let groups = 0;
    for (const changes of rowsAsChanges(this.db, {
      skip: JOURNAL_LOCAL_TABLES,
      rowsMax: this.options.baselineRowsMax,
    })) {
      const group = this.position.group + 1;
      const body = JSON.stringify({ v: 1, group, kind: 'baseline', changes });
      const streamSeq = await this.publish(body);
      this.position = { group, streamSeq };
      this.recordPosition(this.position);
      groups += 1;
    }
    if (groups > 0) {
      this.logger.info(
        { subject: this.options.subject, groups, position: this.position },
        'baseline appended to the journal',
      );
    }
    return groups;
  }
}

/** A group's JSON as stored: compressed when large. */
export function encodeGroup(body: string): { data: Uint8Array; encoding: 'deflate-raw' | null } {
  const plain = Buffer.from(body, 'utf8');
  if (plain.length < COMPRESS_MIN_BYTES) return { data: plain, encoding: null };
  return { data: deflateRawSync(plain, { level: 1 }), encoding: 'deflate-raw' };
}

/** A journal message's body read back (encodeGroup's inverse) and checked against its schema. */
export function decodeGroup(data: Uint8Array, encoding: string | undefined): JournalGroup {
  assert(
    encoding === undefined || encoding === '' || encoding === 'deflate-raw',
    `a journal message encoded as ${encoding}, which this ledger cannot read`,
  );
  const plain = encoding === 'deflate-raw' ? inflateRawSync(data) : data;
  return JournalGroupSchema.parse(JSON.parse(new TextDecoder().decode(plain)));
}

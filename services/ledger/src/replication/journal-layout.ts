import {
  JournalLayoutSchema,
  LEDGER_JOURNAL_LAYOUT_SUBJECT,
  LEDGER_JOURNAL_STREAM,
  type JournalLayout,
} from '@ticketonomics/contracts';
import { isJetStreamError, isRevisionConflict, JS_ERROR_CODES } from '@ticketonomics/messaging';
import { ConfigError } from '@ticketonomics/runtime';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { ensureJournalStream } from './journal.replicator';

/** Every request's limit here: it runs once, at start. */
const LAYOUT_TIMEOUT_MS = 5_000;

/**
 * Communities are placed by their partition number, so every replica must spread them over the same
 * count. A file in DATA_DIR records it per disk; this records it once in the replicated journal, beside
 * the partitions it describes: the first replica writes it (only if no message is there, so two first
 * replicas cannot both win), and any replica started with another count refuses to start, on whatever
 * disk it runs.
 */
export async function assertJournalLayout(
  nc: NatsConnection,
  layout: { partitions: number },
  stream: { replicas: number; maxBytes: number },
): Promise<void> {
  await ensureJournalStream(nc, stream);
  const written = (await readLayout(nc)) ?? (await writeLayout(nc, layout.partitions));
  if (written.partitions !== layout.partitions) {
    throw new ConfigError(
      `LEDGER_PARTITIONS: the ledger's replicated journal was written with ${written.partitions} partitions and this replica has ${layout.partitions}; start every replica with LEDGER_PARTITIONS=${written.partitions}`,
    );
  }
}

async function readLayout(nc: NatsConnection): Promise<JournalLayout | null> {
  const jsm = await jetstreamManager(nc, { timeout: LAYOUT_TIMEOUT_MS });
  try {
    const message = await jsm.streams.getMessage(LEDGER_JOURNAL_STREAM, {
      last_by_subj: LEDGER_JOURNAL_LAYOUT_SUBJECT,
    });
    if (message === null) return null;
    return JournalLayoutSchema.parse(message.json());
  } catch (error) {
    if (isJetStreamError(error, JS_ERROR_CODES.messageNotFound)) return null;
    throw error;
  }
}

/** Writes the layout unless one is there already; answers the one that is there in the end. */
async function writeLayout(nc: NatsConnection, partitions: number): Promise<JournalLayout> {
  const layout: JournalLayout = { v: 1, partitions };
  try {
    await jetstream(nc, { timeout: LAYOUT_TIMEOUT_MS }).publish(
      LEDGER_JOURNAL_LAYOUT_SUBJECT,
      JSON.stringify(layout),
      { expect: { lastSubjectSequence: 0 } },
    );
    return layout;
  } catch (error) {
    // Another replica wrote it first: its count is the one to agree with.
    if (!isRevisionConflict(error)) throw error;
    const written = await readLayout(nc);
    if (written === null) throw error;
    return written;
  }
}

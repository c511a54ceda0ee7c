import { z } from 'zod';

/**
 * The ledger's replicated journal: per partition, one message per commit group holding every row the
 * group changed, appended before the group commits to the partition's SQLite file and before any of its
 * writes is answered. The stream keeps it all (no age limit): a partition is its journal replayed, and
 * its SQLite file is a checkpoint of that replay.
 */
export const LEDGER_JOURNAL_STREAM = 'LEDGER_JOURNAL';
export const LEDGER_JOURNAL_SUBJECTS = 'tk.journal.ledger.>';
/** The journal stream's size unless LEDGER_JOURNAL_MAX_BYTES says otherwise (reserved on the servers). */
export const LEDGER_JOURNAL_MAX_BYTES_DEFAULT = 4 * 1024 ** 3;

/**
 * A journal message's header saying how its body is encoded: absent for plain JSON, `deflate-raw` for a
 * large group compressed (row changes are repetitive JSON, several times smaller compressed).
 */
export const JOURNAL_ENCODING_HEADER = 'Tk-Encoding';

/**
 * Where the journal says how many partitions its communities are spread over: one message, written by the
 * first replica and kept with the journal, so replicas on separate disks agree on where each community is.
 */
export const LEDGER_JOURNAL_LAYOUT_SUBJECT = 'tk.journal.ledger.layout';

export const JournalLayoutSchema = z.strictObject({
  v: z.literal(1),
  partitions: z.int().positive().max(256),
});
export type JournalLayout = z.infer<typeof JournalLayoutSchema>;

/** A partition's journal subject (`tk.journal.ledger.p003`). */
export function ledgerJournalSubjectOf(partitionLabel: string): string {
  return `tk.journal.ledger.${partitionLabel}`;
}

/** One row's change, as the partition's SQLite tables hold it (libs/persistence row-changes). */
export const JournalRowChangeSchema = z.strictObject({
  t: z.string().regex(/^[a-z_][a-z0-9_]*$/),
  o: z.enum(['u', 'd']),
  r: z.record(z.string(), z.unknown()),
  k: z.record(z.string(), z.unknown()).nullable().optional(),
});

/**
 * A CloudEvent a group carries, as it goes out on its `type` subject with its `id` as Nats-Msg-Id. Only
 * those two are checked here: the rest is published as it was written, and each event's own schema is
 * its consumers' to check.
 */
export const JournalEventSchema = z.looseObject({
  id: z.string().min(1),
  type: z.string().regex(/^tk\.evt\.[a-z0-9_.-]+$/),
});

/**
 * One journal message: the group's number in its partition (1, 2, ... with no gap), what kind it is (a
 * commit group, or part of the baseline a partition that had data before its journal starts from), the
 * rows it changed, in order, and the events its writes raised (published once the group is committed:
 * the ledger's events come from its journal, so none is lost or invented).
 */
export const JournalGroupSchema = z.strictObject({
  v: z.literal(1),
  group: z.int().positive(),
  kind: z.enum(['commit', 'baseline']),
  changes: z.array(JournalRowChangeSchema),
  events: z.array(JournalEventSchema).optional(),
});
export type JournalGroup = z.infer<typeof JournalGroupSchema>;

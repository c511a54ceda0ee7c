import type {
  Account,
  AccountKind,
  ErrorBody,
  Policy,
  Transfer,
  TransferRequest,
  TransferResult,
  VerifyReport,
} from '@ticketonomics/contracts';
import type { CommitStats } from '../commit/commit-queue';
import type { PolicyChange } from '../policy/policy.writes';

export type BatchResult = { ok: true; data: TransferResult } | { ok: false; error: ErrorBody };

/**
 * Every write the ledger makes, as the writer thread runs it. Arguments and results cross the thread
 * boundary by structured clone, so they are plain data: no class instances, no functions.
 */
export interface LedgerWriteOps {
  'account.open': (request: { communityId: string; kind: AccountKind; ownerId?: string }) => Account;
  'account.setFrozen': (accountId: string, frozen: boolean, reason: string) => Account;
  'transfer.create': (request: TransferRequest) => TransferResult;
  'transfer.batch': (requests: readonly TransferRequest[]) => BatchResult[];
  'transfer.linked': (requests: readonly TransferRequest[]) => Transfer[];
  'transfer.post': (request: { pendingId: string; amount?: number }) => Transfer;
  'transfer.void': (request: { pendingId: string }) => Transfer;
  'transfer.reverse': (request: { id: string; transferId: string; memo: string }) => Transfer;
  'supply.mint': (request: SupplyChange) => Transfer;
  'supply.burn': (request: SupplyChange) => Transfer;
  'policy.set': (communityId: string, change: PolicyChange) => Policy;
  'journal.verify': () => VerifyReport;
  /** The outbox relay's acknowledgements; they ride the next group commit instead of paying their own. */
  'outbox.markSent': (seqs: readonly number[]) => void;
  'outbox.pruneSent': (before: number, limit: number) => number;
}

export interface SupplyChange {
  id: string;
  accountId: string;
  amount: number;
  memo: string;
}

export type WriteOp = keyof LedgerWriteOps;
export type WriteArgs<K extends WriteOp> = Parameters<LedgerWriteOps[K]>;
export type WriteResult<K extends WriteOp> = ReturnType<LedgerWriteOps[K]>;

/** What the writer thread implements: each op answers once its group commit is durable. */
export type WriteHandlers = {
  [K in WriteOp]: (...args: WriteArgs<K>) => Promise<WriteResult<K>>;
};

export interface WorkItem {
  id: number;
  op: WriteOp;
  args: unknown[];
}

/**
 * `internal` marks an error that is not a DomainError (a bug, or SQLite failing): the main thread logs
 * it and answers INTERNAL, as it would for an error thrown on its own thread.
 */
export type Outcome =
  { id: number; ok: true; value: unknown } | { id: number; ok: false; error: ErrorBody; internal: boolean };

export interface WriterStats extends CommitStats {
  queueLength: number;
}

export type LogLevel = 'info' | 'warn' | 'error';

export type ToWriter = { type: 'work'; items: WorkItem[] } | { type: 'close' };

export type FromWriter =
  | { type: 'ready' }
  /** Outcomes of the items answered since the last message; `committed` when a group committed since. */
  | { type: 'done'; outcomes: Outcome[]; committed: boolean; stats: WriterStats }
  | { type: 'log'; level: LogLevel; fields: Record<string, unknown>; message: string }
  | { type: 'closed' };

/** Everything the writer thread needs to open the store; passed as workerData. */
export interface WriterInit {
  dbPath: string;
  /** The same settings the main thread's connection runs with (sqlitePragmas in libs/persistence). */
  pragmas: string[];
  busyTimeoutMs: number;
  groupSizeMax: number;
  queueLengthMax: number;
  expirySweepMs: number;
  /** Modules the thread loads before its entry: the alias map in dist/, or the TypeScript hook in tests. */
  preload: string[];
  entry: string;
}

import {
  communityOfAccountId,
  DomainError,
  LedgerCommands,
  type Reply,
  type TransferRequest,
  type VerifyReport,
  VERIFY_FINDINGS_MAX,
} from '@ticketonomics/contracts';
import {
  routed,
  type PartitionRoute,
  type RouteContext,
  type RoutedCommand,
} from '@ticketonomics/partitions';
import { createHash } from 'node:crypto';

type BatchResult = { ok: true; data: unknown } | { ok: false; error: unknown };

/**
 * How each public ledger command finds the partition that serves it. Account ids carry their community
 * (`user:<community>:<owner>`), so most commands route by it; a transfer or hold named by id alone is asked
 * of every partition; a batch over communities of several partitions is split and its results put back in
 * order; journal.verify reports over every partition.
 */
export const LEDGER_ROUTES: Record<keyof typeof LedgerCommands, RoutedCommand> = {
  accountOpen: routed(LedgerCommands.accountOpen, (request) => ({ communityId: request.communityId })),
  accountGet: routed(LedgerCommands.accountGet, (request) => byAccount(request.accountId)),
  accountFreeze: routed(LedgerCommands.accountFreeze, (request) => byAccount(request.accountId)),
  accountUnfreeze: routed(LedgerCommands.accountUnfreeze, (request) => byAccount(request.accountId)),
  accountList: routed(LedgerCommands.accountList, (request) => ({ communityId: request.communityId })),
  supplyMint: routed(LedgerCommands.supplyMint, (request) => byAccount(request.accountId)),
  supplyBurn: routed(LedgerCommands.supplyBurn, (request) => byAccount(request.accountId)),
  supplyGet: routed(LedgerCommands.supplyGet, (request) => ({ communityId: request.communityId })),
  transferCreate: routed(LedgerCommands.transferCreate, (request) => byAccount(request.debitAccountId)),
  transferBatch: routed(LedgerCommands.transferBatch, (request, context) =>
    batchRoute(request.transfers, context),
  ),
  transferLinked: routed(LedgerCommands.transferLinked, (request, context) =>
    linkedRoute(request.transfers, context),
  ),
  transferPost: routed(LedgerCommands.transferPost, () => ({ everyPartition: true })),
  transferSettle: routed(LedgerCommands.transferSettle, (request) => ({ communityId: request.communityId })),
  transferVoid: routed(LedgerCommands.transferVoid, () => ({ everyPartition: true })),
  transferReverse: routed(LedgerCommands.transferReverse, () => ({ everyPartition: true })),
  transferGet: routed(LedgerCommands.transferGet, () => ({ everyPartition: true })),
  transferHistory: routed(LedgerCommands.transferHistory, (request) => ({
    communityId: request.communityId,
  })),
  balanceGet: routed(LedgerCommands.balanceGet, (request) => byAccount(request.accountId)),
  policyGet: routed(LedgerCommands.policyGet, (request) => ({ communityId: request.communityId })),
  policySet: routed(LedgerCommands.policySet, (request) => ({ communityId: request.communityId })),
  emissionStatus: routed(LedgerCommands.emissionStatus, (request) => ({ communityId: request.communityId })),
  treasuryGrant: routed(LedgerCommands.treasuryGrant, (request) => ({ communityId: request.communityId })),
  journalVerify: routed(LedgerCommands.journalVerify, (_request, context) => ({
    fanOut: everyPartition(context).map((partition) => ({ partition, request: {} })),
    merge: mergeVerifyReports,
  })),
};

/** An id that is not a ledger account id is no account anywhere; every partition says so in its words. */
function byAccount(accountId: string): PartitionRoute {
  const communityId = communityOfAccountId(accountId);
  return communityId === null ? { everyPartition: true } : { communityId };
}

function everyPartition(context: RouteContext): number[] {
  return Array.from({ length: context.partitionCount }, (_, partition) => partition);
}

function partitionOfTransfer(transfer: TransferRequest, context: RouteContext): number {
  return context.partitionOf(communityOfAccountId(transfer.debitAccountId) ?? '');
}

/** Independent transfers: each partition applies its own, and the results come back in request order. */
export function batchRoute(transfers: TransferRequest[], context: RouteContext): PartitionRoute {
  const byPartition = new Map<number, number[]>();
  transfers.forEach((transfer, index) => {
    const partition = partitionOfTransfer(transfer, context);
    byPartition.set(partition, [...(byPartition.get(partition) ?? []), index]);
  });
  const parts = [...byPartition.entries()];
  if (parts.length === 1) return { communityId: communityOfAccountId(transfers[0]!.debitAccountId) ?? '' };
  return {
    fanOut: parts.map(([partition, indexes]) => ({
      partition,
      request: { transfers: indexes.map((index) => transfers[index]) },
    })),
    merge: (replies) => {
      const results = new Array<BatchResult>(transfers.length);
      replies.forEach((reply, part) => {
        const indexes = parts[part]![1];
        indexes.forEach((index, position) => {
          results[index] = reply.ok
            ? ((reply.data as { results: BatchResult[] }).results[position] as BatchResult)
            : { ok: false, error: reply.error };
        });
      });
      return { ok: true, data: { results } };
    },
  };
}

/** All-or-nothing needs one transaction, so one partition: transfers over several are refused as sent. */
export function linkedRoute(transfers: TransferRequest[], context: RouteContext): PartitionRoute {
  const partitions = new Set(transfers.map((transfer) => partitionOfTransfer(transfer, context)));
  if (partitions.size > 1) {
    throw new DomainError(
      'VALIDATION_FAILED',
      "transfers: linked transfers are applied together in one community's ledger; these name communities kept apart, so send each community's transfers as their own linked request",
      { field: 'transfers', issues: [{ field: 'transfers', message: 'communities of several partitions' }] },
    );
  }
  return { communityId: communityOfAccountId(transfers[0]!.debitAccountId) ?? '' };
}

/**
 * One report over every partition: ok when every partition is; the entries, findings and sums together;
 * with several partitions headHash is the sha256 of each partition's head hash in partition order (each
 * partition keeps its own chain).
 */
export function mergeVerifyReports(replies: Reply<unknown>[]): Reply<unknown> {
  const failed = replies.find((reply) => !reply.ok);
  if (failed !== undefined) return failed;
  const reports = replies.map((reply) => (reply as { ok: true; data: VerifyReport }).data);
  if (reports.length === 1) return { ok: true, data: reports[0] };
  const merged: VerifyReport = {
    ok: reports.every((report) => report.ok),
    entries: reports.reduce((sum, report) => sum + report.entries, 0),
    headHash: createHash('sha256')
      .update(reports.map((report) => report.headHash).join(''))
      .digest('hex'),
    chainBreaks: reports.flatMap((report) => report.chainBreaks).slice(0, VERIFY_FINDINGS_MAX),
    balanceMismatches: reports.flatMap((report) => report.balanceMismatches).slice(0, VERIFY_FINDINGS_MAX),
    sumByCommunity: reports
      .flatMap((report) => report.sumByCommunity)
      .sort((a, b) => a.communityId.localeCompare(b.communityId)),
    replicated: {
      groups: reports.reduce((sum, report) => sum + report.replicated.groups, 0),
      entries: reports.reduce((sum, report) => sum + report.replicated.entries, 0),
      mismatches: reports.flatMap((report) => report.replicated.mismatches).slice(0, VERIFY_FINDINGS_MAX),
    },
  };
  return { ok: true, data: merged };
}

/**
 * The simulator's commands as a careful client sends them during chaos: a command that gets no answer in
 * time, no responder, or UNAVAILABLE / OVERLOADED is sent again with the same body (the same transfer id
 * or requestId, so the system applies it once), until it has an outcome or RETRY_FOR_MS passes. Every
 * acknowledged transfer and purchase is recorded for the checks.
 */
import {
  ArtifactsCommands,
  communityOfAccountId,
  isDomainError,
  LedgerCommands,
  type CommandRequest,
  type CommandResponse,
  type CommandSpec,
} from '@ticketonomics/contracts';
import type { DemoCommands } from '@ticketonomics/demo';
import type { CommandClient } from '@ticketonomics/messaging';
import { sleep, type ChaosRecord } from './chaos.record';

/** Longer than a partition's failover and a NATS node's election together. */
const RETRY_FOR_MS = 60_000;
const RETRY_PAUSE_MS = 250;
const RETRIED = new Set(['UNAVAILABLE', 'OVERLOADED']);
const PURCHASES = new Set<string>([
  ArtifactsCommands.shopBuy.subject,
  ArtifactsCommands.listingBuy.subject,
  ArtifactsCommands.tradeAccept.subject,
]);

export class RetryingCommands implements DemoCommands {
  constructor(
    private readonly client: CommandClient,
    private readonly record: ChaosRecord,
  ) {}

  async request<C extends CommandSpec>(command: C, payload: CommandRequest<C>): Promise<CommandResponse<C>> {
    const giveUpAt = Date.now() + RETRY_FOR_MS;
    for (;;) {
      try {
        const result = await this.client.request(command, payload);
        this.acknowledged(command, payload);
        return result;
      } catch (error) {
        if (!isDomainError(error) || !RETRIED.has(error.code)) throw error;
        // A purchase undone because the ledger did not answer is an outcome: its requestId is used up.
        if (error.details?.['reason'] === 'ledger_unavailable') throw error;
        const timedOut = typeof error.details?.['timeoutMs'] === 'number';
        this.record.retried(timedOut ? 'nats timeout' : `nats ${error.code}`);
        if (Date.now() > giveUpAt) {
          this.record.givenUp.push(
            `${command.subject} ${JSON.stringify(payload).slice(0, 160)}: ${error.message}`,
          );
          throw error;
        }
        await sleep(RETRY_PAUSE_MS);
      }
    }
  }

  private acknowledged<C extends CommandSpec>(command: C, payload: CommandRequest<C>): void {
    const body = payload as Record<string, unknown>;
    if (
      command.subject === LedgerCommands.transferCreate.subject ||
      command.subject === LedgerCommands.supplyMint.subject
    ) {
      const accountId = String(body['accountId'] ?? body['debitAccountId']);
      this.record.transfer({
        id: String(body['id']),
        communityId: communityOfAccountId(accountId) ?? '',
        channel: 'nats',
      });
    }
    if (PURCHASES.has(command.subject)) {
      this.record.purchases.push({
        communityId: String(body['communityId']),
        requestId: String(body['requestId']),
        command: command.subject,
      });
    }
  }
}

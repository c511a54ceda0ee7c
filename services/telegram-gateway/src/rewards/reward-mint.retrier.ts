import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { isDomainError, LedgerCommands, type CommandRequest } from '@ticketonomics/contracts';
import { CommandClient } from '@ticketonomics/messaging';
import type { Logger } from 'pino';
import { LOGGER } from '../gateway.tokens';

export type RewardMint = CommandRequest<typeof LedgerCommands.supplyMint>;

/** Tries per reward, spread over about four minutes, which covers a ledger restart or a short outage. */
export const REWARD_MINT_ATTEMPTS_MAX = 8;
export const REWARD_MINT_BACKOFF_INITIAL_MS = 1_000;
export const REWARD_MINT_BACKOFF_MAX_MS = 60_000;
/** Rewards waiting for a retry at once; past this a failed one is logged and dropped. */
export const REWARD_MINTS_PENDING_MAX = 10_000;

/**
 * Mints a reward that accounts already decided, retrying while the ledger is unavailable. A retry is
 * safe: the mint id comes from the message, so the ledger applies it once however often it is sent.
 */
@Injectable()
export class RewardMintRetrier implements OnModuleDestroy {
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    @Inject(CommandClient) private readonly client: CommandClient,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async mint(request: RewardMint, attempt = 1): Promise<void> {
    try {
      await this.client.request(LedgerCommands.supplyMint, request);
    } catch (error) {
      const retryable = isDomainError(error) && (error.code === 'UNAVAILABLE' || error.code === 'OVERLOADED');
      if (!retryable || attempt >= REWARD_MINT_ATTEMPTS_MAX || this.timers.size >= REWARD_MINTS_PENDING_MAX) {
        this.logger.warn({ err: error, mintId: request.id, attempt }, 'reward not minted; giving up');
        return;
      }
      const delayMs = Math.min(
        REWARD_MINT_BACKOFF_MAX_MS,
        REWARD_MINT_BACKOFF_INITIAL_MS * 2 ** (attempt - 1),
      );
      this.logger.info({ mintId: request.id, attempt, retryInMs: delayMs }, 'reward mint failed; will retry');
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        void this.mint(request, attempt + 1);
      }, delayMs);
      timer.unref();
      this.timers.add(timer);
    }
  }

  get pending(): number {
    return this.timers.size;
  }

  onModuleDestroy(): void {
    for (const timer of this.timers) clearTimeout(timer);
    if (this.timers.size > 0)
      this.logger.warn({ dropped: this.timers.size }, 'reward mints still waiting at shutdown');
    this.timers.clear();
  }
}

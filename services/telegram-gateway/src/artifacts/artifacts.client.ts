import { Inject, Injectable } from '@nestjs/common';
import {
  AccountsCommands,
  isDomainError,
  type CommandRequest,
  type CommandResponse,
  type CommandSpec,
} from '@ticketonomics/contracts';
import { CommandClient } from '@ticketonomics/messaging';
import type { Logger } from 'pino';
import { artifactsRefusal, availableOf, type ArtifactContext } from '../errors/error-replies';
import { userError, UserFacingError } from '../errors/user-facing.error';
import { LOGGER } from '../gateway.tokens';
import { labelOf } from '../members/members.service';
import { TtlCache } from '../members/ttl-cache';
import type { Recipient } from '../members/target.resolver';
import type { Labeler } from './artifacts.format';

/** Member names change rarely; a list of 20 owners should not cost 20 lookups every time. */
const LABEL_CACHE_TTL_MS = 60_000;
const LABEL_CACHE_ENTRIES_MAX = 10_000;
/** How a member the accounts service cannot name shows in a list, rather than failing the whole reply. */
const UNKNOWN_LABEL = '?';

/**
 * The artifacts service as the bot's commands use it: every refusal becomes a reply naming what the
 * request was about (errors/error-replies.ts), and member ids become the names members know.
 */
@Injectable()
export class ArtifactsClient {
  private readonly labels = new TtlCache<string>(LABEL_CACHE_TTL_MS, LABEL_CACHE_ENTRIES_MAX);

  constructor(
    @Inject(CommandClient) private readonly client: CommandClient,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * One artifacts request. `payerAccountId`: whose tickets it spends, so "not enough tickets" can say
   * how many they have.
   */
  async call<C extends CommandSpec>(
    command: C,
    payload: CommandRequest<C>,
    about: ArtifactContext = {},
    payerAccountId?: string,
  ): Promise<CommandResponse<C>> {
    try {
      return await this.client.request(command, payload);
    } catch (error) {
      if (!isDomainError(error)) throw error;
      if (error.code === 'UNAVAILABLE' || error.code === 'OVERLOADED') {
        this.logger.warn({ err: error, subject: command.subject }, 'the artifacts service is unavailable');
      }
      if (error.code === 'INSUFFICIENT_FUNDS' && payerAccountId !== undefined) {
        throw userError('notEnough', { balance: availableOf(error, payerAccountId) });
      }
      throw artifactsRefusal(error, about);
    }
  }

  /** Names of members by accounts user id, looked up together; an unknown one shows as "?". */
  async labeler(ids: Iterable<string | null>): Promise<Labeler> {
    const unique = [...new Set([...ids].filter((id): id is string => id !== null))];
    await Promise.all(
      unique
        .filter((id) => this.labels.get(id) === undefined)
        .map(async (id) => {
          try {
            this.labels.set(id, labelOf(await this.client.request(AccountsCommands.userGet, { userId: id })));
          } catch {
            // A name is a nicety: the list is still right without it.
          }
        }),
    );
    return (id) => (id === null ? UNKNOWN_LABEL : (this.labels.get(id) ?? UNKNOWN_LABEL));
  }

  /** Who a command names (@username or a replied message, as `resolving` finds them), as an artifact holder: no bots. */
  async holder(resolving: Promise<Recipient>): Promise<Recipient> {
    try {
      const recipient = await resolving;
      this.labels.set(recipient.userId, recipient.label);
      return recipient;
    } catch (error) {
      if (error instanceof UserFacingError && error.key === 'payBot') throw userError('artBot');
      throw error;
    }
  }
}

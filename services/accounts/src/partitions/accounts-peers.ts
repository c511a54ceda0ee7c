import {
  AccountsCommands,
  DomainError,
  isDomainError,
  type Community,
  type CommandRequest,
  type Membership,
  type User,
} from '@ticketonomics/contracts';
import { CommandClient } from '@ticketonomics/messaging';
import type { NatsConnection } from '@nats-io/transport-node';
import type { IdentityKey } from '../users/users.store';

type UpsertRequest = CommandRequest<typeof AccountsCommands.userUpsert>;

/**
 * What one accounts partition asks another, through the service's public subjects like any client (the
 * front door of whichever replica takes the request passes it to the partition's owner): a community
 * partition asks the global one about users, the global one asks a community partition about its
 * communities and members. Never inside a write transaction: the answer comes first, then the write.
 */
export class AccountsPeers {
  private readonly client: CommandClient;

  constructor(connection: NatsConnection, timeoutMs: number) {
    this.client = new CommandClient(connection, { timeoutMs });
  }

  upsertUser(request: UpsertRequest): Promise<User> {
    return this.client.request(AccountsCommands.userUpsert, request);
  }

  /** The user of an identity, or undefined when no user has it. */
  findUser(identity: IdentityKey): Promise<User | undefined> {
    return orUndefined(
      this.client.request(AccountsCommands.userFind, {
        provider: identity.provider,
        externalId: identity.externalId,
        ...(identity.communityId === undefined ? {} : { communityId: identity.communityId }),
      }) as Promise<User>,
    );
  }

  /** A known user, or NOT_FOUND naming `field`, as the user's own store says it. */
  async requireUser(userId: string, field = 'userId'): Promise<User> {
    const user = await orUndefined(
      this.client.request(AccountsCommands.userGet, { userId }) as Promise<User>,
    );
    if (user === undefined) {
      throw new DomainError(
        'NOT_FOUND',
        `${field}: no user ${userId}; create it first with tk.cmd.accounts.user.upsert`,
        { field, userId },
      );
    }
    return user;
  }

  /** A known community, or NOT_FOUND naming `field`, as the community's own store says it. */
  async requireCommunity(communityId: string, field = 'communityId'): Promise<Community> {
    const community = await orUndefined(
      this.client.request(AccountsCommands.communityGet, { communityId }) as Promise<Community>,
    );
    if (community === undefined) {
      throw new DomainError(
        'NOT_FOUND',
        `${field}: no community ${communityId}; create it first with tk.cmd.accounts.community.upsert`,
        { field, communityId },
      );
    }
    return community;
  }

  /** A user's membership of a community, or undefined when the community or the membership is unknown. */
  findMembership(communityId: string, userId: string): Promise<Membership | undefined> {
    return orUndefined(
      this.client.request(AccountsCommands.membershipGet, { communityId, userId }) as Promise<Membership>,
    );
  }
}

async function orUndefined<T>(answer: Promise<T>): Promise<T | undefined> {
  try {
    return await answer;
  } catch (error) {
    if (isDomainError(error) && error.code === 'NOT_FOUND') return undefined;
    throw error;
  }
}

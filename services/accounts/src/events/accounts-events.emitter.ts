import {
  eventSourceOf,
  AccountsEvents,
  accountsEventAddress,
  type ActivityRewarded,
  type ApiKey,
  IntegrationEvents,
  type Community,
  type CommunitySettings,
  type EventData,
  type EventSpec,
  type Identity,
  type Membership,
  type User,
  type Webhook,
} from '@ticketonomics/contracts';
import { buildEvent, type OutboxStore } from '@ticketonomics/messaging';

export const ACCOUNTS_EVENT_SOURCE = eventSourceOf('accounts');

/** Writes the service's events to the outbox, inside the transaction of the change they describe. */
export class AccountsEventsEmitter {
  constructor(private readonly outbox: OutboxStore) {}

  userCreated(user: User): void {
    this.emit(AccountsEvents.userCreated, user);
  }

  userUpdated(user: User): void {
    this.emit(AccountsEvents.userUpdated, user);
  }

  identityLinked(user: User, identity: Identity): void {
    this.emit(AccountsEvents.identityLinked, { user, identity });
  }

  communityCreated(community: Community): void {
    this.emit(AccountsEvents.communityCreated, community);
  }

  communityUpdated(community: Community): void {
    this.emit(AccountsEvents.communityUpdated, community);
  }

  membershipJoined(membership: Membership): void {
    this.emit(AccountsEvents.membershipJoined, membership);
  }

  membershipLeft(membership: Membership): void {
    this.emit(AccountsEvents.membershipLeft, membership);
  }

  membershipRoleChanged(membership: Membership): void {
    this.emit(AccountsEvents.membershipRoleChanged, membership);
  }

  settingsUpdated(settings: CommunitySettings): void {
    this.emit(AccountsEvents.settingsUpdated, settings);
  }

  activityRewarded(reward: ActivityRewarded): void {
    this.emit(AccountsEvents.activityRewarded, reward);
  }

  /** Integration events never carry a key, its hash or a signing secret: ApiKey and Webhook hold none. */
  apiKeyCreated(apiKey: ApiKey): void {
    this.emit(IntegrationEvents.apiKeyCreated, apiKey);
  }

  apiKeyRevoked(apiKey: ApiKey): void {
    this.emit(IntegrationEvents.apiKeyRevoked, apiKey);
  }

  webhookCreated(webhook: Webhook): void {
    this.emit(IntegrationEvents.webhookCreated, webhook);
  }

  webhookDisabled(webhook: Webhook): void {
    this.emit(IntegrationEvents.webhookDisabled, webhook);
  }

  webhookDeleted(webhook: Webhook): void {
    this.emit(IntegrationEvents.webhookDeleted, webhook);
  }

  private emit<E extends EventSpec>(spec: E, data: EventData<E>): void {
    const { subject, communityId } = accountsEventAddress(spec, data);
    this.outbox.enqueue(buildEvent(spec, { source: ACCOUNTS_EVENT_SOURCE, communityId, subject, data }));
  }
}

import { z } from 'zod';
import { defineEvent, type EventSpec } from '../command';
import { AmountSchema, CommunityIdSchema, IsoTimeSchema, MemoSchema, TransferIdSchema } from '../primitives';
import {
  CommunitySchema,
  CommunitySettingsSchema,
  GLOBAL_COMMUNITY_ID,
  REWARD_SETTINGS_DEFAULT,
  IdentitySchema,
  MembershipSchema,
  UserIdSchema,
  UserSchema,
  UtcDaySchema,
  type Community,
  type CommunitySettings,
  type Membership,
  type User,
} from './accounts.schemas';
import { integrationEventAddress } from './integrations.events';

const exampleTime = '2026-11-28T12:00:00.000Z';
const aliceId = '01KB2Y6ZJ8ZQ0V7M3N4P5Q6R7S';
const telegramIdentity = {
  provider: 'telegram',
  externalId: '123456789',
  communityId: null,
  linkedAt: exampleTime,
};
const minecraftIdentity = {
  provider: 'minecraft',
  externalId: '069a79f4-44e9-4726-a5be-fca90e38aaf5',
  communityId: 'tg-1001234567890',
  linkedAt: exampleTime,
};

const exampleUser: User = {
  id: aliceId,
  username: 'Alice',
  displayName: 'Alice Liddell',
  language: 'en',
  identities: [telegramIdentity],
  createdAt: exampleTime,
  updatedAt: exampleTime,
};

const exampleCommunity: Community = {
  id: 'tg-1001234567890',
  title: 'Wonderland',
  telegramChatId: '-1001234567890',
  createdAt: exampleTime,
  updatedAt: exampleTime,
};

const exampleMembership: Membership = {
  communityId: 'tg-1001234567890',
  userId: aliceId,
  role: 'member',
  status: 'active',
  joinedAt: exampleTime,
  leftAt: null,
  updatedAt: exampleTime,
};

/** identity.linked: the user with all its identities after the link, and the identity just linked. */
export const IdentityLinkedDataSchema = z.strictObject({ user: UserSchema, identity: IdentitySchema });

export const REWARD_KINDS = ['message', 'daily'] as const;
export const RewardKindSchema = z.enum(REWARD_KINDS);
export type RewardKind = z.infer<typeof RewardKindSchema>;

/**
 * activity.rewarded: a reward accounts decided, with everything the ledger needs to mint it. The mint id
 * is stable per message or per member and day, so minting it again returns the first transfer.
 */
export const ActivityRewardedDataSchema = z.strictObject({
  /** The ledger transfer id of the mint. */
  mintId: TransferIdSchema,
  communityId: CommunityIdSchema,
  /** The member, and the ledger ownerId of their account user:<communityId>:<userId>. */
  userId: UserIdSchema,
  kind: RewardKindSchema,
  amount: AmountSchema,
  memo: MemoSchema,
  /** The UTC day the reward counts in. */
  day: UtcDaySchema,
  rewardedAt: IsoTimeSchema,
});
export type ActivityRewarded = z.infer<typeof ActivityRewardedDataSchema>;

/**
 * The mint id of a member's daily bonus: one per member per UTC day. The tg- prefix is historical (the
 * Telegram gateway minted these ids itself before), kept so those mints stay idempotent with new ones.
 */
export function dailyRewardMintId(communityId: string, userId: string, day: string): string {
  return `tg-daily:${communityId}:${userId}:${day}`;
}

const USER_EVENT_NOTE = `communityid is '${GLOBAL_COMMUNITY_ID}' (a user belongs to no one community); subject is the user id.`;
const COMMUNITY_EVENT_NOTE = 'communityid and subject are the community id.';
const MEMBERSHIP_EVENT_NOTE = 'communityid is the community id; subject is the user id.';

export const AccountsEvents = {
  userCreated: defineEvent({
    type: 'tk.evt.accounts.user.created',
    summary: `A user was created, with the identity it was created by. Data: the user. ${USER_EVENT_NOTE}`,
    data: UserSchema,
    example: exampleUser,
  }),
  userUpdated: defineEvent({
    type: 'tk.evt.accounts.user.updated',
    summary: `A user's username, display name or language changed. Data: the user after the change. ${USER_EVENT_NOTE}`,
    data: UserSchema,
    example: { ...exampleUser, username: 'alice_l', updatedAt: '2026-11-28T12:05:00.000Z' },
  }),
  identityLinked: defineEvent({
    type: 'tk.evt.accounts.identity.linked',
    summary: `Another identity was linked to an existing user. Data: the user after the link and the new identity. ${USER_EVENT_NOTE}`,
    data: IdentityLinkedDataSchema,
    example: {
      user: { ...exampleUser, identities: [telegramIdentity, minecraftIdentity] },
      identity: minecraftIdentity,
    },
  }),
  communityCreated: defineEvent({
    type: 'tk.evt.accounts.community.created',
    summary: `A community was created (the bot was added to a chat or first used there). Data: the community. ${COMMUNITY_EVENT_NOTE}`,
    data: CommunitySchema,
    example: exampleCommunity,
  }),
  communityUpdated: defineEvent({
    type: 'tk.evt.accounts.community.updated',
    summary: `A community's title changed. Data: the community after the change. ${COMMUNITY_EVENT_NOTE}`,
    data: CommunitySchema,
    example: { ...exampleCommunity, title: 'Wonderland Tea Party', updatedAt: '2026-11-28T12:05:00.000Z' },
  }),
  membershipJoined: defineEvent({
    type: 'tk.evt.accounts.membership.joined',
    summary: `A user joined a community, for the first time or again after leaving. Data: the membership. ${MEMBERSHIP_EVENT_NOTE}`,
    data: MembershipSchema,
    example: exampleMembership,
  }),
  membershipLeft: defineEvent({
    type: 'tk.evt.accounts.membership.left',
    summary: `A member left a community. Data: the membership after leaving. ${MEMBERSHIP_EVENT_NOTE}`,
    data: MembershipSchema,
    example: {
      ...exampleMembership,
      status: 'left',
      leftAt: '2026-11-28T13:00:00.000Z',
      updatedAt: '2026-11-28T13:00:00.000Z',
    },
  }),
  membershipRoleChanged: defineEvent({
    type: 'tk.evt.accounts.membership.role-changed',
    summary: `A member's role changed. Data: the membership with its new role. ${MEMBERSHIP_EVENT_NOTE}`,
    data: MembershipSchema,
    example: { ...exampleMembership, role: 'admin', updatedAt: '2026-11-28T12:10:00.000Z' },
  }),
  settingsUpdated: defineEvent({
    type: 'tk.evt.accounts.settings.updated',
    summary: `A community's reward settings or dashboard visibility changed. Data: the settings after the change. ${COMMUNITY_EVENT_NOTE}`,
    data: CommunitySettingsSchema,
    example: {
      communityId: 'tg-1001234567890',
      rewards: {
        ...REWARD_SETTINGS_DEFAULT,
        messageReward: 2,
        messageCooldownMs: 30_000,
        dailyBonus: 20,
      },
      dashboard: { public: true },
      version: 1,
      updatedAt: '2026-11-28T12:15:00.000Z',
    },
  }),
  activityRewarded: defineEvent({
    type: 'tk.evt.accounts.activity.rewarded',
    summary: `A member earned a reward (a message or the daily bonus), decided with the counters in one transaction. The ledger mints it: amount to user:<communityId>:<userId> under mintId, opening the account if needed; mintId is stable, so a redelivery mints once. ${MEMBERSHIP_EVENT_NOTE}`,
    data: ActivityRewardedDataSchema,
    example: {
      mintId: 'tg-reward:-1001234567890:42',
      communityId: 'tg-1001234567890',
      userId: aliceId,
      kind: 'message',
      amount: 1,
      memo: 'message reward',
      day: '2026-11-28',
      rewardedAt: exampleTime,
    },
  }),
};

/**
 * The CloudEvent `subject` and `communityid` of an accounts event, from its data: the service uses this
 * when it writes the event and the AsyncAPI document when it builds the examples.
 */
export function accountsEventAddress(
  spec: EventSpec,
  data: unknown,
): { subject: string; communityId: string } {
  switch (spec.type) {
    case AccountsEvents.userCreated.type:
    case AccountsEvents.userUpdated.type:
      return { subject: (data as User).id, communityId: GLOBAL_COMMUNITY_ID };
    case AccountsEvents.identityLinked.type:
      return { subject: (data as { user: User }).user.id, communityId: GLOBAL_COMMUNITY_ID };
    case AccountsEvents.communityCreated.type:
    case AccountsEvents.communityUpdated.type:
      return { subject: (data as Community).id, communityId: (data as Community).id };
    case AccountsEvents.settingsUpdated.type: {
      const { communityId } = data as CommunitySettings;
      return { subject: communityId, communityId };
    }
    case AccountsEvents.membershipJoined.type:
    case AccountsEvents.membershipLeft.type:
    case AccountsEvents.membershipRoleChanged.type:
      return { subject: (data as Membership).userId, communityId: (data as Membership).communityId };
    case AccountsEvents.activityRewarded.type: {
      const { userId, communityId } = data as ActivityRewarded;
      return { subject: userId, communityId };
    }
    default: {
      const address = integrationEventAddress(spec, data);
      if (address === null) throw new Error(`${spec.type} is not an accounts event`);
      return address;
    }
  }
}

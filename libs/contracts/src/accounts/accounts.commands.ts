import { z } from 'zod';
import { defineCommand } from '../command';
import { CommunityIdSchema, CursorSchema, IsoTimeSchema, PageSizeSchema } from '../primitives';
import {
  checkIdentityScope,
  BARRED_USERS_MAX,
  CommunitySchema,
  CommunitySettingsSchema,
  DashboardSettingsSchema,
  CommunityTitleSchema,
  DisplayNameSchema,
  ExternalIdSchema,
  GameProviderSchema,
  GLOBAL_COMMUNITY_ID,
  IdentityRefSchema,
  isTelegramCommunityId,
  LanguageSchema,
  LINK_CODE_LIMITS,
  LinkCodeIssuedSchema,
  LinkCodeSchema,
  MembershipRoleSchema,
  MembershipEnsuredSchema,
  MembershipSchema,
  MembershipStatusSchema,
  MessageOutcomeSchema,
  RewardSettingsShape,
  PROVIDER_TELEGRAM,
  ProviderSchema,
  telegramCommunityId,
  TelegramChatIdSchema,
  UserIdSchema,
  UsernameQuerySchema,
  UsernameSchema,
  UserMembershipsSchema,
  UserSchema,
  USER_MEMBERSHIPS_MAX,
  UtcDaySchema,
} from './accounts.schemas';

/**
 * What the examples run against, in ACCOUNTS_EXAMPLE_ORDER, on a fresh accounts service: alice's user
 * id is chosen by the user.upsert example, so the later examples can name her.
 */
const EX = {
  aliceId: '01KB2Y6ZJ8ZQ0V7M3N4P5Q6R7S',
  aliceTelegramId: '123456789',
  /** Made by the service: the walkthrough takes the code from linkcode.create's reply in place of this one. */
  linkCode: 'K7Q2-9XF3',
  chatId: '-1001234567890',
  community: 'tg-1001234567890',
} as const;

export const ACCOUNTS_EXAMPLES = EX;

const UserRefSchema = z.strictObject({ userId: UserIdSchema });
const MembershipRefSchema = z.strictObject({ communityId: CommunityIdSchema, userId: UserIdSchema });

const UserUpsertRequestSchema = z.strictObject({
  identity: IdentityRefSchema,
  /** Only used when the user is created (imports, retry-safe creation); must match an existing user. */
  userId: UserIdSchema.optional(),
  /** Left out: unchanged (null on creation). null: cleared. */
  username: UsernameSchema.nullable().optional(),
  displayName: DisplayNameSchema,
  /** Left out: unchanged ('en' on creation). */
  language: LanguageSchema.optional(),
});

const CommunityUpsertRequestSchema = z
  .strictObject({
    id: CommunityIdSchema.optional(),
    telegramChatId: TelegramChatIdSchema.optional(),
    title: CommunityTitleSchema,
  })
  .superRefine((value, ctx) => {
    if (value.telegramChatId !== undefined) {
      const derived = telegramCommunityId(value.telegramChatId);
      if (value.id !== undefined && value.id !== derived) {
        ctx.addIssue({
          code: 'custom',
          path: ['id'],
          message: `must be left out or be ${derived}: a Telegram chat's community id is tg + its chat id`,
        });
      }
      return;
    }
    if (value.id === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['id'],
        message: 'is required without telegramChatId (give one of them)',
      });
    } else if (isTelegramCommunityId(value.id)) {
      ctx.addIssue({
        code: 'custom',
        path: ['id'],
        message: 'is reserved for Telegram chats (tg + chat id); give telegramChatId instead',
      });
    } else if (value.id === GLOBAL_COMMUNITY_ID) {
      ctx.addIssue({
        code: 'custom',
        path: ['id'],
        message: `'${GLOBAL_COMMUNITY_ID}' is reserved (it marks events about no community); choose another id`,
      });
    }
  });

/**
 * The community membership.ensure joins: an existing one by communityId (NOT_FOUND when unknown), or a
 * Telegram chat's, created or retitled as community.upsert does.
 */
const EnsuredCommunitySchema = z
  .strictObject({
    communityId: CommunityIdSchema.optional(),
    telegramChatId: TelegramChatIdSchema.optional(),
    title: CommunityTitleSchema.optional(),
  })
  .superRefine((value, ctx) => {
    if (value.telegramChatId === undefined) {
      if (value.communityId === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['communityId'],
          message: 'is required without telegramChatId (give one of them)',
        });
      }
      if (value.title !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['title'],
          message:
            'is only for a Telegram chat (with telegramChatId); an existing community keeps its title (change it with tk.cmd.accounts.community.upsert)',
        });
      }
      return;
    }
    if (value.title === undefined) {
      ctx.addIssue({ code: 'custom', path: ['title'], message: 'is required with telegramChatId' });
    }
    const derived = telegramCommunityId(value.telegramChatId);
    if (value.communityId !== undefined && value.communityId !== derived) {
      ctx.addIssue({
        code: 'custom',
        path: ['communityId'],
        message: `must be left out or be ${derived}: a Telegram chat's community id is tg + its chat id`,
      });
    }
  });

/** The community id an ensured community names (the request schema guarantees one of the two). */
export function ensuredCommunityId(community: { communityId?: string; telegramChatId?: string }): string {
  return community.telegramChatId === undefined
    ? community.communityId!
    : telegramCommunityId(community.telegramChatId);
}

const EnsuredUserSchema = z.strictObject({
  /** A game's identity names the community being joined: the one that vouches for it. */
  identity: IdentityRefSchema,
  /** The id a new user gets (chosen by the caller, so a retry cannot make two); ignored for an existing one. */
  newUserId: UserIdSchema.optional(),
  /** Left out: unchanged (null on creation). null: cleared. */
  username: UsernameSchema.nullable().optional(),
  displayName: DisplayNameSchema,
  /** Left out: unchanged ('en' on creation). */
  language: LanguageSchema.optional(),
  /**
   * update: an existing user's profile is brought up to date, as user.upsert does (the bot, which
   * Telegram vouches profiles for). keep: an existing user is answered as they are (a game's key must not
   * rewrite the profile of a user who may be a Telegram member).
   */
  profile: z.enum(['update', 'keep']).default('update'),
});

const MembershipEnsureRequestSchema = z
  .strictObject({ community: EnsuredCommunitySchema, user: EnsuredUserSchema })
  .superRefine((value, ctx) => {
    const scope = value.user.identity.communityId;
    const { communityId: named, telegramChatId } = value.community;
    // Without either, the community's own check has named the missing field.
    if (scope === undefined || (named === undefined && telegramChatId === undefined)) return;
    const communityId = ensuredCommunityId(value.community);
    if (scope !== communityId) {
      ctx.addIssue({
        code: 'custom',
        path: ['user', 'identity', 'communityId'],
        message: `must be ${communityId}, the community being joined: a game's identity is kept in the community that vouches for it`,
      });
    }
  });

/** settings.set: any subset of the reward fields; the rest keep their values. */
const RewardSettingsPatchSchema = z
  .strictObject(
    Object.fromEntries(
      Object.entries(RewardSettingsShape).map(([key, schema]) => [key, schema.optional()]),
    ) as { [K in keyof typeof RewardSettingsShape]: z.ZodOptional<(typeof RewardSettingsShape)[K]> },
  )
  .refine((patch) => Object.keys(patch).length > 0, { error: 'must change at least one field' });

const UserIdListSchema = z
  .array(UserIdSchema)
  .min(1, { error: 'must list at least one user' })
  .max(BARRED_USERS_MAX, { error: `must list at most ${BARRED_USERS_MAX} users` });

export const SettingsSetRequestSchema = z
  .strictObject({
    communityId: CommunityIdSchema,
    rewards: RewardSettingsPatchSchema.optional(),
    /** Added to rewards.barredUserIds (after the patch), so two admins barring at once both count. */
    bar: UserIdListSchema.optional(),
    /** Removed from rewards.barredUserIds. */
    unbar: UserIdListSchema.optional(),
    /** Whether the public dashboard is open to anyone. */
    dashboard: DashboardSettingsSchema.optional(),
  })
  .superRefine((value, ctx) => {
    if (
      value.rewards === undefined &&
      value.bar === undefined &&
      value.unbar === undefined &&
      value.dashboard === undefined
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['rewards'],
        message: 'is required (or bar / unbar / dashboard)',
      });
    }
  });

/** Text is sent as a digest: the service compares messages without ever storing what members wrote. */
const TextHashSchema = z.string().regex(/^[0-9a-f]{64}$/, {
  error: 'must be the SHA-256 (64 lower-case hex digits) of the normalized text',
});

export const ActivityRecordResponseSchema = z.strictObject({
  /** Whether this message earns `amount` tickets; the caller mints them, idempotently by message. */
  earns: z.boolean(),
  outcome: MessageOutcomeSchema,
  amount: z.int().nonnegative(),
  /** The same messageKey again: the first answer, unchanged (so a redelivered update decides nothing new). */
  replayed: z.boolean(),
  day: UtcDaySchema,
  rewardsToday: z.int().nonnegative(),
});

export const ActivityDailyResponseSchema = z.strictObject({
  /** false: today's bonus was claimed before; the rest describes that claim. */
  firstClaim: z.boolean(),
  /** false for members barred from earning. */
  barred: z.boolean(),
  day: UtcDaySchema,
  streak: z.int().nonnegative(),
  amount: z.int().nonnegative(),
  /** The start of the next UTC day, when the next claim opens. */
  nextClaimAt: IsoTimeSchema,
});

const PageSchema = <T extends z.ZodType>(item: T) =>
  z.strictObject({ items: z.array(item), nextCursor: CursorSchema.nullable() });

export const AccountsCommands = {
  userUpsert: defineCommand({
    subject: 'tk.cmd.accounts.user.upsert',
    summary:
      "Create the user of an identity, or update its profile (idempotent). A game's identity names the community that vouches for it and is that community's alone. A username taken from another user is cleared there.",
    request: UserUpsertRequestSchema,
    response: UserSchema,
    example: {
      identity: { provider: PROVIDER_TELEGRAM, externalId: EX.aliceTelegramId },
      userId: EX.aliceId,
      username: 'Alice',
      displayName: 'Alice Liddell',
      language: 'en',
    },
  }),
  userGet: defineCommand({
    subject: 'tk.cmd.accounts.user.get',
    summary: 'Read one user by id, with its identities.',
    request: UserRefSchema,
    response: UserSchema,
    example: { userId: EX.aliceId },
  }),
  userFind: defineCommand({
    subject: 'tk.cmd.accounts.user.find',
    summary:
      "Find the user of an identity: a Telegram user id, or a game's player id within the community that vouches for it (another community's link of the same player id is not found).",
    request: IdentityRefSchema,
    response: UserSchema,
    example: { provider: PROVIDER_TELEGRAM, externalId: EX.aliceTelegramId },
  }),
  userLookup: defineCommand({
    subject: 'tk.cmd.accounts.user.lookup',
    summary: "Find an active member of a community by @username (case-insensitive; the '@' is optional).",
    request: z.strictObject({ communityId: CommunityIdSchema, username: UsernameQuerySchema }),
    response: UserSchema,
    example: { communityId: EX.community, username: '@alice' },
  }),
  identityLink: defineCommand({
    subject: 'tk.cmd.accounts.identity.link',
    summary:
      "Link another identity to a user (idempotent), for operators: a game's player id is linked within communityId (required for every provider but telegram). CONFLICT when another user has it there.",
    request: z
      .strictObject({
        userId: UserIdSchema,
        provider: ProviderSchema,
        externalId: ExternalIdSchema,
        communityId: CommunityIdSchema.optional(),
      })
      .superRefine(checkIdentityScope),
    response: UserSchema,
    example: {
      userId: EX.aliceId,
      provider: 'minecraft',
      externalId: '069a79f4-44e9-4726-a5be-fca90e38aaf5',
      communityId: EX.community,
    },
  }),
  linkCodeCreate: defineCommand({
    subject: 'tk.cmd.accounts.linkcode.create',
    summary: `Make a one-time code with which a game links one of its identities to this user (the bot asks for it on a member's /link <provider>). The reply holds the code, once: only its SHA-256 is kept. It expires after ${LINK_CODE_LIMITS.ttlMs / 60_000} minutes and is used once; a new code for the same provider replaces the previous one; LIMIT_EXCEEDED past ${LINK_CODE_LIMITS.pendingPerUserMax} providers waiting at once.`,
    request: z.strictObject({ userId: UserIdSchema, provider: GameProviderSchema }),
    response: LinkCodeIssuedSchema,
    example: { userId: EX.aliceId, provider: 'steam' },
  }),
  linkCodeRedeem: defineCommand({
    subject: 'tk.cmd.accounts.linkcode.redeem',
    summary: `Redeem a link code for a community's game: the identity is linked, within communityId, to the user who asked for the code, who must be an active member of communityId. LINK_CODE_INVALID for a wrong, expired, used or foreign code (alike); CONFLICT when another user has the identity in communityId (a link of the same player id in another community is no obstacle, and stays that community's); RATE_LIMITED (reason link_code_failures) after ${LINK_CODE_LIMITS.failuresPerCommunityMax} wrong codes of a community within ${LINK_CODE_LIMITS.failureWindowMs / 60_000} minutes. Redeeming the same code for the same identity again in the same community answers the user again (in another community it is LINK_CODE_INVALID: a code links in one community).`,
    request: z.strictObject({
      communityId: CommunityIdSchema,
      provider: GameProviderSchema,
      externalId: ExternalIdSchema,
      code: LinkCodeSchema,
    }),
    response: UserSchema,
    example: {
      communityId: EX.community,
      provider: 'steam',
      externalId: '76561197960287930',
      code: EX.linkCode,
    },
  }),
  communityUpsert: defineCommand({
    subject: 'tk.cmd.accounts.community.upsert',
    summary:
      'Create a community or update its title (idempotent): by telegramChatId (id = tg + chat id) or by a chosen id.',
    request: CommunityUpsertRequestSchema,
    response: CommunitySchema,
    example: { telegramChatId: EX.chatId, title: 'Wonderland' },
  }),
  communityGet: defineCommand({
    subject: 'tk.cmd.accounts.community.get',
    summary: 'Read one community.',
    request: z.strictObject({ communityId: CommunityIdSchema }),
    response: CommunitySchema,
    example: { communityId: EX.community },
  }),
  membershipJoin: defineCommand({
    subject: 'tk.cmd.accounts.membership.join',
    summary:
      'Make a user an active member (idempotent); a member who left joins again with the given role (member by default).',
    request: z.strictObject({
      communityId: CommunityIdSchema,
      userId: UserIdSchema,
      role: MembershipRoleSchema.optional(),
    }),
    response: MembershipSchema,
    example: { communityId: EX.community, userId: EX.aliceId },
  }),
  membershipEnsure: defineCommand({
    subject: 'tk.cmd.accounts.membership.ensure',
    summary:
      "Make the user of an identity an active member of a community, in one transaction (idempotent): the community is created or retitled when it is a Telegram chat's (an existing one is named by communityId), the user created or (profile update) brought up to date, and a new or returning member joins as member; an active member stays as is. Emits what community.upsert, user.upsert and membership.join would. The answer names the member's ledger account, which the ledger opens on first use.",
    request: MembershipEnsureRequestSchema,
    response: MembershipEnsuredSchema,
    example: {
      community: { telegramChatId: EX.chatId, title: 'Wonderland' },
      user: {
        identity: { provider: PROVIDER_TELEGRAM, externalId: EX.aliceTelegramId },
        username: 'Alice',
        displayName: 'Alice Liddell',
        language: 'en',
      },
    },
  }),
  membershipRole: defineCommand({
    subject: 'tk.cmd.accounts.membership.role',
    summary: "Set an active member's role: member, admin or owner.",
    request: z.strictObject({
      communityId: CommunityIdSchema,
      userId: UserIdSchema,
      role: MembershipRoleSchema,
    }),
    response: MembershipSchema,
    example: { communityId: EX.community, userId: EX.aliceId, role: 'admin' },
  }),
  membershipGet: defineCommand({
    subject: 'tk.cmd.accounts.membership.get',
    summary: "Read a user's membership of a community (active or left).",
    request: MembershipRefSchema,
    response: MembershipSchema,
    example: { communityId: EX.community, userId: EX.aliceId },
  }),
  membershipList: defineCommand({
    subject: 'tk.cmd.accounts.membership.list',
    summary:
      "List a community's memberships in user id order, a page at a time; active ones unless status says otherwise.",
    request: z.strictObject({
      communityId: CommunityIdSchema,
      role: MembershipRoleSchema.optional(),
      status: MembershipStatusSchema.default('active'),
      cursor: CursorSchema.optional(),
      limit: PageSizeSchema.optional(),
    }),
    response: PageSchema(MembershipSchema),
    example: { communityId: EX.community, role: 'admin', limit: 10 },
  }),
  userMemberships: defineCommand({
    subject: 'tk.cmd.accounts.user.memberships',
    summary:
      'List the communities a user is an active member of, the most recently joined first, at most limit; every community partition is asked, and complete says whether all answered and none had more.',
    request: z.strictObject({
      userId: UserIdSchema,
      limit: z.int().min(1).max(USER_MEMBERSHIPS_MAX).default(USER_MEMBERSHIPS_MAX),
    }),
    response: UserMembershipsSchema,
    example: { userId: EX.aliceId, limit: 10 },
  }),
  membershipLeave: defineCommand({
    subject: 'tk.cmd.accounts.membership.leave',
    summary: 'Mark a membership as left (idempotent); the user can join again later.',
    request: MembershipRefSchema,
    response: MembershipSchema,
    example: { communityId: EX.community, userId: EX.aliceId },
  }),
  settingsGet: defineCommand({
    subject: 'tk.cmd.accounts.settings.get',
    summary:
      "A community's reward settings and dashboard visibility (the defaults, version 0, until an admin sets one; the dashboard is private by default).",
    request: z.strictObject({ communityId: CommunityIdSchema }),
    response: CommunitySettingsSchema,
    example: { communityId: EX.community },
  }),
  settingsSet: defineCommand({
    subject: 'tk.cmd.accounts.settings.set',
    summary:
      "Change some of a community's reward settings (the rest keep their values), bar or unbar members from earning, or make the public dashboard public or private.",
    request: SettingsSetRequestSchema,
    response: CommunitySettingsSchema,
    example: {
      communityId: EX.community,
      rewards: { messageReward: 2, messageCooldownMs: 30_000, dailyBonus: 20 },
    },
  }),
  activityRecord: defineCommand({
    subject: 'tk.cmd.accounts.activity.record',
    summary:
      "Record a member's message and decide, atomically, whether it earns a reward: barred members, short texts, a repeat of their previous text, the cooldown and the daily cap earn nothing. The same messageKey again gets the first answer.",
    request: z.strictObject({
      communityId: CommunityIdSchema,
      userId: UserIdSchema,
      /** Unique per message, e.g. tg:<chatId>:<messageId>. */
      messageKey: z.string().regex(/^[A-Za-z0-9_.:-]{1,128}$/, {
        error: 'must be 1-128 characters of A-Z, a-z, 0-9, _, ., : or -',
      }),
      textHash: TextHashSchema,
      /** Characters of the normalized text (trimmed, spaces collapsed). */
      textLength: z.int().nonnegative().max(100_000),
    }),
    response: ActivityRecordResponseSchema,
    example: {
      communityId: EX.community,
      userId: EX.aliceId,
      messageKey: `tg:${EX.chatId}:42`,
      textHash: 'a591a6d40bf420404a011733cfb7b190d62c65bf0bcda32b57b277d9ad9f146e',
      textLength: 24,
    },
  }),
  activityDaily: defineCommand({
    subject: 'tk.cmd.accounts.activity.daily',
    summary:
      "Claim a member's daily bonus: once per UTC day, more for each consecutive day up to the streak limit. A second claim the same day returns the first one with firstClaim false.",
    request: MembershipRefSchema,
    response: ActivityDailyResponseSchema,
    example: { communityId: EX.community, userId: EX.aliceId },
  }),
};

/** The order in which the examples succeed one after another on a fresh accounts service. */
export const ACCOUNTS_EXAMPLE_ORDER: (keyof typeof AccountsCommands)[] = [
  'userUpsert',
  'userGet',
  'userFind',
  'communityUpsert',
  'communityGet',
  'identityLink',
  'membershipJoin',
  'membershipEnsure',
  'userLookup',
  'linkCodeCreate',
  'linkCodeRedeem',
  'membershipRole',
  'membershipGet',
  'membershipList',
  'userMemberships',
  'settingsGet',
  'settingsSet',
  'activityRecord',
  'activityDaily',
  'membershipLeave',
];

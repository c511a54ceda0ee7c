import { z } from 'zod';
import { defineCommand } from '../command';
import { CommunityIdSchema, CursorSchema, PageSizeSchema } from '../primitives';
import {
  checkTelegramExternalId,
  CommunitySchema,
  CommunityTitleSchema,
  DisplayNameSchema,
  ExternalIdSchema,
  GLOBAL_COMMUNITY_ID,
  IdentityRefSchema,
  isTelegramCommunityId,
  LanguageSchema,
  MembershipRoleSchema,
  MembershipSchema,
  MembershipStatusSchema,
  PROVIDER_TELEGRAM,
  ProviderSchema,
  telegramCommunityId,
  TelegramChatIdSchema,
  UserIdSchema,
  UsernameQuerySchema,
  UsernameSchema,
  UserSchema,
} from './accounts.schemas';

/**
 * What the examples run against, in ACCOUNTS_EXAMPLE_ORDER, on a fresh accounts service: alice's user
 * id is chosen by the user.upsert example, so the later examples can name her.
 */
const EX = {
  aliceId: '01KB2Y6ZJ8ZQ0V7M3N4P5Q6R7S',
  aliceTelegramId: '123456789',
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

const PageSchema = <T extends z.ZodType>(item: T) =>
  z.strictObject({ items: z.array(item), nextCursor: CursorSchema.nullable() });

export const AccountsCommands = {
  userUpsert: defineCommand({
    subject: 'tk.cmd.accounts.user.upsert',
    summary:
      'Create the user of an identity, or update its profile (idempotent). A username taken from another user is cleared there.',
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
    summary: 'Find the user of an identity (provider + external id), such as a Telegram user id.',
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
      'Link another identity (e.g. a game player id) to a user (idempotent); CONFLICT when it belongs to another user.',
    request: z
      .strictObject({ userId: UserIdSchema, provider: ProviderSchema, externalId: ExternalIdSchema })
      .superRefine(checkTelegramExternalId),
    response: UserSchema,
    example: {
      userId: EX.aliceId,
      provider: 'minecraft',
      externalId: '069a79f4-44e9-4726-a5be-fca90e38aaf5',
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
  membershipLeave: defineCommand({
    subject: 'tk.cmd.accounts.membership.leave',
    summary: 'Mark a membership as left (idempotent); the user can join again later.',
    request: MembershipRefSchema,
    response: MembershipSchema,
    example: { communityId: EX.community, userId: EX.aliceId },
  }),
};

/** The order in which the examples succeed one after another on a fresh accounts service. */
export const ACCOUNTS_EXAMPLE_ORDER: (keyof typeof AccountsCommands)[] = [
  'userUpsert',
  'userGet',
  'userFind',
  'identityLink',
  'communityUpsert',
  'communityGet',
  'membershipJoin',
  'userLookup',
  'membershipRole',
  'membershipGet',
  'membershipList',
  'membershipLeave',
];

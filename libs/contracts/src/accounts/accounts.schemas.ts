import { z } from 'zod';
import { AccountIdSchema, CommunityIdSchema, IsoTimeSchema } from '../primitives';

/** Crockford base32, 26 characters, first one 0-7: what the `ulid` package produces. */
export const USER_ID_PATTERN = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/;
export const UserIdSchema = z
  .string()
  .regex(USER_ID_PATTERN, { error: 'must be a user id (a 26-character ULID) as returned by user.upsert' });

export const PROVIDER_TELEGRAM = 'telegram';
export const ProviderSchema = z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/, {
  error: 'must be 1-32 characters of a-z, 0-9, _ or -, starting with a letter (e.g. telegram, minecraft)',
});
export const ExternalIdSchema = z
  .string()
  .regex(/^[\x21-\x7e]{1,128}$/, { error: 'must be 1-128 printable ASCII characters without spaces' });

/** A Telegram user id, written as a decimal string. */
const TELEGRAM_USER_ID = /^[1-9][0-9]{0,19}$/;

/**
 * Where an identity is kept. A Telegram identity is global: the bot proves it, so it is one user's
 * everywhere, and names no community. A game's identity is vouched for by the community whose game server
 * registered or linked it, so it names that community and is found through it alone: the same player id
 * in two communities may be two users, and a key of one community cannot claim a player of another.
 * A Telegram identity's external id must also be the Telegram user id; games choose their own.
 */
export function checkIdentityScope(
  value: { provider: string; externalId: string; communityId?: string | undefined },
  ctx: z.RefinementCtx,
): void {
  if (value.provider === PROVIDER_TELEGRAM) {
    if (!TELEGRAM_USER_ID.test(value.externalId)) {
      ctx.addIssue({
        code: 'custom',
        path: ['externalId'],
        message: 'must be the Telegram user id as a decimal string, such as "123456789"',
      });
    }
    if (value.communityId !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['communityId'],
        message: 'must be left out for telegram: a Telegram identity is the same user in every community',
      });
    }
  } else if (value.communityId === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['communityId'],
      message: `is required for a ${value.provider} identity: name the community whose game vouches for it`,
    });
  }
}

/**
 * Who a user is at a provider: `telegram` with the Telegram user id as a string, or a game's player id
 * with the community whose game knows the player by it.
 */
export const IdentityRefSchema = z
  .strictObject({
    provider: ProviderSchema,
    externalId: ExternalIdSchema,
    /** Required for every provider but telegram, left out for telegram. */
    communityId: CommunityIdSchema.optional(),
  })
  .superRefine(checkIdentityScope);
export type IdentityRef = z.output<typeof IdentityRefSchema>;

export const IdentitySchema = z.strictObject({
  provider: ProviderSchema,
  externalId: ExternalIdSchema,
  /** The community that vouches for a game's identity; null for telegram (global). */
  communityId: CommunityIdSchema.nullable(),
  linkedAt: IsoTimeSchema,
});
export type Identity = z.infer<typeof IdentitySchema>;

export const USERNAME_LENGTH_MAX = 32;
/** Stored as given, compared case-insensitively; unique (case-insensitively) across users. */
export const UsernameSchema = z.string().regex(/^[A-Za-z0-9_]{1,32}$/, {
  error: 'must be 1-32 characters of A-Z, a-z, 0-9 or _, without the leading @',
});
/** A username to look up: a leading '@' is accepted and ignored. */
export const UsernameQuerySchema = z.string().regex(/^@?[A-Za-z0-9_]{1,32}$/, {
  error: 'must be a username of 1-32 characters of A-Z, a-z, 0-9 or _, with or without a leading @',
});

export const DISPLAY_NAME_LENGTH_MAX = 128;
export const DisplayNameSchema = z
  .string()
  .trim()
  .min(1, { error: 'must not be empty' })
  .max(DISPLAY_NAME_LENGTH_MAX, { error: `must be at most ${DISPLAY_NAME_LENGTH_MAX} characters` });

/** A BCP-47-ish short language code, such as en, ru or pt-BR (Telegram's language_code fits). */
export const LanguageSchema = z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}$/, {
  error: 'must be a language code such as en, ru or pt-BR',
});
export const LANGUAGE_DEFAULT = 'en';

export const UserSchema = z.strictObject({
  id: UserIdSchema,
  username: UsernameSchema.nullable(),
  displayName: DisplayNameSchema,
  language: LanguageSchema,
  identities: z.array(IdentitySchema),
  createdAt: IsoTimeSchema,
  updatedAt: IsoTimeSchema,
});
export type User = z.infer<typeof UserSchema>;

/** The communityid of events about no community in particular (users and identities). */
export const GLOBAL_COMMUNITY_ID = 'global';
/** A Telegram chat's community id is `tg` + the chat id: chat -1001234567890 is `tg-1001234567890`. */
export const TELEGRAM_COMMUNITY_PREFIX = 'tg';
export const TelegramChatIdSchema = z.string().regex(/^-?[1-9][0-9]{0,19}$/, {
  error: 'must be the Telegram chat id as a decimal string, such as "-1001234567890"',
});

export function telegramCommunityId(chatId: string): string {
  return `${TELEGRAM_COMMUNITY_PREFIX}${chatId}`;
}

/** Whether an id has the shape reserved for Telegram chats (`tg` followed by a chat id). */
export function isTelegramCommunityId(id: string): boolean {
  return /^tg-?[0-9]+$/.test(id);
}

export const COMMUNITY_TITLE_LENGTH_MAX = 256;
export const CommunityTitleSchema = z
  .string()
  .trim()
  .min(1, { error: 'must not be empty' })
  .max(COMMUNITY_TITLE_LENGTH_MAX, { error: `must be at most ${COMMUNITY_TITLE_LENGTH_MAX} characters` });

export const CommunitySchema = z.strictObject({
  id: CommunityIdSchema,
  title: CommunityTitleSchema,
  telegramChatId: TelegramChatIdSchema.nullable(),
  createdAt: IsoTimeSchema,
  updatedAt: IsoTimeSchema,
});
export type Community = z.infer<typeof CommunitySchema>;

export const MEMBERSHIP_ROLES = ['member', 'admin', 'owner'] as const;
export const MembershipRoleSchema = z.enum(MEMBERSHIP_ROLES);
export type MembershipRole = z.infer<typeof MembershipRoleSchema>;

export const MEMBERSHIP_STATUSES = ['active', 'left'] as const;
export const MembershipStatusSchema = z.enum(MEMBERSHIP_STATUSES);
export type MembershipStatus = z.infer<typeof MembershipStatusSchema>;

export const MembershipSchema = z.strictObject({
  communityId: CommunityIdSchema,
  userId: UserIdSchema,
  role: MembershipRoleSchema,
  status: MembershipStatusSchema,
  /** When the current (or last) stay began: a re-join after leaving starts a new one. */
  joinedAt: IsoTimeSchema,
  leftAt: IsoTimeSchema.nullable(),
  updatedAt: IsoTimeSchema,
});
export type Membership = z.infer<typeof MembershipSchema>;

/** The most communities user.memberships lists: a wallet's community picker, not an export. */
export const USER_MEMBERSHIPS_MAX = 50;

/** user.memberships's answer: the user's active memberships with each community's title. */
export const UserMembershipsSchema = z.strictObject({
  items: z
    .array(
      z.strictObject({
        communityId: CommunityIdSchema,
        title: z.string(),
        role: MembershipRoleSchema,
        joinedAt: IsoTimeSchema,
      }),
    )
    .max(USER_MEMBERSHIPS_MAX),
  /** False when a partition did not answer (try again) or the user has more than the limit. */
  complete: z.boolean(),
});
export type UserMemberships = z.infer<typeof UserMembershipsSchema>;

/**
 * membership.ensure's answer: everything a gateway needs to act for the member. accountId is the member's
 * derived ledger account id (user:<communityId>:<userId>); the ledger opens it from membership.joined, or
 * on its first use by a transfer, hold or mint, so it can be named at once.
 */
export const MembershipEnsuredSchema = z.strictObject({
  user: UserSchema,
  communityId: CommunityIdSchema,
  membership: MembershipSchema,
  accountId: AccountIdSchema,
});
export type MembershipEnsured = z.infer<typeof MembershipEnsuredSchema>;

/** A count of tickets a rule gives (0 turns the reward off). */
const rewardAmount = (max: number) =>
  z
    .int({ error: 'must be a whole number of tickets' })
    .min(0, { error: 'must not be negative' })
    .max(max, { error: `must be at most ${max}` });
const bounded = (min: number, max: number, unit: string) =>
  z
    .int({ error: `must be a whole number of ${unit}` })
    .min(min, { error: `must be at least ${min}` })
    .max(max, { error: `must be at most ${max}` });

export const BARRED_USERS_MAX = 1000;
export const REWARD_AMOUNT_MAX = 1_000_000;
export const DAY_MS = 86_400_000;

/**
 * A community's rules for earning tickets: each field with its bounds. Kept by the accounts service, so
 * every gateway replica applies the same ones. Limits on payments between members (smallest, largest,
 * daily caps) are the ledger's money policy, not these.
 */
export const RewardSettingsShape = {
  /** Tickets per rewarded message (0: messages earn nothing). */
  messageReward: rewardAmount(REWARD_AMOUNT_MAX),
  /** Per member: a message earns only this long after their last rewarded one. */
  messageCooldownMs: bounded(0, DAY_MS, 'milliseconds'),
  /** Messages shorter than this (characters, after trimming and collapsing spaces) earn nothing. */
  messageLengthMin: bounded(0, 4096, 'characters'),
  /** Rewarded messages per member per UTC day. */
  dailyMessageRewardsMax: bounded(0, 10_000, 'messages'),
  /** The /daily bonus (0: none). */
  dailyBonus: rewardAmount(REWARD_AMOUNT_MAX),
  /** Extra per consecutive day of /daily, counted up to streakDaysMax days. */
  dailyStreakBonus: rewardAmount(REWARD_AMOUNT_MAX),
  streakDaysMax: bounded(1, 365, 'days'),
  /** Members who earn nothing from messages or /daily. */
  barredUserIds: z
    .array(UserIdSchema)
    .max(BARRED_USERS_MAX, { error: `must list at most ${BARRED_USERS_MAX} users` }),
};
export const RewardSettingsSchema = z.strictObject(RewardSettingsShape);
export type RewardSettings = z.infer<typeof RewardSettingsSchema>;
export type RewardSettingKey = keyof RewardSettings;

export const REWARD_SETTINGS_DEFAULT: RewardSettings = {
  messageReward: 1,
  messageCooldownMs: 60_000,
  messageLengthMin: 10,
  dailyMessageRewardsMax: 50,
  dailyBonus: 10,
  dailyStreakBonus: 2,
  streakDaysMax: 7,
  barredUserIds: [],
};

/**
 * Who may see the community's public dashboard (its members' names, balances and payments). Private until
 * an admin makes it public: a group's members did not agree to have their balances on the web.
 */
export const DashboardSettingsSchema = z.strictObject({
  /** true: /dashboard/<id> and its /public/ JSON and feed are open to anyone; false: they answer 404. */
  public: z.boolean(),
});
export type DashboardSettings = z.infer<typeof DashboardSettingsSchema>;

export const DASHBOARD_SETTINGS_DEFAULT: DashboardSettings = { public: false };

/** A community's settings: its reward rules and dashboard visibility, with a version that grows by one per change. */
export const CommunitySettingsSchema = z.strictObject({
  communityId: CommunityIdSchema,
  rewards: RewardSettingsSchema,
  dashboard: DashboardSettingsSchema,
  /** 0 while the community has the defaults. */
  version: z.int().nonnegative(),
  updatedAt: IsoTimeSchema,
});
export type CommunitySettings = z.infer<typeof CommunitySettingsSchema>;

/** A UTC day, yyyy-mm-dd. */
export const UtcDaySchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be a UTC day yyyy-mm-dd' });

export function utcDayOf(atMs: number): string {
  return new Date(atMs).toISOString().slice(0, 10);
}

export const MESSAGE_OUTCOMES = [
  'rewarded',
  'barred',
  'too-short',
  'repeat',
  'cooldown',
  'daily-cap',
  'off',
] as const;
export const MessageOutcomeSchema = z.enum(MESSAGE_OUTCOMES);
export type MessageOutcome = z.infer<typeof MessageOutcomeSchema>;

/** A game's provider: any but Telegram, whose identities only the bot can vouch for. */
export const GameProviderSchema = ProviderSchema.refine((provider) => provider !== PROVIDER_TELEGRAM, {
  error: 'telegram identities are proven by the Telegram bot only; name a game provider such as minecraft',
});

/**
 * Link codes: what a member asks the bot for (/link <provider>) and a game server redeems, so an identity
 * is linked only to the user who asked. A code is short enough to type in a game's chat; its few bits are
 * enough because it lives minutes, is used once, must belong to a member of the redeeming community, and
 * each community may fail to redeem only so many times per window.
 */
export const LINK_CODE_LIMITS = {
  /** Characters of a code (Crockford base32: 40 bits), shown as two groups of four: K7Q2-9XF3. */
  length: 8,
  /** How long a code can be redeemed after it was made. */
  ttlMs: 600_000,
  /** Codes a user may have waiting at once (one per provider; a new one for a provider replaces the old). */
  pendingPerUserMax: 5,
  /** Wrong codes a community may send per window before its redemptions are refused for a while. */
  failuresPerCommunityMax: 20,
  failureWindowMs: 600_000,
} as const;

/** Crockford base32: no I, L, O or U, so a code read aloud or typed is hard to get wrong. */
export const LINK_CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A code as a player types it: any case, with or without the dash (or a space) in the middle. */
export const LinkCodeSchema = z.string().regex(/^[0-9A-Za-z]{4}[- ]?[0-9A-Za-z]{4}$/, {
  error: 'must be the 8-character code the bot gave the member, such as K7Q2-9XF3',
});

/**
 * The code a typed one stands for: upper case without separators, with O read as 0 and I, L as 1 (the
 * alphabet has none of them, so a misread letter still matches).
 */
export function normalizeLinkCode(typed: string): string {
  return typed.toUpperCase().replace(/[- ]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

export const LinkCodeIssuedSchema = z.strictObject({
  /** The code, shown once: only its digest is kept. */
  code: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/),
  userId: UserIdSchema,
  provider: ProviderSchema,
  expiresAt: IsoTimeSchema,
});
export type LinkCodeIssued = z.infer<typeof LinkCodeIssuedSchema>;

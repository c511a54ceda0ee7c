import { z } from 'zod';
import { CommunityIdSchema, IsoTimeSchema } from '../primitives';

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

/** A Telegram identity's external id must be the Telegram user id; other providers choose their own. */
export function checkTelegramExternalId(
  value: { provider: string; externalId: string },
  ctx: z.RefinementCtx,
): void {
  if (value.provider === PROVIDER_TELEGRAM && !TELEGRAM_USER_ID.test(value.externalId)) {
    ctx.addIssue({
      code: 'custom',
      path: ['externalId'],
      message: 'must be the Telegram user id as a decimal string, such as "123456789"',
    });
  }
}

/** Who a user is at a provider: `telegram` with the Telegram user id as a string, or e.g. a game's player id. */
export const IdentityRefSchema = z
  .strictObject({ provider: ProviderSchema, externalId: ExternalIdSchema })
  .superRefine(checkTelegramExternalId);
export type IdentityRef = z.output<typeof IdentityRefSchema>;

export const IdentitySchema = z.strictObject({
  provider: ProviderSchema,
  externalId: ExternalIdSchema,
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

import {
  CommunityIdSchema,
  CommunityTitleSchema,
  DisplayNameSchema,
  IsoTimeSchema,
  LanguageSchema,
  MembershipRoleSchema,
  UserIdSchema,
  UsernameSchema,
} from '@ticketonomics/contracts';
import { z } from 'zod';

/** Telegram caps initData well below this; more is not a Mini App's. */
export const INIT_DATA_LENGTH_MAX = 8_192;

/** The Mini App's sign-in: Telegram.WebApp.initData as the page got it, untouched. */
export const WebAppSignInBodySchema = z.strictObject({
  initData: z.string().min(1).max(INIT_DATA_LENGTH_MAX),
  /**
   * The community to open, when the page knows it (its URL). initData's start_param (a t.me link's
   * startapp=<communityId>) is used when this is left out.
   */
  communityId: CommunityIdSchema.optional(),
});

const TelegramUserIdSchema = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const WidgetText = z.string().min(1).max(256);

/**
 * The Telegram Login Widget's payload (data-onauth's user object, or the redirect's query parameters as
 * numbers): every field Telegram signed, and hash. communityId is the page's, not signed.
 */
export const LoginWidgetSignInBodySchema = z.strictObject({
  id: TelegramUserIdSchema,
  first_name: WidgetText,
  last_name: WidgetText.optional(),
  username: WidgetText.optional(),
  photo_url: z.string().min(1).max(2_048).optional(),
  auth_date: z.number().int().positive(),
  hash: z.string().regex(/^[0-9a-f]{64}$/, { error: 'must be 64 lowercase hex digits' }),
  communityId: CommunityIdSchema.optional(),
});

export const RefreshSessionBodySchema = z.strictObject({ communityId: CommunityIdSchema.optional() });

/**
 * A member's session: the token to send as `Authorization: Bearer <token>` on the /v1/app routes until
 * expiresAt, who they are, the community to open (the one the sign-in named, by start_param or
 * communityId, when they are a member there; else their only one; else null, and the page asks), and the
 * communities they are an active member of, the most recently joined first (at most
 * USER_MEMBERSHIPS_MAX; communitiesComplete is false when some could not be read just now).
 */
export const AppSessionSchema = z.strictObject({
  token: z.string().min(1),
  tokenType: z.literal('Bearer'),
  expiresAt: IsoTimeSchema,
  sessionExpiresAt: IsoTimeSchema,
  user: z.strictObject({
    id: UserIdSchema,
    displayName: DisplayNameSchema,
    username: UsernameSchema.nullable(),
    language: LanguageSchema,
  }),
  communityId: CommunityIdSchema.nullable(),
  communities: z.array(
    z.strictObject({
      communityId: CommunityIdSchema,
      title: CommunityTitleSchema,
      role: MembershipRoleSchema,
    }),
  ),
  communitiesComplete: z.boolean(),
});

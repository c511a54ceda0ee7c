import {
  AccountsCommands,
  ApiKeyVerifiedSchema,
  CursorSchema,
  DomainError,
  ExternalIdSchema,
  MembershipRoleSchema,
  MembershipSchema,
  MembershipStatusSchema,
  PageSizeSchema,
  GameProviderSchema,
  LINK_CODE_LIMITS,
  LinkCodeSchema,
  PROVIDER_TELEGRAM,
  ProviderSchema,
  UserIdSchema,
  UserSchema,
  AccountIdSchema,
  DisplayNameSchema,
  LanguageSchema,
  type Membership,
  type User,
} from '@ticketonomics/contracts';
import { ulid } from 'ulid';
import { z } from 'zod';
import { communityParams, defineRoute, intFromString, type Commands, KEYED_ERRORS } from '../http/route';
import { EX } from '../openapi/example.ids';
import { memberAccountId } from '../ledger/ledger.routes';

/** A member as an integration sees one: the user, their membership here, and their ledger account. */
export const MemberViewSchema = z.strictObject({
  user: UserSchema,
  membership: MembershipSchema,
  accountId: AccountIdSchema,
});

/**
 * The member view of a user in a community. A user who never joined it is NOT_FOUND, exactly like an
 * unknown one, so a key learns nothing about users of other communities. Only the identities this
 * community vouches for are shown: another community's links of the same user are that community's
 * business, and the Telegram user id is left out (a game knows its players by its own ids; the bot alone
 * addresses members on Telegram).
 */
async function memberView(commands: Commands, communityId: string, userId: string) {
  let membership;
  try {
    membership = await commands.request(AccountsCommands.membershipGet, { communityId, userId });
  } catch (error) {
    if (error instanceof DomainError && error.code === 'NOT_FOUND') throw memberNotFound();
    throw error;
  }
  const user = await commands.request(AccountsCommands.userGet, { userId });
  return memberViewOf(communityId, user, membership);
}

function memberViewOf(communityId: string, user: User, membership: Membership) {
  const identities = user.identities.filter((identity) => identity.communityId === communityId);
  return { user: { ...user, identities }, membership, accountId: memberAccountId(communityId, user.id) };
}

/**
 * A page of memberships, each with the member's display name (as the public dashboard shows it: a short
 * id when accounts cannot say), so a client needs no call per member to show the list.
 */
const MemberListSchema = z.strictObject({
  items: z.array(MembershipSchema.extend({ displayName: z.string() })),
  nextCursor: CursorSchema.nullable(),
});

/** A game's identity: any provider but Telegram, whose identities only the bot can vouch for. */
const GameIdentitySchema = z.strictObject({ provider: GameProviderSchema, externalId: ExternalIdSchema });

/**
 * A player registered by a game. No username: usernames are Telegram @usernames, unique across users, and
 * a username given to one user is taken from whoever had it (accounts moves it), so a key setting one
 * could take a Telegram member's @username and the payments the bot addresses by it.
 */
const RegisterMemberBodySchema = z.strictObject({
  identity: GameIdentitySchema,
  displayName: DisplayNameSchema,
  language: LanguageSchema.optional(),
});

async function findUser(commands: Commands, identity: z.input<typeof AccountsCommands.userFind.request>) {
  try {
    return await commands.request(AccountsCommands.userFind, identity);
  } catch (error) {
    if (error instanceof DomainError && error.code === 'NOT_FOUND') return undefined;
    throw error;
  }
}

function memberNotFound(): DomainError {
  return new DomainError('NOT_FOUND', 'no such member in this community', { field: 'memberId' });
}

export const MEMBER_ROUTES = [
  defineRoute({
    method: 'GET',
    path: '/v1/key',
    operationId: 'getKey',
    tag: 'members',
    scope: null,
    summary: 'The presented API key: its id, community, scopes and rate limit (any valid key may ask).',
    params: z.strictObject({}),
    response: ApiKeyVerifiedSchema,
    errors: ['UNAUTHENTICATED', 'RATE_LIMITED', 'UNAVAILABLE'],
    examples: { ok: {} },
    handle: async ({ key }) => key,
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/communities/:communityId',
    operationId: 'getCommunity',
    tag: 'members',
    scope: 'read',
    summary: 'The community: its id, title and Telegram chat id.',
    params: communityParams(),
    response: AccountsCommands.communityGet.response,
    errors: KEYED_ERRORS,
    examples: { ok: {} },
    handle: ({ params, commands }) =>
      commands.request(AccountsCommands.communityGet, { communityId: params.communityId }),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/communities/:communityId/members',
    operationId: 'listMembers',
    tag: 'members',
    scope: 'read',
    summary:
      "The community's memberships in user id order, a page at a time (active ones unless status says otherwise).",
    params: communityParams(),
    query: z.strictObject({
      role: MembershipRoleSchema.optional(),
      status: MembershipStatusSchema.optional(),
      cursor: CursorSchema.optional(),
      limit: intFromString(PageSizeSchema).optional(),
    }),
    response: MemberListSchema,
    errors: [...KEYED_ERRORS, 'VALIDATION_FAILED'],
    examples: {
      ok: { query: { limit: '3' } },
      VALIDATION_FAILED: { query: { status: 'banned' } },
    },
    handle: async ({ params, query, commands, names }) => {
      const page = await commands.request(AccountsCommands.membershipList, {
        communityId: params.communityId,
        ...query,
      });
      const items = await Promise.all(
        page.items.map(async (membership) => ({
          ...membership,
          displayName: await names.memberLabel(membership.userId),
        })),
      );
      return { ...page, items };
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/communities/:communityId/members',
    operationId: 'registerMember',
    tag: 'members',
    scope: 'admin',
    summary:
      "Register a game's player who is not on Telegram (provider + player id): the user is created if new, joins the community and gets a ledger account.",
    description:
      "Idempotent without an Idempotency-Key: the identity names the player within this community, so registering it again answers the same member (a member who left joins again), whose profile is left as it is. A game's identities are this community's own: the same player id registered or linked by another community is another community's player, who is neither found, enrolled nor shown here (a new user is registered). A player who is also a Telegram member links the identity to themselves instead, with a code from the bot (/link <provider>) redeemed with POST .../members/identities/redeem. Telegram identities are the bot's alone (400). The answer's user.id is the memberId of every other route; the member can be paid as soon as it returns (the ledger opens their account on first use).",
    params: communityParams(),
    body: RegisterMemberBodySchema,
    status: 201,
    response: MemberViewSchema,
    errors: [...KEYED_ERRORS, 'VALIDATION_FAILED', 'PAYLOAD_TOO_LARGE'],
    examples: {
      ok: {
        body: {
          identity: { provider: 'minecraft', externalId: 'GusPark' },
          displayName: 'Gus Park',
          language: 'en',
        },
      },
      VALIDATION_FAILED: {
        body: { identity: { provider: 'telegram', externalId: '5012345678' }, displayName: 'Gus Park' },
      },
    },
    handle: async ({ params, body, commands }) => {
      // One request makes the member: accounts finds the user of the identity in this community or creates
      // one with the id chosen here, leaves an existing user's profile as it is (it may be a Telegram
      // member's, which a key must not rewrite), and joins them (again). The ledger opens the member's
      // account when it is first paid, so they can be paid as soon as this answers.
      const ensured = await commands.request(AccountsCommands.membershipEnsure, {
        community: { communityId: params.communityId },
        user: {
          identity: { ...body.identity, communityId: params.communityId },
          newUserId: ulid(),
          displayName: body.displayName,
          ...(body.language !== undefined ? { language: body.language } : {}),
          profile: 'keep',
        },
      });
      return memberViewOf(params.communityId, ensured.user, ensured.membership);
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/communities/:communityId/members/:memberId',
    operationId: 'getMember',
    tag: 'members',
    scope: 'read',
    summary:
      'One member: the user with the identities this community vouches for, their membership here and their ledger account id.',
    description:
      "user.identities lists only the game identities this community registered or linked (each with this communityId): never another community's links, nor the member's Telegram user id.",
    params: communityParams({ memberId: UserIdSchema }),
    response: MemberViewSchema,
    errors: [...KEYED_ERRORS, 'VALIDATION_FAILED', 'NOT_FOUND'],
    examples: {
      ok: { params: { memberId: EX.ann } },
      NOT_FOUND: { params: { memberId: EX.stranger } },
      VALIDATION_FAILED: { params: { memberId: 'ann' } },
    },
    handle: ({ params, commands }) => memberView(commands, params.communityId, params.memberId),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/communities/:communityId/members/by-identity/:provider/:externalId',
    operationId: 'findMemberByIdentity',
    tag: 'members',
    scope: 'read',
    summary:
      "Find a member by an identity: a game's player id (`minecraft` + UUID), or `telegram` + the Telegram user id.",
    description:
      'URL-encode the external id (a "/" in it is %2F). A game\'s identity is looked up among those this community registered or linked: another community\'s link of the same player id is not found. 404 when no member of this community has it.',
    params: communityParams({ provider: ProviderSchema, externalId: ExternalIdSchema }),
    response: MemberViewSchema,
    errors: [...KEYED_ERRORS, 'VALIDATION_FAILED', 'NOT_FOUND'],
    examples: {
      ok: { params: { provider: 'minecraft', externalId: 'AnnMarsh' } },
      NOT_FOUND: { params: { provider: 'minecraft', externalId: 'NoSuchPlayer' } },
      VALIDATION_FAILED: { params: { provider: 'Minecraft', externalId: 'AnnMarsh' } },
    },
    handle: async ({ params, commands }) => {
      const { communityId, provider, externalId } = params;
      const user = await findUser(commands, {
        provider,
        externalId,
        ...(provider === PROVIDER_TELEGRAM ? {} : { communityId }),
      });
      if (user === undefined) throw memberNotFound();
      return memberView(commands, communityId, user.id);
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/communities/:communityId/members/identities/redeem',
    operationId: 'redeemLinkCode',
    tag: 'members',
    scope: 'admin',
    summary:
      "Link a game's identity (provider + player id) to the member who proves it is theirs with a one-time code from the bot.",
    description: `The member sends /link <provider> to the Telegram bot, which answers them privately with a code (such as K7Q2-9XF3, valid ${LINK_CODE_LIMITS.ttlMs / 60_000} minutes, used once); they give it to the game (say, a /link command in the game's chat), and the game sends it here with the identity it knows the player by. The identity is linked, for this community only, to the member who asked for the code, who must be an active member of this community, and the answer is that member (with the identities this community vouches for). A code that is wrong, expired, used, for another provider or of someone who is not a member here is 422 LINK_CODE_INVALID (alike); after ${LINK_CODE_LIMITS.failuresPerCommunityMax} such answers within ${LINK_CODE_LIMITS.failureWindowMs / 60_000} minutes the community's redemptions are 429 RATE_LIMITED (reason link_code_failures, Retry-After) for a while. Redeeming the same code for the same identity again answers the member again; another community cannot use it after this one. 409 CONFLICT when this community registered or linked the identity to another user before (another community's link of the same player id is no obstacle). Telegram identities are the bot's alone (400). There is no other way to link an identity over HTTP: a key alone cannot attach an identity to anyone.`,
    params: communityParams(),
    body: z.strictObject({
      provider: GameProviderSchema,
      externalId: ExternalIdSchema,
      code: LinkCodeSchema,
    }),
    status: 201,
    response: MemberViewSchema,
    errors: [...KEYED_ERRORS, 'VALIDATION_FAILED', 'PAYLOAD_TOO_LARGE', 'LINK_CODE_INVALID', 'CONFLICT'],
    examples: {
      ok: { body: { provider: 'steam', externalId: 'cy_novak', code: EX.cyLinkCode } },
      LINK_CODE_INVALID: { body: { provider: 'steam', externalId: 'cy_novak', code: 'Q3W8-7RTZ' } },
      CONFLICT: { body: { provider: 'steam', externalId: 'bobkeller', code: EX.annLinkCode } },
      VALIDATION_FAILED: { body: { provider: 'telegram', externalId: '5012345678', code: EX.cyLinkCode } },
    },
    handle: async ({ params, body, commands }) => {
      const user = await commands.request(AccountsCommands.linkCodeRedeem, {
        communityId: params.communityId,
        ...body,
      });
      return memberView(commands, params.communityId, user.id);
    },
  }),
];

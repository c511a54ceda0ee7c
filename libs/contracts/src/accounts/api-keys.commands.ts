import { z } from 'zod';
import { defineCommand } from '../command';
import { CommunityIdSchema, CursorSchema, PageSizeSchema } from '../primitives';
import {
  ActorSchema,
  API_KEY_SCOPES,
  ApiKeyIdSchema,
  ApiKeyNameSchema,
  ApiKeyRequestIdSchema,
  ApiKeySchema,
  ApiKeyScopesSchema,
  ApiKeySecretHashSchema,
  INTEGRATION_LIMITS,
  IntegrationPageSchema,
  RateLimitPerMinuteSchema,
} from './integrations.schemas';

/**
 * What the integration examples run against: the accounts walkthrough's community and alice (an admin
 * there). Key and webhook ids are made by the service: a walkthrough takes them from the earlier replies.
 */
export const INTEGRATION_EXAMPLES = {
  community: 'tg-1001234567890',
  aliceId: '01KB2Y6ZJ8ZQ0V7M3N4P5Q6R7S',
  keyId: '01KB3A5K7Q2W3E4R5T6Y7Z8A9B',
  key: 'tk_01KB3A5K7Q2W3E4R5T6Y7Z8A9B_q3Jm9aT0cXvB7nE2wK5rLp8sYd4hF6gZ1uC0oNiMxWe',
  /** apiKeySecretHash of the key's secret: what apikey.verify carries in place of the key. */
  secretHash: 'f53dbea4e0dd3189a51011ec92009bb33dd15613fffdf7a226da6646e15dfb01',
  webhookId: '01KB3A5K7Q2W3E4R5T6Y7Z8A9C',
} as const;
const EX = INTEGRATION_EXAMPLES;

/**
 * The answer of apikey.create. A repeat of a request id cannot show the secret again (only its SHA-256 is
 * kept), so it answers the key as it is now (perhaps revoked since), `secret: null` and `repeated: true`.
 */
export const ApiKeyCreatedSchema = z.strictObject({
  apiKey: ApiKeySchema,
  /**
   * The full key, `tk_<keyId>_<secret>`, shown only in the reply that created it: the service keeps its
   * SHA-256 alone. null on a repeated request id.
   */
  secret: z.string().nullable(),
  /** true when the requestId was seen before: this created nothing and the secret is not shown again. */
  repeated: z.boolean(),
});

export const ApiKeyVerifiedSchema = z.strictObject({
  keyId: ApiKeyIdSchema,
  communityId: CommunityIdSchema,
  scopes: ApiKeyScopesSchema,
  rateLimitPerMinute: RateLimitPerMinuteSchema,
});

export const ApiKeyCommands = {
  apiKeyCreate: defineCommand({
    subject: 'tk.cmd.accounts.apikey.create',
    summary: `Create an API key for a community with scopes (${API_KEY_SCOPES.join(', ')}). The reply holds the key itself, once: store it then. At most ${INTEGRATION_LIMITS.apiKeysActiveMax} active keys per community; rateLimitPerMinute (default ${INTEGRATION_LIMITS.rateLimitPerMinuteDefault}) is enforced by the gateway. With a requestId (optional) a repeat creates nothing and answers the key made first with secret null and repeated true (the secret is never shown twice); the same requestId with other content is IDEMPOTENCY_CONFLICT. An apikey:<keyId> creator must be an active key of the same community.`,
    request: z.strictObject({
      requestId: ApiKeyRequestIdSchema.optional(),
      communityId: CommunityIdSchema,
      name: ApiKeyNameSchema,
      scopes: ApiKeyScopesSchema,
      createdBy: ActorSchema,
      rateLimitPerMinute: RateLimitPerMinuteSchema.default(INTEGRATION_LIMITS.rateLimitPerMinuteDefault),
    }),
    response: ApiKeyCreatedSchema,
    example: {
      requestId: 'example-apikey-1',
      communityId: EX.community,
      name: 'Minecraft server',
      scopes: ['read', 'reward'],
      createdBy: EX.aliceId,
    },
  }),
  apiKeyList: defineCommand({
    subject: 'tk.cmd.accounts.apikey.list',
    summary:
      "List a community's API keys, newest first, a page at a time; active ones unless includeRevoked. Never the keys themselves.",
    request: z.strictObject({
      communityId: CommunityIdSchema,
      includeRevoked: z.boolean().default(false),
      cursor: CursorSchema.optional(),
      limit: PageSizeSchema.optional(),
    }),
    response: IntegrationPageSchema(ApiKeySchema),
    example: { communityId: EX.community },
  }),
  apiKeyVerify: defineCommand({
    subject: 'tk.cmd.accounts.apikey.verify',
    summary:
      "Check a key presented to a gateway: its community, scopes and rate limit. The key itself never crosses the bus: the gateway sends its id and the SHA-256 of its secret (the part after the id, hashed as UTF-8, in lowercase hex), which cannot be presented as a key. UNAUTHENTICATED with details.reason 'invalid' for an unknown id or a wrong hash (which part is not said), 'revoked' for a revoked key. Gateways may cache the answer briefly and drop it on apikey.revoked.",
    request: z.strictObject({
      keyId: ApiKeyIdSchema,
      secretHash: ApiKeySecretHashSchema,
    }),
    response: ApiKeyVerifiedSchema,
    example: { keyId: EX.keyId, secretHash: EX.secretHash },
  }),
  apiKeyRevoke: defineCommand({
    subject: 'tk.cmd.accounts.apikey.revoke',
    summary:
      'Revoke an API key at once (idempotent: revoking again returns the key as first revoked). Publishes apikey.revoked.',
    request: z.strictObject({
      communityId: CommunityIdSchema,
      keyId: ApiKeyIdSchema,
      revokedBy: ActorSchema,
    }),
    response: ApiKeySchema,
    example: { communityId: EX.community, keyId: EX.keyId, revokedBy: EX.aliceId },
  }),
};

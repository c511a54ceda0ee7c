import { createHash } from 'node:crypto';
import { z } from 'zod';
import { CommunityIdSchema, CursorSchema, IsoTimeSchema } from '../primitives';
import { USER_ID_PATTERN } from './accounts.schemas';

/**
 * API keys and webhooks: how integrations (game servers, web apps, the HTTP gateway's clients) are let in
 * and told what happens. Every bound is here, so the gateway, the CLI and the service agree on them.
 */
export const INTEGRATION_LIMITS = {
  /** Active (unrevoked) keys per community. */
  apiKeysActiveMax: 50,
  apiKeyNameLengthMax: 64,
  rateLimitPerMinuteMin: 1,
  rateLimitPerMinuteMax: 60_000,
  rateLimitPerMinuteDefault: 600,
  /** Webhooks per community (active and disabled). */
  webhooksMax: 20,
  webhookUrlLengthMax: 2048,
  webhookEventTypesMax: 50,
  /** Characters of a delivery's lastError kept. */
  deliveryErrorLengthMax: 200,
} as const;

/** A ULID, as the service makes for key and webhook ids. */
const ulidSchema = (what: string) =>
  z.string().regex(USER_ID_PATTERN, { error: `must be ${what} (a 26-character ULID)` });

/**
 * What a key may do, each independent of the others: `read` reads; `transfer` acts for members with their
 * tickets and artifacts; `reward` mints; `governance` proposes, votes and withdraws for members; `admin`
 * runs the community (its settings, vetoes, webhooks). The order is the one keys are stored and shown in.
 */
export const API_KEY_SCOPES = ['read', 'transfer', 'reward', 'governance', 'admin'] as const;
export const ApiKeyScopeSchema = z.enum(API_KEY_SCOPES);
export type ApiKeyScope = z.infer<typeof ApiKeyScopeSchema>;

export const ApiKeyScopesSchema = z
  .array(ApiKeyScopeSchema)
  .min(1, { error: `must list at least one of ${API_KEY_SCOPES.join(', ')}` })
  .max(API_KEY_SCOPES.length, { error: `must list each of ${API_KEY_SCOPES.join(', ')} at most once` })
  .refine((scopes) => new Set(scopes).size === scopes.length, { error: 'must not repeat a scope' });

export const ApiKeyIdSchema = ulidSchema('an API key id as returned by apikey.create');
export const WebhookIdSchema = ulidSchema('a webhook id as returned by webhook.create');

/**
 * An API key is `tk_<keyId>_<secret>`: the key id (a ULID, not secret) finds the stored row; the secret
 * is 32 random bytes in base64url (43 characters). Only the secret's SHA-256 is stored.
 */
export const API_KEY_PATTERN = /^tk_([0-7][0-9A-HJKMNP-TV-Z]{25})_([A-Za-z0-9_-]{43})$/;

/** The key id and secret of a well-formed key; null for anything else. */
export function parseApiKey(key: string): { keyId: string; secret: string } | null {
  const match = API_KEY_PATTERN.exec(key);
  return match === null ? null : { keyId: match[1]!, secret: match[2]! };
}

/**
 * SHA-256 of a key's secret (its UTF-8 bytes), in lowercase hex: what accounts stores, and what a gateway
 * sends in apikey.verify in place of the key. A fast hash is enough: the secret is 256 random bits, so
 * nobody can find it from the hash, and a slow password hash would only slow every check down.
 */
export function apiKeySecretHash(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/**
 * What a gateway sends in apikey.verify for a presented key: its id and the hash of its secret, never the
 * secret (the hash cannot be presented as a key: a gateway hashes what it is given). null for a malformed key.
 */
export function apiKeyProof(key: string): { keyId: string; secretHash: string } | null {
  const parsed = parseApiKey(key);
  return parsed === null ? null : { keyId: parsed.keyId, secretHash: apiKeySecretHash(parsed.secret) };
}

export const ApiKeySecretHashSchema = z.string().regex(/^[0-9a-f]{64}$/, {
  error: "must be the SHA-256 of the key's secret in lowercase hex (64 characters), never the key itself",
});

export const ApiKeyNameSchema = z
  .string()
  .trim()
  .min(1, { error: 'must not be empty' })
  .max(INTEGRATION_LIMITS.apiKeyNameLengthMax, {
    error: `must be at most ${INTEGRATION_LIMITS.apiKeyNameLengthMax} characters`,
  });

export const RateLimitPerMinuteSchema = z
  .int({ error: 'must be a whole number of requests per minute' })
  .min(INTEGRATION_LIMITS.rateLimitPerMinuteMin, {
    error: `must be at least ${INTEGRATION_LIMITS.rateLimitPerMinuteMin}`,
  })
  .max(INTEGRATION_LIMITS.rateLimitPerMinuteMax, {
    error: `must be at most ${INTEGRATION_LIMITS.rateLimitPerMinuteMax}`,
  });

/** `apikey:<keyId>`: the actor of a change made through the HTTP API with that key. */
const API_KEY_ACTOR_PATTERN = /^apikey:([0-7][0-9A-HJKMNP-TV-Z]{25})$/;

/**
 * Who asked for a change, recorded for the audit trail: a user id (a community admin, checked by the
 * gateway that relays the request), `cli:<name>` for an operator using the CLI, or `apikey:<keyId>` for
 * an integration using the HTTP API (the accounts service checks that the key exists, is not revoked and
 * belongs to the community it acts in).
 */
export const ActorSchema = z
  .string()
  .regex(/^([0-7][0-9A-HJKMNP-TV-Z]{25}|cli:[A-Za-z0-9_.@-]{1,48}|apikey:[0-7][0-9A-HJKMNP-TV-Z]{25})$/, {
    error:
      'must be a user id (a 26-character ULID), cli:<name> for an operator or apikey:<keyId> for an API key',
  });

/** The actor that stands for an API key. */
export function apiKeyActor(keyId: string): string {
  return `apikey:${keyId}`;
}

/** The key id of an `apikey:<keyId>` actor; null for a user or an operator. */
export function apiKeyIdOfActor(actor: string): string | null {
  return API_KEY_ACTOR_PATTERN.exec(actor)?.[1] ?? null;
}

/**
 * Client-chosen idempotency key of apikey.create, unique within its community, with the same rules as
 * the other services' request ids (the bot uses `tg-apikey:<chat>:<message>`).
 */
export const ApiKeyRequestIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_.:-]{1,48}$/, { error: 'must be 1-48 characters of A-Z, a-z, 0-9, _, ., : or -' });

export const ApiKeySchema = z.strictObject({
  id: ApiKeyIdSchema,
  communityId: CommunityIdSchema,
  name: ApiKeyNameSchema,
  scopes: ApiKeyScopesSchema,
  /** The start of the key (`tk_<keyId>_` and 4 characters of the secret), to recognise it; never the key. */
  prefix: z.string(),
  rateLimitPerMinute: RateLimitPerMinuteSchema,
  createdAt: IsoTimeSchema,
  createdBy: ActorSchema,
  revokedAt: IsoTimeSchema.nullable(),
  revokedBy: ActorSchema.nullable(),
  /** Updated by apikey.verify at most once a minute. */
  lastUsedAt: IsoTimeSchema.nullable(),
});
export type ApiKey = z.infer<typeof ApiKeySchema>;

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Where deliveries go: https, or plain http to a loopback host only (a receiver on the same machine, as in
 * tests and local development). No user:password in the URL: the signature authenticates deliveries.
 */
export const WebhookUrlSchema = z
  .string()
  .max(INTEGRATION_LIMITS.webhookUrlLengthMax, {
    error: `must be at most ${INTEGRATION_LIMITS.webhookUrlLengthMax} characters`,
  })
  .superRefine((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be an absolute URL such as https://example.com/hooks' });
      return;
    }
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be https (plain http only to 127.0.0.1, [::1] or localhost)',
      });
    } else if (url.username !== '' || url.password !== '') {
      ctx.addIssue({ code: 'custom', message: 'must not carry a user name or password' });
    }
  });

/**
 * An event type (`tk.evt.ledger.transfer.posted`), or a prefix ending in `*` for every type of a service
 * (`tk.evt.ledger.*`) or of one of its entities (`tk.evt.ledger.transfer.*`). The service also checks that
 * each names at least one event type of docs/asyncapi.yaml.
 */
export const EventTypePatternSchema = z.string().regex(/^tk\.evt\.[a-z]+\.(\*|[a-z-]+\.(\*|[a-z-]+))$/, {
  error:
    'must be an event type such as tk.evt.ledger.transfer.posted, or tk.evt.ledger.* / tk.evt.ledger.transfer.*',
});

export const WebhookEventTypesSchema = z
  .array(EventTypePatternSchema)
  .min(1, { error: 'must list at least one event type' })
  .max(INTEGRATION_LIMITS.webhookEventTypesMax, {
    error: `must list at most ${INTEGRATION_LIMITS.webhookEventTypesMax} event types`,
  })
  .refine((types) => new Set(types).size === types.length, { error: 'must not repeat an event type' });

/** Whether an event of type `type` is one a webhook subscribed to with `pattern`. */
export function eventTypeMatches(pattern: string, type: string): boolean {
  return pattern.endsWith('*') ? type.startsWith(pattern.slice(0, -1)) : pattern === type;
}

export const WEBHOOK_STATUSES = ['active', 'disabled'] as const;
export const WebhookStatusSchema = z.enum(WEBHOOK_STATUSES);

export const WebhookSchema = z.strictObject({
  id: WebhookIdSchema,
  communityId: CommunityIdSchema,
  url: WebhookUrlSchema,
  eventTypes: WebhookEventTypesSchema,
  status: WebhookStatusSchema,
  /** Deliveries in a row that failed after every attempt; a delivered one resets it. */
  failureCount: z.int().nonnegative(),
  createdAt: IsoTimeSchema,
  createdBy: ActorSchema,
  disabledAt: IsoTimeSchema.nullable(),
  disabledReason: z.string().nullable(),
});
export type Webhook = z.infer<typeof WebhookSchema>;

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export const DeliveryStatusSchema = z.enum(DELIVERY_STATUSES);
export type DeliveryStatus = z.infer<typeof DeliveryStatusSchema>;

export const WebhookDeliverySchema = z.strictObject({
  id: z.int().positive(),
  webhookId: WebhookIdSchema,
  eventId: z.string().min(1),
  eventType: z.string().min(1),
  /** HTTP requests made so far (0 for one never sent, such as one not queued). */
  attempts: z.int().nonnegative(),
  status: DeliveryStatusSchema,
  lastStatusCode: z.int().nullable(),
  lastError: z.string().max(INTEGRATION_LIMITS.deliveryErrorLengthMax).nullable(),
  nextAttemptAt: IsoTimeSchema.nullable(),
  createdAt: IsoTimeSchema,
  deliveredAt: IsoTimeSchema.nullable(),
});
export type WebhookDelivery = z.infer<typeof WebhookDeliverySchema>;

export const IntegrationPageSchema = <T extends z.ZodType>(item: T) =>
  z.strictObject({ items: z.array(item), nextCursor: CursorSchema.nullable() });

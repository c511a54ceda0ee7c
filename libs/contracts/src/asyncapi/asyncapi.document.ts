import { z } from 'zod';
import { ACCOUNTS_EXAMPLE_ORDER, AccountsCommands } from '../accounts/accounts.commands';
import { accountsEventAddress } from '../accounts/accounts.events';
import {
  ACCOUNTS_INTEGRATIONS_EXAMPLE_ORDER,
  AccountsIntegrationCommands,
} from '../accounts/accounts.integrations';
import { ANALYTICS_EXAMPLE_ORDER, AnalyticsCommands } from '../analytics/analytics.commands';
import { ARTIFACTS_EXAMPLE_ORDER, ArtifactsCommands } from '../artifacts/artifacts.commands';
import { artifactsEventAddress } from '../artifacts/artifacts.events';
import { CloudEventSchema, EVENT_STREAM, EVENT_SUBJECTS, type CloudEvent } from '../cloudevent';
import type { CommandSpec, EventSpec } from '../command';
import { ALL_COMMANDS, ALL_EVENTS } from '../contracts.registry';
import { replySchema } from '../envelope';
import { ERROR_DETAILS, ERROR_DETAILS_EXAMPLES } from '../error-details';
import { ERROR_CODES, isDomainError, type ErrorCode } from '../errors';
import { LEDGER_EXAMPLE_ORDER, LedgerCommands } from '../ledger/ledger.commands';
import { parseOrThrow, VALIDATION_ISSUES_MAX } from '../validation';
import { eventOwnerOf, roleAnswering, rolesSending } from '../bus/bus.roles';

/** Version of the published wire-format document (info.version of docs/asyncapi.yaml). */
export const ASYNCAPI_DOCUMENT_VERSION = '0.1.0';
export const ASYNCAPI_NATS_URL = 'nats://127.0.0.1:4222';

/** One line per error code, quoted in the document's description. */
export const ERROR_CODE_MEANINGS: Readonly<Record<ErrorCode, string>> = {
  VALIDATION_FAILED: `the payload does not match the request schema; \`details.field\` names the first bad field ('$' for the body itself) and \`details.issues\` lists up to ${VALIDATION_ISSUES_MAX} problems`,
  NOT_FOUND:
    'the account, transfer, hold, user, identity, community or membership named in the request does not exist; `details.field` names it',
  INSUFFICIENT_FUNDS:
    "the debit account's available balance (balance minus pending debits) is below the amount; `details` name the account (`accountId`), what it has `available` and what was `required`",
  ACCOUNT_FROZEN: 'the debit account is frozen: it can still receive, but not send',
  IDEMPOTENCY_CONFLICT:
    'the id was already used for a request with different content; the first request stands and nothing moved',
  CONFLICT:
    'the request clashes with what exists (for example an identity already linked to another user); nothing changed and `details` names the holder',
  UNAUTHENTICATED:
    "no usable API key: `details.reason` is 'missing' (none was sent), 'invalid' (malformed, unknown or wrong, alike: which part is never said) or 'revoked'; send a valid key (`Authorization: Bearer tk_...` over HTTP) or ask a community admin for a new one",
  FORBIDDEN:
    'the request is well formed and the caller known, but it is not allowed (for example moving money through an issuance account, or an API key used on another community or without the scope the route needs)',
  LIMIT_EXCEEDED:
    "a limit was passed: the community policy's transferMin/transferMax (`details.min`, `details.max`), a daily cap (`details.cap`, its `limit`, `usedToday` and what `remaining`), the maximum supply, or a count such as webhooks or API keys (`details.limit`)",
  RATE_LIMITED:
    "too many requests: the API key's requests per minute (`details.reason` 'key'), too many failed authentications from one address ('auth_failures'), or too many wrong link codes from one community ('link_code_failures'); wait `details.retryAfterSeconds` (the Retry-After header over HTTP) and send fewer",
  COMMUNITY_MISMATCH: 'the two accounts belong to different communities; tickets never cross communities',
  ALREADY_REVERSED: 'the transfer was already reversed; a transfer is reversed once',
  NOT_REVERSIBLE: 'only posted transfers can be reversed (void a hold instead; a reversal is not reversed)',
  PENDING_NOT_OPEN: 'the hold was already posted, voided or expired',
  SOLD_OUT: "the shop item's stock or the artifact type's maximum supply is used up; nothing was charged",
  LINK_CODE_INVALID:
    'the link code is not one the bot gave a member of this community for this provider: mistyped, expired (codes live minutes), already used, or never issued (which, is never said); the member sends /link <provider> to the bot for a new one',
  IDENTITY_TAKEN:
    "no longer answered: a game's identities are kept per community, so another community's holder of an identity is no obstacle (kept so that clients switching on it still know it)",
  OVERLOADED: 'the service has too much work in flight; retry shortly with the same id',
  UNAVAILABLE: 'no service answered in time or NATS could not be reached; retry with the same id',
  INTERNAL: 'an unexpected failure (a bug); it was logged and no details are given',
};

type Json = Record<string, unknown>;

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * JSON Schema of a zod schema, as the draft-07 dialect the AsyncAPI Schema Object extends. Requests use
 * the input side (defaults make fields optional), replies and events the output side.
 */
function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output'): Json {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, target: 'draft-7' }) as Json;
  return rest;
}

/** `tk.cmd.ledger.transfer.create` -> `ledger transfer.create`. */
function shortName(subject: string): string {
  const [, , service, ...rest] = subject.split('.');
  return `${service} ${rest.join('.')}`;
}

const ref = ($ref: string) => ({ $ref });

/** Where each command's example runs: its step in its service's walkthrough on a fresh service. */
function exampleSteps(): Map<string, string> {
  return new Map([
    ...LEDGER_EXAMPLE_ORDER.map(
      (key, index) => [LedgerCommands[key].subject, `Step ${index + 1} of the demo walkthrough.`] as const,
    ),
    ...ACCOUNTS_EXAMPLE_ORDER.map(
      (key, index) =>
        [AccountsCommands[key].subject, `Step ${index + 1} of the accounts walkthrough.`] as const,
    ),
    ...ACCOUNTS_INTEGRATIONS_EXAMPLE_ORDER.map(
      (key, index) =>
        [
          AccountsIntegrationCommands[key].subject,
          `Step ${index + 1} of the integrations walkthrough (after the accounts walkthrough; key and webhook ids, and the hash of the key's secret, come from the create replies).`,
        ] as const,
    ),
    ...ARTIFACTS_EXAMPLE_ORDER.map(
      (key, index) =>
        [ArtifactsCommands[key].subject, `Step ${index + 1} of the artifacts walkthrough.`] as const,
    ),
    ...ANALYTICS_EXAMPLE_ORDER.map(
      (key, index) =>
        [AnalyticsCommands[key].subject, `Step ${index + 1} of the analytics walkthrough.`] as const,
    ),
  ]);
}

/** The reply a command gives when its example carries a field it does not know: a real VALIDATION_FAILED. */
function validationFailedExample(spec: CommandSpec): Json {
  const payload = { ...(spec.example as object), unexpected: true };
  try {
    parseOrThrow(spec.request, payload);
  } catch (error) {
    if (isDomainError(error)) return { ok: false, error: error.toBody() };
    throw error;
  }
  throw new Error(`${spec.subject}: a payload with an unknown field was accepted`);
}

/** The CloudEvents envelope the example `data` of an event travels in. */
export function eventEnvelopeExample(spec: EventSpec, index: number): CloudEvent {
  const data = spec.example as Json;
  const inner = (data['transfer'] ?? data['account'] ?? data) as Json;
  const service = spec.type.split('.')[2];
  const address =
    service === 'accounts'
      ? accountsEventAddress(spec, spec.example)
      : service === 'artifacts'
        ? artifactsEventAddress(spec, spec.example)
        : {
            subject: String(inner['id'] ?? inner['communityId']),
            communityId: String(inner['communityId'] ?? 'demo'),
          };
  return {
    specversion: '1.0',
    id: `01KAZQ6T00${String(index + 1).padStart(16, '0')}`,
    source: `ticketonomics/${service}`,
    type: spec.type,
    time: '2026-11-28T12:00:00.000Z',
    subject: address.subject,
    datacontenttype: 'application/json',
    communityid: address.communityId,
    data: spec.example,
  };
}

/** Where the document keeps the schema of a code's `details`. */
export function errorDetailsSchemaId(code: ErrorCode): string {
  return `ErrorDetails.${code}`;
}

/** One JSON Schema per error code: what its `details` carry, with an example. */
function errorDetailsSchemas(): Json {
  return Object.fromEntries(
    ERROR_CODES.map((code) => [
      errorDetailsSchemaId(code),
      {
        ...jsonSchemaOf(ERROR_DETAILS[code], 'input'),
        description: `The details of ${code}: ${ERROR_CODE_MEANINGS[code]}.`,
        examples: [ERROR_DETAILS_EXAMPLES[code]],
      },
    ]),
  );
}

function description(): string {
  const errors = ERROR_CODES.map(
    (code) =>
      `- \`${code}\`: ${ERROR_CODE_MEANINGS[code]}. Details: \`#/components/schemas/${errorDetailsSchemaId(code)}\`.`,
  ).join('\n');
  return [
    'The public wire format of Ticketonomics, a community economy for Telegram groups. Any plain NATS client,',
    'in any language, can call every command and read every event: it is plain JSON, not a framework envelope.',
    'This file is generated from libs/contracts; a test fails when the two differ.',
    '',
    '## Commands',
    '',
    'NATS request/reply on `tk.cmd.<service>.<entity>.<verb>` (for example `tk.cmd.ledger.transfer.create`),',
    'served by one queue group per service so replicas share the load. The request body is the plain JSON',
    'payload described below (an empty body counts as `{}`); unknown fields are rejected. The reply body is',
    'always JSON, either',
    '',
    '- `{"ok":true,"data":...}` with the documented response, or',
    '- `{"ok":false,"error":{"code":"...","message":"...","details":{...}}}` (`details` is optional).',
    '',
    'A bad payload gets `VALIDATION_FAILED` naming the field, never a stack trace and never a timeout. Every',
    'command that moves money carries a client-chosen `id`: repeating it returns the first result, so a',
    'retry never moves money twice. Each example uses the `demo` community; run in the order of their step',
    'numbers on a fresh ledger they succeed (the holds settled by transfer.post and transfer.void are placed',
    'in between). Amounts are positive integers in the smallest unit of the currency. The accounts examples',
    '(community `tg-1001234567890`) likewise succeed in their own step order on a fresh accounts service.',
    'The analytics queries read models built from the events below; what each figure counts is defined in',
    '`libs/contracts/src/analytics/analytics.schemas.ts`, and on a fresh analytics service every figure is 0.',
    '',
    '## Error codes',
    '',
    'Stable UPPER_SNAKE strings: a code is never renamed or reused, new ones may be added. What each code',
    'carries in `details` is the schema named after it in `components.schemas`; a reader ignores fields it',
    'does not know, as a newer service may add some.',
    '',
    errors,
    '',
    '## Events',
    '',
    'CloudEvents 1.0 in structured JSON mode (`specversion`, `id`, `source`, `type`, `time`, `subject`,',
    '`datacontenttype`, the extension `communityid`, and `data`), published to JetStream on',
    `\`tk.evt.<service>.<entity>.<verb>\`, stream \`${EVENT_STREAM}\` (subjects \`${EVENT_SUBJECTS}\`). The NATS`,
    'subject equals the CloudEvent `type`. The header `Nats-Msg-Id` is the event `id`, so a republished',
    'event is dropped as a duplicate; consumers should still process an id at most once. `subject` is the',
    'id of the account or transfer the event is about (the community id for policy events); for accounts',
    'events it is the user id (user, identity and membership events) or the community id, and `communityid`',
    'is `global` for user and identity events, which concern no one community.',
  ].join('\n');
}

/** The AsyncAPI 3.0.0 document of every command and event in libs/contracts; docs/asyncapi.yaml is this. */
export function buildAsyncApiDocument(): object {
  const channels: Json = {};
  const operations: Json = {};
  const messages: Json = {};
  const steps = exampleSteps();
  const commands = [...ALL_COMMANDS].sort((a, b) => compare(a.subject, b.subject));
  const events = [...ALL_EVENTS].sort((a, b) => compare(a.type, b.type));

  for (const spec of commands) {
    const { subject } = spec;
    const name = shortName(subject);
    const requestId = `${subject}.request`;
    const replyId = `${subject}.reply`;
    const step = steps.get(subject);
    messages[requestId] = {
      name: requestId,
      title: `${name} request`,
      summary: spec.summary,
      contentType: 'application/json',
      payload: jsonSchemaOf(spec.request, 'input'),
      examples: [
        {
          name: 'demo',
          summary: step ?? 'Runs against the demo community.',
          payload: spec.example,
        },
      ],
    };
    messages[replyId] = {
      name: replyId,
      title: `${name} reply`,
      summary: `Reply to ${subject}: {"ok":true,"data":...} or {"ok":false,"error":{...}}.`,
      contentType: 'application/json',
      payload: jsonSchemaOf(replySchema(spec.response), 'output'),
      examples: [
        {
          name: 'validation-failed',
          summary: 'The reply to the example request with an unknown field added.',
          payload: validationFailedExample(spec),
        },
      ],
    };
    const sentBy = rolesSending(subject);
    channels[subject] = {
      address: subject,
      title: name,
      summary: spec.summary,
      description: `Answered by ${roleAnswering(subject)}. May be sent by: ${sentBy.join(', ')} (docs/security.md).`,
      'x-ticketonomics-roles': { answeredBy: roleAnswering(subject), sentBy },
      messages: { request: ref(`#/components/messages/${requestId}`) },
    };
    channels[replyId] = {
      address: null,
      title: `${name} reply`,
      description: `The reply inbox the requester sets on its ${subject} request (a NATS reply subject, not a fixed one).`,
      messages: { reply: ref(`#/components/messages/${replyId}`) },
    };
    operations[subject] = {
      action: 'receive',
      channel: ref(`#/channels/${subject}`),
      title: name,
      summary: spec.summary,
      messages: [ref(`#/channels/${subject}/messages/request`)],
      reply: {
        channel: ref(`#/channels/${replyId}`),
        messages: [ref(`#/channels/${replyId}/messages/reply`)],
      },
    };
  }

  events.forEach((spec, index) => {
    const { type } = spec;
    const name = shortName(type);
    messages[type] = {
      name: type,
      title: name,
      summary: spec.summary,
      contentType: 'application/cloudevents+json',
      headers: {
        type: 'object',
        properties: {
          'Nats-Msg-Id': {
            type: 'string',
            description: 'The CloudEvent id; JetStream drops a republish as a duplicate.',
          },
          'Content-Type': { type: 'string', const: 'application/cloudevents+json' },
        },
        required: ['Nats-Msg-Id'],
      },
      payload: jsonSchemaOf(CloudEventSchema.extend({ type: z.literal(type), data: spec.data }), 'output'),
      examples: [
        {
          name: 'demo',
          summary: 'A full CloudEvent as published to JetStream.',
          headers: {
            'Nats-Msg-Id': eventEnvelopeExample(spec, index).id,
            'Content-Type': 'application/cloudevents+json',
          },
          payload: eventEnvelopeExample(spec, index),
        },
      ],
    };
    channels[type] = {
      address: type,
      title: name,
      summary: spec.summary,
      description:
        `JetStream stream ${EVENT_STREAM}; the NATS subject is the CloudEvent type. Published by ` +
        `${eventOwnerOf(type)} only; read by the services, read-only tools and the operator.`,
      'x-ticketonomics-roles': { publishedBy: eventOwnerOf(type), readBy: ['services', 'tools', 'operator'] },
      messages: { event: ref(`#/components/messages/${type}`) },
    };
    operations[type] = {
      action: 'send',
      channel: ref(`#/channels/${type}`),
      title: name,
      summary: spec.summary,
      messages: [ref(`#/channels/${type}/messages/event`)],
    };
  });

  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Ticketonomics',
      version: ASYNCAPI_DOCUMENT_VERSION,
      description: description(),
    },
    defaultContentType: 'application/json',
    servers: {
      local: {
        host: new URL(ASYNCAPI_NATS_URL).host,
        protocol: 'nats',
        description:
          `NATS with JetStream on ${ASYNCAPI_NATS_URL} (set NATS_URL to use another). The bus is closed: ` +
          'every connection authenticates with the nkey seed of a credentials file, and each user may use only ' +
          "its role's subjects, with replies on its own inbox prefix (docs/security.md).",
      },
    },
    channels: sortKeys(channels),
    operations: sortKeys(operations),
    components: { messages: sortKeys(messages), schemas: errorDetailsSchemas() },
  };
}

function sortKeys(record: Json): Json {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => compare(a, b)));
}

/**
 * The /apikey part of the catalogue, in English; messages.en.ts spreads it into `en`, so it is one catalogue
 * with one Messages type (api-keys.ru.ts must match it key for key).
 */
export const apiKeyCommandsEn = {
  apikey: 'Admins: API keys for integrations: /apikey create <name> <scopes>, list, revoke <key id>',
} as const;

export const apiKeyMessagesEn = {
  apiKeyUsage: (p: { scopes: string }) =>
    `Usage: /apikey create <name> <scopes>, /apikey list, /apikey revoke <key id>. Scopes, separated by commas: ${p.scopes}.`,
  apiKeyNameMissing: (p: { scopes: string }) =>
    `Give the key a name and its scopes: /apikey create Game server read,transfer (scopes: ${p.scopes}).`,
  apiKeyNameTooLong: (p: { max: number }) => `The key name is too long: at most ${p.max} characters.`,
  apiKeyBadScope: (p: { given: string; scopes: string }) =>
    `"${p.given}" is not a scope. Scopes, separated by commas: ${p.scopes}.`,
  apiKeyBadId: (p: { given: string }) =>
    `"${p.given}" is not a key id: copy the id from /apikey list (26 letters and digits).`,
  apiKeySent: (p: { name: string; scopes: string; keyId: string }) =>
    `Done: I sent you the API key "${p.name}" (${p.scopes}) in a private message; it is shown only there, once. Its id: ${p.keyId}.`,
  apiKeyPrivate: (p: { name: string; group: string; scopes: string; key: string; keyId: string }) =>
    [
      `Your API key "${p.name}" for ${p.group} (${p.scopes}):`,
      '',
      p.key,
      '',
      'Keep it secret: it is shown only this once and cannot be shown again.',
      `To withdraw it, send /apikey revoke ${p.keyId} in the group.`,
    ].join('\n'),
  apiKeyAlreadyCreated: (p: { name: string; scopes: string; keyId: string }) =>
    `This command was already done: it created the API key "${p.name}" (${p.scopes}), id ${p.keyId}, and I sent you its secret privately then. The secret is never shown again: if it did not reach you, or is lost, revoke the key (/apikey revoke ${p.keyId}) and create a new one.`,
  apiKeyAlreadyRevoked: (p: { name: string; keyId: string }) =>
    `This command was already done: the API key "${p.name}" (${p.keyId}) it created has been revoked since. For a working key, send a new /apikey create.`,
  apiKeyOpenPrivateChat: (p: { bot: string }) =>
    `I cannot write to you privately yet, and an API key is never posted in the group: open a private chat with @${p.bot}, send /start, then ask again. No key was issued.`,
  apiKeyNotDelivered:
    'I could not send you the key privately, so it was withdrawn at once and nobody can use it. Please try again.',
  apiKeyNotWithdrawn: (p: { keyId: string }) =>
    `I could not send you the key privately, nor withdraw it just now: revoke it with /apikey revoke ${p.keyId}.`,
  apiKeyLimit: (p: { max: number }) =>
    `This group already has ${p.max} active API keys, the most there can be: revoke one first (/apikey list).`,
  apiKeyListEmpty: 'This group has no active API keys. Create one: /apikey create <name> <scopes>.',
  apiKeyListHeader: (p: { count: number }) => `Active API keys (${p.count}):`,
  apiKeyListLine: (p: {
    name: string;
    scopes: string;
    keyId: string;
    created: string;
    used: string | null;
  }) =>
    `• ${p.name} (${p.scopes}) — id ${p.keyId}, created ${p.created}, ${p.used === null ? 'never used' : `last used ${p.used}`}`,
  apiKeyListMore: 'There are more: revoke the keys nobody uses.',
  apiKeyRevoked: (p: { name: string; keyId: string }) =>
    `Revoked the API key "${p.name}" (${p.keyId}): it no longer works.`,
  apiKeyNotFound: (p: { keyId: string }) => `This group has no API key ${p.keyId}: see /apikey list.`,
} as const;

type Widen<T> = T extends string
  ? string
  : T extends (...args: infer A) => string
    ? (...args: A) => string
    : T;
/** The shape the Russian part must have: the same keys, the same parameters, any wording. */
export type ApiKeyMessages = {
  [K in keyof typeof apiKeyMessagesEn]: Widen<(typeof apiKeyMessagesEn)[K]>;
};
export type ApiKeyCommands = Record<keyof typeof apiKeyCommandsEn, string>;

import type { ApiKey } from '@ticketonomics/contracts';
import { defineCommand } from '../bot/command';
import type { Messages } from '../i18n/messages.en';
import { parseApiKeyArgs } from './api-key-args.parser';
import { apiKeyRequestId, type ApiKeyCreation } from './api-keys.service';

type ApiKeyResult =
  | { action: 'create'; creation: ApiKeyCreation; botUsername: string }
  | { action: 'list'; keys: ApiKey[]; more: boolean }
  | { action: 'revoke'; apiKey: ApiKey };

/** /apikey create <name> <scopes> | list | revoke <id> (group admins). */
export const apiKeyCommand = defineCommand({
  name: 'apikey',
  scope: 'admin',
  parse: ({ args }) => parseApiKeyArgs(args),
  run: async ({ args, member, chat, messageId, botUsername, t }, { apiKeys }): Promise<ApiKeyResult> => {
    switch (args.action) {
      case 'create': {
        const order = {
          requestId: apiKeyRequestId(chat.id, messageId),
          name: args.name,
          scopes: args.scopes,
          privateText: (apiKey: ApiKey, key: string) =>
            t.apiKeyPrivate({ ...named(apiKey), group: chat.title, key }),
        };
        return { action: 'create', creation: await apiKeys.create(member, order, botUsername), botUsername };
      }
      case 'list':
        return { action: 'list', ...(await apiKeys.list(member.communityId)) };
      case 'revoke':
        return { action: 'revoke', apiKey: await apiKeys.revoke(member, args.keyId) };
    }
  },
  render: (result, t) => {
    switch (result.action) {
      case 'create':
        return creationText(result.creation, result.botUsername, t);
      case 'list':
        return listText(result.keys, result.more, t);
      case 'revoke':
        return t.apiKeyRevoked({ name: result.apiKey.name, keyId: result.apiKey.id });
    }
  },
});

function named(apiKey: ApiKey) {
  return { name: apiKey.name, scopes: apiKey.scopes.join(', '), keyId: apiKey.id };
}

function creationText({ kind, apiKey }: ApiKeyCreation, botUsername: string, t: Messages): string {
  switch (kind) {
    case 'sent':
      return t.apiKeySent(named(apiKey));
    case 'again':
      return apiKey.revokedAt === null
        ? t.apiKeyAlreadyCreated(named(apiKey))
        : t.apiKeyAlreadyRevoked({ name: apiKey.name, keyId: apiKey.id });
    case 'privateChatClosed':
      return t.apiKeyOpenPrivateChat({ bot: botUsername });
    case 'notDelivered':
      return t.apiKeyNotDelivered;
    case 'notWithdrawn':
      return t.apiKeyNotWithdrawn({ keyId: apiKey.id });
  }
}

function listText(keys: ApiKey[], more: boolean, t: Messages): string {
  if (keys.length === 0) return t.apiKeyListEmpty;
  const lines = keys.map((key) =>
    t.apiKeyListLine({
      ...named(key),
      created: dayOf(key.createdAt),
      used: key.lastUsedAt === null ? null : dayOf(key.lastUsedAt),
    }),
  );
  return [t.apiKeyListHeader({ count: keys.length }), ...lines, ...(more ? [t.apiKeyListMore] : [])].join(
    '\n',
  );
}

/** The UTC day of an ISO time, as the list shows dates. */
function dayOf(isoTime: string): string {
  return isoTime.slice(0, 10);
}

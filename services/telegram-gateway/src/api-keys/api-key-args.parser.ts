import {
  API_KEY_SCOPES,
  INTEGRATION_LIMITS,
  USER_ID_PATTERN,
  type ApiKeyScope,
} from '@ticketonomics/contracts';
import { userError } from '../errors/user-facing.error';

export type ApiKeyArgs =
  | { action: 'create'; name: string; scopes: ApiKeyScope[] }
  | { action: 'list' }
  | { action: 'revoke'; keyId: string };

/** The scopes as the replies list them. */
export const SCOPES_TEXT = API_KEY_SCOPES.join(', ');

/** How much of a bad token is quoted back, so a pasted essay does not come back whole. */
const QUOTED_TOKEN_LENGTH_MAX = 32;

/**
 * "<name> <scopes>": the name may have spaces, so the scopes are the last words joined by commas (spaces
 * after a comma allowed: "read, transfer").
 */
const NAME_AND_SCOPES = /^(.+?)\s+([^\s,]+(?:\s*,\s*[^\s,]+)*)$/;

function quoted(token: string): string {
  return token.length > QUOTED_TOKEN_LENGTH_MAX ? `${token.slice(0, QUOTED_TOKEN_LENGTH_MAX)}…` : token;
}

/**
 * /apikey create Game server read,transfer · /apikey list · /apikey revoke <key id>. Key ids are ULIDs,
 * which are case-insensitive, so a key id typed in lower case is accepted.
 */
export function parseApiKeyArgs(args: string): ApiKeyArgs {
  const match = /^(\S+)\s*([\s\S]*)$/.exec(args.trim());
  const action = match?.[1]?.toLowerCase();
  const rest = match?.[2]?.trim() ?? '';
  switch (action) {
    case 'create':
      return { action, ...parseCreate(rest) };
    case 'list':
      return { action };
    case 'revoke': {
      const token = rest.split(/\s+/)[0] ?? '';
      if (token === '') throw userError('apiKeyUsage', { scopes: SCOPES_TEXT });
      const keyId = token.toUpperCase();
      if (!USER_ID_PATTERN.test(keyId)) throw userError('apiKeyBadId', { given: quoted(token) });
      return { action, keyId };
    }
    default:
      throw userError('apiKeyUsage', { scopes: SCOPES_TEXT });
  }
}

function parseCreate(rest: string): { name: string; scopes: ApiKeyScope[] } {
  const match = NAME_AND_SCOPES.exec(rest);
  if (match === null) throw userError('apiKeyNameMissing', { scopes: SCOPES_TEXT });
  const name = match[1]!.trim();
  if (name.length > INTEGRATION_LIMITS.apiKeyNameLengthMax) {
    throw userError('apiKeyNameTooLong', { max: INTEGRATION_LIMITS.apiKeyNameLengthMax });
  }
  const scopes: ApiKeyScope[] = [];
  for (const word of match[2]!.split(',')) {
    const scope = word.trim().toLowerCase();
    if (!(API_KEY_SCOPES as readonly string[]).includes(scope)) {
      throw userError('apiKeyBadScope', { given: quoted(word.trim()), scopes: SCOPES_TEXT });
    }
    // A scope named twice is what the admin meant once; the accounts service refuses repeats.
    if (!scopes.includes(scope as ApiKeyScope)) scopes.push(scope as ApiKeyScope);
  }
  return { name, scopes };
}

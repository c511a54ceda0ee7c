import { PROVIDER_TELEGRAM, ProviderSchema } from '@ticketonomics/contracts';
import { userError } from '../errors/user-facing.error';

/** How much of a bad token is quoted back, so a pasted essay does not come back whole. */
const QUOTED_TOKEN_LENGTH_MAX = 32;

/** "/link minecraft": the one game (provider) named, in lower case as identities store it. */
export function parseLinkProvider(args: string): string {
  const tokens = args.split(/\s+/).filter((token) => token !== '');
  if (tokens.length !== 1) throw userError('linkUsage');
  const given = tokens[0]!;
  const provider = given.toLowerCase();
  if (provider === PROVIDER_TELEGRAM) throw userError('linkTelegram');
  if (!ProviderSchema.safeParse(provider).success) {
    const quoted =
      given.length > QUOTED_TOKEN_LENGTH_MAX ? `${given.slice(0, QUOTED_TOKEN_LENGTH_MAX)}…` : given;
    throw userError('linkBadProvider', { given: quoted });
  }
  return provider;
}

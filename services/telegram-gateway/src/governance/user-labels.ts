import { AccountsCommands, type User as AccountsUser } from '@ticketonomics/contracts';
import type { CommandClient } from '@ticketonomics/messaging';
import { labelOf } from '../members/members.service';
import type { Labeler } from './governance.format';

/** How a member accounts cannot name right now is shown. */
const UNKNOWN_LABEL = '?';

/**
 * The members named in proposals or pools (proposers, vetoing admins, openers, recipients) as accounts has
 * them, by user id. One that cannot be read is left out: a name is a nicety, the card reads right without it.
 */
export async function usersById(
  client: CommandClient,
  ids: Iterable<string>,
): Promise<Map<string, AccountsUser>> {
  const users = new Map<string, AccountsUser>();
  await Promise.all(
    [...new Set(ids)].map(async (userId) => {
      try {
        users.set(userId, await client.request(AccountsCommands.userGet, { userId }));
      } catch {
        // Left out: see above.
      }
    }),
  );
  return users;
}

export function labelFrom(users: Map<string, AccountsUser>): Labeler {
  return (userId) => {
    const user = users.get(userId);
    return user === undefined ? UNKNOWN_LABEL : labelOf(user);
  };
}

import { strict as assert } from 'node:assert';
import {
  AccountsCommands,
  ApiKeyCommands,
  ensuredCommunityId,
  okReply,
  type CommandSpec,
  type Reply,
  type UserMemberships,
} from '@ticketonomics/contracts';
import { routed, type RoutedCommand } from '@ticketonomics/partitions';
import { ACCOUNTS_COMMAND_SPECS } from '../accounts.commands';

/**
 * Users, their identities (a game's names its community, but a user is one user across communities) and
 * link codes are global: the global partition (`accounts.sqlite`) answers these. A redemption links an
 * identity, so it is the global partition's too (it asks the community's partition whether the code's
 * user is a member).
 */
export const ACCOUNTS_GLOBAL_COMMAND_SPECS: readonly CommandSpec[] = [
  AccountsCommands.userUpsert,
  AccountsCommands.userGet,
  AccountsCommands.userFind,
  AccountsCommands.userLookup,
  AccountsCommands.identityLink,
  AccountsCommands.linkCodeCreate,
  AccountsCommands.linkCodeRedeem,
];

const GLOBAL_SUBJECTS = new Set(ACCOUNTS_GLOBAL_COMMAND_SPECS.map((spec) => spec.subject));

/** What a community partition answers: everything of its communities. */
export const ACCOUNTS_COMMUNITY_COMMAND_SPECS: readonly CommandSpec[] = ACCOUNTS_COMMAND_SPECS.filter(
  (spec) => !GLOBAL_SUBJECTS.has(spec.subject),
);

/**
 * When every community partition is asked about a key, the one holding it decides and the others answer
 * 'invalid' as for any unknown key. Their merge: the holder's answer (a success, or 'revoked'), else a
 * partition that could not answer (UNAVAILABLE: the key may be there), else 'invalid' (unknown everywhere,
 * or a wrong secret: alike on purpose).
 */
function mergeVerifications(replies: Reply<unknown>[]): Reply<unknown> {
  const verified = replies.find((reply) => reply.ok);
  if (verified !== undefined) return verified;
  const failures = replies.flatMap((reply) => (reply.ok ? [] : [reply.error]));
  const revoked = failures.find(
    (error) => error.code === 'UNAUTHENTICATED' && error.details?.['reason'] === 'revoked',
  );
  const unanswered = failures.find((error) => error.code !== 'UNAUTHENTICATED');
  return { ok: false, error: revoked ?? unanswered ?? failures[0]! };
}

/** An unknown key or a wrong secret: the answer of a partition that does not hold the key. */
function isInvalidKey(reply: Reply<unknown>): boolean {
  return !reply.ok && reply.error.code === 'UNAUTHENTICATED' && reply.error.details?.['reason'] === 'invalid';
}

/**
 * user.memberships from every community partition: the union, the most recently joined first, cut at the
 * limit. Incomplete when a partition did not answer (its communities are missing, not refused: the wallet
 * still opens with the others) or when there were more than the limit. Every partition failing fails it.
 */
export function mergeUserMemberships(limit: number) {
  return (replies: Reply<unknown>[]): Reply<unknown> => {
    const answered = replies.flatMap((reply) => (reply.ok ? [reply.data as UserMemberships] : []));
    if (answered.length === 0) {
      const failed = replies.find((reply) => !reply.ok);
      assert(failed !== undefined && !failed.ok, 'a fan-out asks at least one partition');
      return failed;
    }
    const items = answered
      .flatMap((part) => part.items)
      .sort((a, b) => b.joinedAt.localeCompare(a.joinedAt) || a.communityId.localeCompare(b.communityId));
    const merged: UserMemberships = {
      items: items.slice(0, limit),
      complete:
        answered.length === replies.length &&
        answered.every((part) => part.complete) &&
        items.length <= limit,
    };
    return okReply(merged);
  };
}

/**
 * Where each public accounts command goes: the global partition for users, identities and link codes;
 * the community's partition for everything a community holds (membership.ensure included: it asks the
 * global partition for the user); apikey.verify, which names a key alone, to the partition its id hashes
 * to, then to every community partition when that one does not know it.
 */
export const ACCOUNTS_ROUTES: readonly RoutedCommand[] = ACCOUNTS_COMMAND_SPECS.map(
  (spec: CommandSpec): RoutedCommand => {
    if (GLOBAL_SUBJECTS.has(spec.subject)) return routed(spec, () => ({ global: true }));
    if (spec.subject === AccountsCommands.membershipEnsure.subject) {
      return routed(AccountsCommands.membershipEnsure, (request) => ({
        communityId: ensuredCommunityId(request.community),
      }));
    }
    if (spec.subject === AccountsCommands.communityUpsert.subject) {
      return routed(AccountsCommands.communityUpsert, (request) => ({
        communityId: ensuredCommunityId({ communityId: request.id, telegramChatId: request.telegramChatId }),
      }));
    }
    if (spec.subject === AccountsCommands.userMemberships.subject) {
      return routed(AccountsCommands.userMemberships, (request, context) => ({
        fanOut: Array.from({ length: context.partitionCount }, (_, partition) => ({ partition, request })),
        merge: mergeUserMemberships(request.limit),
      }));
    }
    if (spec.subject === ApiKeyCommands.apiKeyVerify.subject) {
      // A key id is made to hash to its community's partition (ApiKeysService); a key made before
      // partitions, or a wrong or unknown one, is looked for in every partition.
      return routed(ApiKeyCommands.apiKeyVerify, (request, context) => ({
        first: context.partitionOf(request.keyId),
        missed: isInvalidKey,
        otherwise: {
          fanOut: Array.from({ length: context.partitionCount }, (_, partition) => ({ partition, request })),
          merge: mergeVerifications,
        },
      }));
    }
    return routed(spec, (request) => ({ communityId: (request as { communityId: string }).communityId }));
  },
);

import { AccountsCommands, ApiKeyCommands, type Reply } from '@ticketonomics/contracts';
import { partitionOf, type PartitionRoute, type RouteContext } from '@ticketonomics/partitions';
import { ACCOUNTS_COMMAND_SPECS } from '../accounts.commands';
import {
  ACCOUNTS_COMMUNITY_COMMAND_SPECS,
  ACCOUNTS_GLOBAL_COMMAND_SPECS,
  ACCOUNTS_ROUTES,
} from './accounts.routes';

const PARTITIONS = 6;
const USER = AccountsCommands.userGet.example.userId;

describe('ACCOUNTS_ROUTES', () => {
  const context: RouteContext = {
    partitionCount: PARTITIONS,
    partitionOf: (communityId) => partitionOf(communityId, PARTITIONS),
  };
  const routeOf = (subject: string, body: unknown): PartitionRoute => {
    const route = ACCOUNTS_ROUTES.find((candidate) => candidate.spec.subject === subject)!;
    return route.route(route.spec.request.parse(body), context);
  };

  it('routes every public accounts command, and each partition kind serves its own share of them', () => {
    const subjects = (specs: readonly { subject: string }[]) => specs.map((spec) => spec.subject).sort();
    expect(subjects(ACCOUNTS_ROUTES.map((route) => route.spec))).toEqual(subjects(ACCOUNTS_COMMAND_SPECS));
    expect(subjects([...ACCOUNTS_GLOBAL_COMMAND_SPECS, ...ACCOUNTS_COMMUNITY_COMMAND_SPECS])).toEqual(
      subjects(ACCOUNTS_COMMAND_SPECS),
    );
  });

  it('sends users, identities and link codes to the global partition, and a community’s commands to its own', () => {
    for (const route of ACCOUNTS_ROUTES) {
      const target = route.route(route.spec.request.parse(route.spec.example), context);
      if (ACCOUNTS_GLOBAL_COMMAND_SPECS.includes(route.spec)) {
        expect([route.spec.subject, target]).toEqual([route.spec.subject, { global: true }]);
      } else if (
        route.spec !== ApiKeyCommands.apiKeyVerify &&
        route.spec !== AccountsCommands.userMemberships
      ) {
        expect([route.spec.subject, target]).toEqual([
          route.spec.subject,
          { communityId: 'tg-1001234567890' },
        ]);
      }
    }
    expect(routeOf(AccountsCommands.communityUpsert.subject, { id: 'guild-7', title: 'Guild' })).toEqual({
      communityId: 'guild-7',
    });
    expect(
      routeOf(AccountsCommands.membershipEnsure.subject, {
        community: { communityId: 'guild-7' },
        user: { identity: { provider: 'telegram', externalId: '1' }, displayName: 'A' },
      }),
    ).toEqual({ communityId: 'guild-7' });
  });

  it('verifies a key in the partition its id hashes to, and asks every partition when that one does not know it', () => {
    const example = ApiKeyCommands.apiKeyVerify.example;
    const route = routeOf(ApiKeyCommands.apiKeyVerify.subject, example) as Extract<
      PartitionRoute,
      { first: number }
    >;
    expect(route.first).toBe(partitionOf(example.keyId, PARTITIONS));
    const invalid: Reply<unknown> = {
      ok: false,
      error: { code: 'UNAUTHENTICATED', message: 'invalid', details: { reason: 'invalid' } },
    };
    const revoked: Reply<unknown> = {
      ok: false,
      error: { code: 'UNAUTHENTICATED', message: 'revoked', details: { reason: 'revoked' } },
    };
    const unavailable: Reply<unknown> = { ok: false, error: { code: 'UNAVAILABLE', message: 'moving' } };
    const verified: Reply<unknown> = { ok: true, data: { keyId: example.keyId } };
    expect([invalid, revoked, unavailable, verified].map((reply) => route.missed(reply))).toEqual([
      true,
      false,
      false,
      false,
    ]);

    const everywhere = route.otherwise as Extract<PartitionRoute, { fanOut: unknown }>;
    expect(everywhere.fanOut.map((part) => part.partition)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(everywhere.merge([invalid, verified, unavailable])).toBe(verified);
    expect(everywhere.merge([invalid, unavailable, revoked])).toEqual(revoked);
    expect(everywhere.merge([invalid, unavailable])).toEqual(unavailable);
    expect(everywhere.merge([invalid, invalid])).toEqual(invalid);
  });

  it("asks every partition for a user's memberships and merges them, newest first, saying when some are missing", () => {
    const route = routeOf(AccountsCommands.userMemberships.subject, { userId: USER, limit: 2 }) as Extract<
      PartitionRoute,
      { fanOut: unknown }
    >;
    expect(route.fanOut.map((part) => part.partition)).toEqual([0, 1, 2, 3, 4, 5]);
    const joined = (communityId: string, day: number) => ({
      communityId,
      title: communityId,
      role: 'member' as const,
      joinedAt: `2026-11-0${day}T00:00:00.000Z`,
    });
    const part = (complete: boolean, ...items: ReturnType<typeof joined>[]): Reply<unknown> => ({
      ok: true,
      data: { items, complete },
    });
    const unavailable: Reply<unknown> = { ok: false, error: { code: 'UNAVAILABLE', message: 'moving' } };

    expect(route.merge([part(true, joined('a', 1)), part(true), part(true, joined('b', 3))])).toEqual(
      part(true, joined('b', 3), joined('a', 1)),
    );
    // More than the limit over all partitions, or one partition with more than it sent: incomplete.
    expect(route.merge([part(true, joined('a', 1), joined('c', 2)), part(true, joined('b', 3))])).toEqual(
      part(false, joined('b', 3), joined('c', 2)),
    );
    expect(route.merge([part(false, joined('a', 1)), part(true)])).toEqual(part(false, joined('a', 1)));
    expect(route.merge([unavailable, part(true, joined('a', 1))])).toEqual(part(false, joined('a', 1)));
    expect(route.merge([unavailable, unavailable])).toEqual(unavailable);
  });
});

import { AccountsCommands, AccountsIntegrationCommands } from '@ticketonomics/contracts';
import { partitionOf, type RouteContext } from '@ticketonomics/partitions';
import { ACCOUNTS_PARTITION_COUNT, ACCOUNTS_ROUTES } from './accounts.routes';

describe('ACCOUNTS_ROUTES', () => {
  const context: RouteContext = {
    partitionCount: ACCOUNTS_PARTITION_COUNT,
    partitionOf: (communityId) => partitionOf(communityId, ACCOUNTS_PARTITION_COUNT),
  };

  it('sends every public accounts command, as it came, to the one partition', () => {
    const commands = [...Object.values(AccountsCommands), ...Object.values(AccountsIntegrationCommands)];
    expect(ACCOUNTS_ROUTES.map((route) => route.spec.subject).sort()).toEqual(
      commands.map((command) => command.subject).sort(),
    );
    for (const route of ACCOUNTS_ROUTES) {
      const request = route.spec.request.parse(route.spec.example);
      const target = route.route(request, context);
      expect([route.spec.subject, target]).toEqual([route.spec.subject, { communityId: expect.any(String) }]);
      expect(context.partitionOf((target as { communityId: string }).communityId)).toBe(0);
    }
  });
});

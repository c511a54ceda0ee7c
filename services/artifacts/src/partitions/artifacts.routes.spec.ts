import { ArtifactsCommands } from '@ticketonomics/contracts';
import { partitionOf, type RouteContext } from '@ticketonomics/partitions';
import { ARTIFACTS_ROUTES } from './artifacts.routes';

describe('ARTIFACTS_ROUTES', () => {
  const context: RouteContext = {
    partitionCount: 12,
    partitionOf: (communityId) => partitionOf(communityId, 12),
  };

  it('routes every command to the partition of the community it names', () => {
    expect(Object.keys(ARTIFACTS_ROUTES).sort()).toEqual(Object.keys(ArtifactsCommands).sort());
    for (const [name, command] of Object.entries(ArtifactsCommands)) {
      const route = ARTIFACTS_ROUTES[name as keyof typeof ArtifactsCommands];
      expect(route.spec).toBe(command);
      const request = command.request.parse(command.example);
      expect([name, route.route(request, context)]).toEqual([
        name,
        { communityId: (command.example as { communityId: string }).communityId },
      ]);
    }
  });
});

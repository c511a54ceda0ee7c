import { GovernanceCommands } from '@ticketonomics/contracts';
import { routed, type RoutedCommand } from '@ticketonomics/partitions';

/**
 * Every governance command names its community, and everything of a community (its rules, members,
 * proposals, votes, history) lives in its partition: each command goes to that partition.
 */
export const GOVERNANCE_ROUTES: Record<keyof typeof GovernanceCommands, RoutedCommand> = Object.fromEntries(
  Object.entries(GovernanceCommands).map(([name, spec]) => [
    name,
    routed(spec, (request: { communityId: string }) => ({ communityId: request.communityId })),
  ]),
) as Record<keyof typeof GovernanceCommands, RoutedCommand>;

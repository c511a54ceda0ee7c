import { GovernanceCommands, PoolCommands } from '@ticketonomics/contracts';
import { routed, type RoutedCommand } from '@ticketonomics/partitions';

/**
 * Every governance command names its community, and everything of a community (its rules, members,
 * proposals, votes, history, pools) lives in its partition: each command goes to that partition.
 */
type GovernanceCommandName = keyof typeof GovernanceCommands | keyof typeof PoolCommands;

export const GOVERNANCE_ROUTES: Record<GovernanceCommandName, RoutedCommand> = Object.fromEntries(
  Object.entries({ ...GovernanceCommands, ...PoolCommands }).map(([name, spec]) => [
    name,
    routed(spec, (request: { communityId: string }) => ({ communityId: request.communityId })),
  ]),
) as Record<GovernanceCommandName, RoutedCommand>;

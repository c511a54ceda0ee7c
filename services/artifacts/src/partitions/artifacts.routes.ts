import { ArtifactsCommands } from '@ticketonomics/contracts';
import { routed, type RoutedCommand } from '@ticketonomics/partitions';

/**
 * Every artifacts command names its community, and everything of a community (types, editions, shop,
 * listings, trades, provenance, purchases) lives in its partition: each command goes to that partition.
 * Type, edition, listing and trade numbers are counted per community, so an id means nothing without it.
 */
export const ARTIFACTS_ROUTES: Record<keyof typeof ArtifactsCommands, RoutedCommand> = Object.fromEntries(
  Object.entries(ArtifactsCommands).map(([name, spec]) => [
    name,
    routed(spec, (request: { communityId: string }) => ({ communityId: request.communityId })),
  ]),
) as Record<keyof typeof ArtifactsCommands, RoutedCommand>;

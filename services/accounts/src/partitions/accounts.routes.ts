import type { CommandSpec } from '@ticketonomics/contracts';
import type { RoutedCommand } from '@ticketonomics/partitions';
import { ACCOUNTS_COMMAND_SPECS } from '../accounts.commands';

/**
 * Accounts is one partition: users and identities are global (a member's identity links communities), so
 * every command goes to the one replica that writes `accounts.sqlite` now, whichever replica it reached.
 */
export const ACCOUNTS_PARTITION_COUNT = 1;

/** Every public accounts command, passed as it came to the writing replica (partition p000). */
export const ACCOUNTS_ROUTES: readonly RoutedCommand[] = ACCOUNTS_COMMAND_SPECS.map(
  (spec: CommandSpec): RoutedCommand => ({
    spec,
    // With one partition every community (the empty id too) hashes to partition 0.
    route: () => ({ communityId: '' }),
  }),
);

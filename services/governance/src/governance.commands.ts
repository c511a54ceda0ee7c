import {
  GovernanceCommands,
  PoolCommands,
  type CommandParsedRequest,
  type CommandResponse,
} from '@ticketonomics/contracts';

type Commands = typeof GovernanceCommands;

/** The validated payload a governance command handler receives. */
export type GovernanceRequest<K extends keyof Commands> = CommandParsedRequest<Commands[K]>;
/** What a governance command handler answers. */
export type GovernanceResponse<K extends keyof Commands> = CommandResponse<Commands[K]>;

/** Every command a governance partition serves: proposals, settings, history and cooperation pools. */
export const GOVERNANCE_COMMAND_SPECS = [
  ...Object.values(GovernanceCommands),
  ...Object.values(PoolCommands),
];

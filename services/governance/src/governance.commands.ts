import {
  GovernanceCommands,
  type CommandParsedRequest,
  type CommandResponse,
} from '@ticketonomics/contracts';

type Commands = typeof GovernanceCommands;

/** The validated payload a governance command handler receives. */
export type GovernanceRequest<K extends keyof Commands> = CommandParsedRequest<Commands[K]>;
/** What a governance command handler answers. */
export type GovernanceResponse<K extends keyof Commands> = CommandResponse<Commands[K]>;

export const GOVERNANCE_COMMAND_SPECS = Object.values(GovernanceCommands);

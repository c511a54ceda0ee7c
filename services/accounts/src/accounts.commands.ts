import {
  AccountsCommands,
  AccountsIntegrationCommands,
  type CommandParsedRequest,
  type CommandResponse,
} from '@ticketonomics/contracts';

type Commands = typeof AccountsCommands & typeof AccountsIntegrationCommands;

/** The validated payload an accounts command handler receives. */
export type AccountsRequest<K extends keyof Commands> = CommandParsedRequest<Commands[K]>;
/** What an accounts command handler answers. */
export type AccountsResponse<K extends keyof Commands> = CommandResponse<Commands[K]>;

export const ACCOUNTS_COMMAND_SPECS = [
  ...Object.values(AccountsCommands),
  ...Object.values(AccountsIntegrationCommands),
];

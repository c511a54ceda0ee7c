import { LedgerCommands, type CommandParsedRequest, type CommandResponse } from '@ticketonomics/contracts';

type Commands = typeof LedgerCommands;

/** The validated payload a ledger command handler receives. */
export type LedgerRequest<K extends keyof Commands> = CommandParsedRequest<Commands[K]>;
/** What a ledger command handler answers. */
export type LedgerResponse<K extends keyof Commands> = CommandResponse<Commands[K]>;

export const LEDGER_COMMAND_SPECS = Object.values(LedgerCommands);

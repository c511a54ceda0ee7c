import { PoolCommands, type CommandParsedRequest, type CommandResponse } from '@ticketonomics/contracts';

type Commands = typeof PoolCommands;

/** The validated payload a pool command handler receives. */
export type PoolRequest<K extends keyof Commands> = CommandParsedRequest<Commands[K]>;
/** What a pool command handler answers. */
export type PoolResponse<K extends keyof Commands> = CommandResponse<Commands[K]>;

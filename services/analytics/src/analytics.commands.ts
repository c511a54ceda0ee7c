import { AnalyticsCommands, type CommandParsedRequest, type CommandResponse } from '@ticketonomics/contracts';

type Commands = typeof AnalyticsCommands;

/** The validated payload an analytics command handler receives. */
export type AnalyticsRequest<K extends keyof Commands> = CommandParsedRequest<Commands[K]>;
/** What an analytics command handler answers. */
export type AnalyticsResponse<K extends keyof Commands> = CommandResponse<Commands[K]>;

export const ANALYTICS_COMMAND_SPECS = Object.values(AnalyticsCommands);

import { ArtifactsCommands, type CommandParsedRequest, type CommandResponse } from '@ticketonomics/contracts';

type Commands = typeof ArtifactsCommands;

/** The validated payload an artifacts command handler receives. */
export type ArtifactsRequest<K extends keyof Commands> = CommandParsedRequest<Commands[K]>;
/** What an artifacts command handler answers. */
export type ArtifactsResponse<K extends keyof Commands> = CommandResponse<Commands[K]>;

export const ARTIFACTS_COMMAND_SPECS = Object.values(ArtifactsCommands);

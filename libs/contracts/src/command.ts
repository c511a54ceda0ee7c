import type { z } from 'zod';

/** One request/reply subject: its request and response schemas and a payload that works on a fresh system. */
export interface CommandSpec<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  readonly subject: string;
  readonly summary: string;
  readonly request: Req;
  readonly response: Res;
  readonly example: z.input<Req>;
}

export type CommandRequest<C extends CommandSpec> = z.input<C['request']>;
export type CommandParsedRequest<C extends CommandSpec> = z.output<C['request']>;
export type CommandResponse<C extends CommandSpec> = z.output<C['response']>;

export function defineCommand<Req extends z.ZodType, Res extends z.ZodType>(
  spec: CommandSpec<Req, Res>,
): CommandSpec<Req, Res> {
  return spec;
}

/** One JetStream event type: the subject it is published on, its `data` schema and an example. */
export interface EventSpec<Data extends z.ZodType = z.ZodType> {
  readonly type: string;
  readonly summary: string;
  readonly data: Data;
  readonly example: z.input<Data>;
}

export type EventData<E extends EventSpec> = z.output<E['data']>;

export function defineEvent<Data extends z.ZodType>(spec: EventSpec<Data>): EventSpec<Data> {
  return spec;
}

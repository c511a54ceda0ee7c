import { z } from 'zod';
import { ErrorBodySchema, type ErrorBody } from './errors';

/** The reply body of every command: plain JSON any NATS client can read. */
export type Reply<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };

export function replySchema<T extends z.ZodType>(data: T) {
  return z.discriminatedUnion('ok', [
    z.strictObject({ ok: z.literal(true), data }),
    z.strictObject({ ok: z.literal(false), error: ErrorBodySchema }),
  ]);
}

export function okReply<T>(data: T): Reply<T> {
  return { ok: true, data };
}

export function errorReply(error: ErrorBody): Reply<never> {
  return { ok: false, error };
}

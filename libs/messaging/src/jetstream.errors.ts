import { JetStreamApiError } from '@nats-io/jetstream';

/**
 * The JetStream API error codes (`err_code`) the code base reacts to. Errors are recognised by these codes,
 * never by their text, which the server words differently from one version to the next.
 */
export const JS_ERROR_CODES = {
  /** A consumer (durable or ephemeral) that does not exist on the stream. */
  consumerNotFound: 10014,
  /** A stream message asked for by sequence or by last subject that the stream does not hold. */
  messageNotFound: 10037,
  /** A stream was created meanwhile, by another replica or service, with a different configuration. */
  streamNameInUse: 10058,
  streamNotFound: 10059,
  /** A publish with an expected last (subject) sequence lost the race: someone wrote first (KV update). */
  streamWrongLastSequence: 10071,
  /** The same, as newer servers say it when they cannot tell the last sequence. */
  streamWrongLastSequenceUnknown: 10164,
} as const;

export type JetStreamErrorCode = (typeof JS_ERROR_CODES)[keyof typeof JS_ERROR_CODES];

/** The JetStream API error code of an error, or undefined when it is not a JetStream API error. */
export function jetStreamErrorCode(error: unknown): number | undefined {
  return error instanceof JetStreamApiError ? error.code : undefined;
}

/** Whether `error` is a JetStream API error with one of `codes`. */
export function isJetStreamError(error: unknown, ...codes: JetStreamErrorCode[]): boolean {
  const code = jetStreamErrorCode(error);
  return code !== undefined && (codes as number[]).includes(code);
}

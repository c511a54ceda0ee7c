import { errors } from '@nats-io/transport-node';

/** How the bus turned something down, as tests of the closed bus expect it. */
export type BusRefusal = 'permissions-violation' | 'authorization-violation' | 'no-responders';

/** The refusal an error stands for (nats.js wraps a request's cause in a RequestError), if any. */
export function busRefusalOf(error: unknown): BusRefusal | undefined {
  const cause = error instanceof errors.RequestError ? error.cause : error;
  if (cause instanceof errors.PermissionViolationError) return 'permissions-violation';
  if (cause instanceof errors.NoRespondersError) return 'no-responders';
  if (cause instanceof errors.AuthorizationError) return 'authorization-violation';
  return undefined;
}

/** Settle `work`: 'accepted' when it succeeds, the refusal when the bus turned it down, else the error. */
export async function busRefusal(work: Promise<unknown>): Promise<BusRefusal | 'accepted' | string> {
  try {
    await work;
    return 'accepted';
  } catch (error) {
    return busRefusalOf(error) ?? `not a refusal: ${String(error)}`;
  }
}

import { createHash } from 'node:crypto';

/** The request as stored for idempotency: which command, and its validated payload. */
export interface RecordedRequest {
  command: string;
  payload: Record<string, unknown>;
}

/** sha256 of the command and payload with object keys sorted, so field order never matters. */
export function requestHash(request: RecordedRequest): string {
  return createHash('sha256')
    .update(JSON.stringify([request.command, canonical(request.payload)]))
    .digest('hex');
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined);
  return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, canonical(v)]));
}

/**
 * The first field in which a repeated request differs from the first one with its id, in the order of
 * the repeated request's fields (then fields only the first had); null when they are the same request.
 */
export function firstDifference(first: RecordedRequest, repeat: RecordedRequest): string | null {
  if (first.command !== repeat.command) return 'requestId';
  const keys = [...Object.keys(repeat.payload), ...Object.keys(first.payload)];
  for (const key of keys) {
    if (JSON.stringify(first.payload[key]) !== JSON.stringify(repeat.payload[key])) return key;
  }
  return null;
}

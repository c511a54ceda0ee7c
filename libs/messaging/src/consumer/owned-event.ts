import { foreignEventReason } from '@ticketonomics/contracts';
import type { Logger } from 'pino';
import { decodeText } from '../codec';

/** An event as a core NATS subscriber hears it: its JSON text and the parsed object. */
export interface HeardEvent {
  json: string;
  event: { type: string; source: string; communityid?: unknown; id?: unknown; data?: unknown };
}

/**
 * The event in a message heard on core NATS, or null when it is not JSON or not its owner's: permissions
 * keep others from publishing on a service's event subjects; this check makes a mistake loud.
 */
export function heardEvent(subject: string, data: Uint8Array, logger: Logger): HeardEvent | null {
  const json = decodeText(data);
  let event: HeardEvent['event'];
  try {
    event = JSON.parse(json) as HeardEvent['event'];
  } catch {
    logger.warn({ subject }, 'event that is not JSON skipped');
    return null;
  }
  if (event === null || typeof event !== 'object' || typeof event.type !== 'string') {
    logger.warn({ subject }, 'event without a type skipped');
    return null;
  }
  const foreign = foreignEventReason(subject, { type: event.type, source: String(event.source) });
  if (foreign !== undefined) {
    logger.error({ subject, reason: foreign }, 'event refused: not from the service that owns its subject');
    return null;
  }
  return { json, event };
}

import type { CloudEvent, EventData, EventSpec } from '@ticketonomics/contracts';
import { randomUUID } from 'node:crypto';

/**
 * Build a CloudEvents 1.0 envelope. The id is fixed here, before the outbox, so a republish keeps it.
 * randomUUID draws from a pooled entropy buffer; a ULID here cost ~90 µs per event (a syscall per char).
 */
export function buildEvent<E extends EventSpec>(
  spec: E,
  input: { source: string; communityId: string; subject: string; data: EventData<E>; time?: Date },
): CloudEvent<EventData<E>> {
  return {
    specversion: '1.0',
    id: randomUUID(),
    source: input.source,
    type: spec.type,
    time: (input.time ?? new Date()).toISOString(),
    subject: input.subject,
    datacontenttype: 'application/json',
    communityid: input.communityId,
    data: input.data,
  };
}

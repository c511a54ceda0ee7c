import type { CloudEvent, EventData, EventSpec } from '@ticketonomics/contracts';
import { ulid } from 'ulid';

/** Build a CloudEvents 1.0 envelope. The id is fixed here, before the outbox, so a republish keeps it. */
export function buildEvent<E extends EventSpec>(
  spec: E,
  input: { source: string; communityId: string; subject: string; data: EventData<E>; time?: Date },
): CloudEvent<EventData<E>> {
  return {
    specversion: '1.0',
    id: ulid(),
    source: input.source,
    type: spec.type,
    time: (input.time ?? new Date()).toISOString(),
    subject: input.subject,
    datacontenttype: 'application/json',
    communityid: input.communityId,
    data: input.data,
  };
}

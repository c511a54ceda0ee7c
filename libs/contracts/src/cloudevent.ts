import { z } from 'zod';

/** JetStream stream holding every event; subjects are `tk.evt.<service>.<entity>.<verb>`. */
export const EVENT_STREAM = 'TICKETONOMICS';
export const EVENT_SUBJECTS = 'tk.evt.>';

/** CloudEvents 1.0 structured JSON. `communityid` is an extension attribute so consumers can filter cheaply. */
export const CloudEventSchema = z.object({
  specversion: z.literal('1.0'),
  id: z.string().min(1),
  source: z.string().min(1),
  type: z.string().regex(/^tk\.evt\.[a-z]+\.[a-z-]+\.[a-z-]+$/),
  time: z.iso.datetime(),
  subject: z.string().min(1),
  datacontenttype: z.literal('application/json'),
  communityid: z.string().min(1),
  data: z.unknown(),
});
export type CloudEvent<T = unknown> = Omit<z.infer<typeof CloudEventSchema>, 'data'> & { data: T };

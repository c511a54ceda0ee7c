import { request } from 'node:http';

export interface FeedReply {
  status: number;
  /** The body of a refusal (JSON parsed when it is JSON). */
  body: any;
  /** Everything the feed sent so far, as text. */
  text(): string;
  /** Resolves when the server ends the feed. */
  ended: Promise<void>;
  close(): void;
}

/** GET a Server-Sent Events feed; resolves once the status is known (a refusal with its whole body). */
export function openFeed(
  baseUrl: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<FeedReply> {
  return new Promise((resolve, reject) => {
    const outgoing = request(`${baseUrl}${path}`, { headers: { Accept: 'text/event-stream', ...headers } });
    outgoing.on('error', reject);
    outgoing.on('response', (response) => {
      let received = '';
      const ended = new Promise<void>((done) => {
        response.on('end', done);
        response.on('close', done);
      });
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (received += chunk));
      const reply = (body: unknown): FeedReply => ({
        status: response.statusCode ?? 0,
        body,
        text: () => received,
        ended,
        close: () => outgoing.destroy(),
      });
      if (response.statusCode === 200) {
        resolve(reply(undefined));
        return;
      }
      void ended.then(() => {
        let body: unknown = received;
        try {
          body = JSON.parse(received);
        } catch {
          // A text answer (the page's): kept as text.
        }
        resolve(reply(body));
      });
    });
    outgoing.end();
  });
}

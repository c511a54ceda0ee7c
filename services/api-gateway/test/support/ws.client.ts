import { waitFor } from '@ticketonomics/testing';
import { WebSocket } from 'ws';

export interface StreamClient {
  socket: WebSocket;
  events: any[];
  closed: Promise<{ code: number; reason: string }>;
  /** Wait for an event matching the predicate. */
  waitForEvent(predicate: (event: any) => boolean, timeoutMs?: number): Promise<any>;
  close(): void;
}

/** Open a WebSocket; resolves once open, rejects with the HTTP status (and body) of a refused upgrade. */
export function openStream(url: string, headers: Record<string, string> = {}): Promise<StreamClient> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    const events: any[] = [];
    const closed = new Promise<{ code: number; reason: string }>((done) =>
      socket.on('close', (code, reason) => done({ code, reason: reason.toString() })),
    );
    socket.on('message', (data) => events.push(JSON.parse(data.toString())));
    socket.on('unexpected-response', (_request, response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => {
        const error = new Error(`upgrade refused: ${response.statusCode}`) as Error & {
          status?: number;
          body?: unknown;
        };
        error.status = response.statusCode;
        error.body = text === '' ? undefined : JSON.parse(text);
        reject(error);
      });
    });
    socket.on('error', (error) => reject(error));
    socket.on('open', () =>
      resolve({
        socket,
        events,
        closed,
        waitForEvent: (predicate, timeoutMs = 10_000) =>
          waitFor(() => events.find(predicate), { timeoutMs, description: 'an event on the stream' }),
        close: () => socket.close(),
      }),
    );
  });
}

/** The refusal of an upgrade that was expected to fail. */
export async function refusedStream(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: unknown }> {
  try {
    const stream = await openStream(url, headers);
    stream.close();
    throw new Error(`expected ${url} to be refused`);
  } catch (error) {
    const refused = error as { status?: number; body?: unknown };
    if (refused.status === undefined) throw error;
    return { status: refused.status, body: refused.body };
  }
}

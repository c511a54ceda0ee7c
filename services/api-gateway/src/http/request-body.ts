import { DomainError } from '@ticketonomics/contracts';
import type { IncomingMessage } from 'node:http';
import { HttpRefusal } from './http-error';

/**
 * The JSON body of a request, read up to `maxBytes`: undefined when empty, 413 past the limit, 400 when it
 * is not JSON. A body that stops arriving is bounded by the HTTP server's own request timeout.
 */
export async function readJsonBody(request: IncomingMessage, maxBytes: number): Promise<unknown> {
  const declared = Number(request.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of request as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxBytes) throw tooLarge(maxBytes);
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof HttpRefusal) throw error;
    // The client went away mid-body: an incomplete request, not a server fault.
    throw new DomainError('VALIDATION_FAILED', '$: the body was cut off', { field: '$', in: 'body' });
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new DomainError('VALIDATION_FAILED', '$: the body is not valid JSON', { field: '$', in: 'body' });
  }
}

function tooLarge(maxBytes: number): HttpRefusal {
  return new HttpRefusal(
    'PAYLOAD_TOO_LARGE',
    `$: the body is larger than ${maxBytes} bytes; send less (a memo is at most 256 characters)`,
    { field: '$', in: 'body', reason: 'too_large', maxBytes },
    { Connection: 'close' },
  );
}

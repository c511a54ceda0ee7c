import type { IncomingMessage } from 'node:http';
import { badRequest } from './bot-api.errors';
import type { RawParams } from './bot-api.params';

/** Larger than any text call; a file upload past this is answered 413, as Telegram does past its own limit. */
export const MAX_REQUEST_BODY_BYTES = 20 * 1024 * 1024;

/** What a multipart file field turns into: the emulator keeps no file contents, only enough to assert on. */
export interface UploadedFile {
  filename: string;
  sizeBytes: number;
}

export class BodyTooLargeError extends Error {}

/**
 * Reads a Bot API request's parameters: the query string, then the body on top (JSON, urlencoded or multipart).
 * telegraf 4.16 sends JSON unless a payload carries a file, then multipart with objects as JSON text.
 */
export async function readParams(request: IncomingMessage, url: URL): Promise<RawParams> {
  const params: RawParams = Object.fromEntries(url.searchParams);
  const body = await readBody(request);
  if (body.length === 0) return params;
  const contentType = request.headers['content-type'] ?? '';
  if (contentType.startsWith('application/json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      throw badRequest("can't parse JSON encoded request body");
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw badRequest('request body must be a JSON object');
    }
    return { ...params, ...(parsed as RawParams) };
  }
  if (contentType.startsWith('application/x-www-form-urlencoded')) {
    return { ...params, ...Object.fromEntries(new URLSearchParams(body.toString('utf8'))) };
  }
  if (contentType.startsWith('multipart/form-data')) {
    const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
    if (boundary === null) throw badRequest('multipart boundary is missing');
    return { ...params, ...parseMultipart(body, boundary[1] ?? boundary[2] ?? '') };
  }
  throw badRequest(`unsupported content type "${contentType}"`);
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let sizeBytes = 0;
    request.on('data', (chunk: Buffer) => {
      sizeBytes += chunk.length;
      // Past the limit the rest is read and dropped, so the 413 answer still reaches the caller.
      if (sizeBytes <= MAX_REQUEST_BODY_BYTES) chunks.push(chunk);
    });
    request.on('end', () => {
      if (sizeBytes > MAX_REQUEST_BODY_BYTES) {
        reject(new BodyTooLargeError(`request body over ${MAX_REQUEST_BODY_BYTES} bytes`));
      } else {
        resolveBody(Buffer.concat(chunks));
      }
    });
    request.on('error', reject);
  });
}

/** A small multipart/form-data reader: field parts become strings, file parts become UploadedFile records. */
function parseMultipart(body: Buffer, boundary: string): RawParams {
  const params: RawParams = {};
  const delimiter = Buffer.from(`--${boundary}`);
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const partStart = start + delimiter.length;
    // "--" right after a delimiter closes the body.
    if (body.subarray(partStart, partStart + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, partStart);
    if (next === -1) break;
    // Each part sits between the CRLF after the delimiter and the CRLF before the next one.
    const part = body.subarray(partStart + 2, next - 2);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd !== -1) {
      const headers = part.subarray(0, headerEnd).toString('utf8');
      const content = part.subarray(headerEnd + 4);
      const name = /name="([^"]*)"/i.exec(headers)?.[1];
      const filename = /filename="([^"]*)"/i.exec(headers)?.[1];
      if (name !== undefined) {
        params[name] =
          filename === undefined
            ? content.toString('utf8')
            : ({ filename, sizeBytes: content.length } satisfies UploadedFile);
      }
    }
    start = next;
  }
  return params;
}

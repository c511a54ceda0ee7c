import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { z } from 'zod';
import {
  errorBody,
  HTTP_ERROR_MEANINGS,
  HttpErrorBodySchema,
  methodNotAllowed,
  routeNotFound,
  toHttpError,
  type HttpError,
  type HttpErrorCode,
} from './http-error';

/** The request as Express hands it on: `route` is set once a controller's path matched. */
type Request = IncomingMessage & { path: string; method: string; route?: unknown };

/** The route table Express keeps: the paths Nest's controllers serve and their methods. */
interface ExpressRouteLayer {
  route?: { methods: Record<string, boolean> };
  match(path: string): unknown;
}

/** A body some part of the gateway made in the error shape already (details may be left out). */
const OwnShapeSchema = z.object({
  error: HttpErrorBodySchema.shape.error.extend({ details: z.record(z.string(), z.unknown()).optional() }),
});

/** Codes for statuses Nest answers by itself (a 404 of no route, a 400 of a bad parameter). */
const CODE_BY_STATUS: Record<number, HttpErrorCode> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  429: 'RATE_LIMITED',
  503: 'UNAVAILABLE',
};

/**
 * Every error answered outside the API router (health, docs, the dashboard and its public JSON, unknown
 * paths) in the router's shape: `{"error":{"code","message","details"}}`, never Nest's default
 * `{"message","error","statusCode"}`. A path served with other methods is 405 with Allow.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  constructor(
    private readonly routes: () => readonly ExpressRouteLayer[],
    private readonly logger: Logger,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<ServerResponse>();
    const mapped = this.map(exception, request);
    if (mapped.unexpected)
      this.logger.error({ err: exception, path: request.path }, 'request failed unexpectedly');
    if (response.headersSent) {
      response.end();
      return;
    }
    if (request.path.startsWith('/public/')) response.setHeader('Access-Control-Allow-Origin', '*');
    const text = JSON.stringify(mapped.body);
    response.writeHead(mapped.status, {
      ...mapped.headers,
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': String(Buffer.byteLength(text)),
      'Cache-Control': 'no-store',
    });
    response.end(text);
  }

  private map(exception: unknown, request: Request): HttpError {
    if (!(exception instanceof HttpException)) return toHttpError(exception);
    const status = exception.getStatus();
    // No controller matched (Express sets request.route for the one that did): Nest's own 404.
    if (status === 404 && request.route === undefined) {
      const allowed = this.allowedMethods(request.path);
      return toHttpError(
        allowed.length > 0
          ? methodNotAllowed(request.method, request.path, allowed)
          : routeNotFound(request.method, request.path),
      );
    }
    const ours = OwnShapeSchema.safeParse(exception.getResponse());
    if (ours.success) {
      const { code, message, details } = ours.data.error;
      return { status, body: errorBody(code, message, details ?? {}), headers: {}, unexpected: false };
    }
    const code = CODE_BY_STATUS[status] ?? (status >= 500 ? 'INTERNAL' : 'VALIDATION_FAILED');
    return {
      status: code === 'INTERNAL' ? 500 : status,
      body: errorBody(code, HTTP_ERROR_MEANINGS[code]),
      headers: {},
      unexpected: code === 'INTERNAL',
    };
  }

  private allowedMethods(path: string): string[] {
    const methods = new Set<string>();
    for (const layer of this.routes()) {
      if (layer.route === undefined || layer.match(path) === false) continue;
      for (const [method, on] of Object.entries(layer.route.methods))
        if (on) methods.add(method.toUpperCase());
    }
    if (methods.has('GET')) methods.add('HEAD');
    return [...methods].filter((method) => method !== '_ALL');
  }
}

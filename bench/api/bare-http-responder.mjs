// The HTTP baseline: a process serving HTTP the way the api-gateway does (NestJS on Express, one
// middleware mounted before Nest's routes that reads the body and answers JSON), with a fixed answer and
// no NATS behind it: what HTTP on this stack costs at most. Env: HTTP_PORT (required).
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

/** The gateway's own timeouts (api-gateway.app.ts), so both sides keep connections alike. */
const KEEP_ALIVE_TIMEOUT_MS = 5_000;
const REQUEST_TIMEOUT_MS = 30_000;
const BODY_MAX_BYTES = 64 * 1024;

/** About the size of a transfer's answer. */
const ANSWER = JSON.stringify({
  transfer: {
    id: 'bare-0000000000000000000000000000000000000000',
    debitAccountId: 'user:bench:01JBENCH0000000000000000000',
    creditAccountId: 'user:bench:01JBENCH0000000000000000001',
    amount: 1,
    code: 'payment',
    memo: 'bench',
    createdAt: '2026-01-01T00:00:00.000Z',
  },
  tax: null,
});

class BareModule {}
Module({})(BareModule);

function answer(request, response, next) {
  if (!(request.url ?? '/').startsWith('/v1/')) {
    next();
    return;
  }
  let size = 0;
  const chunks = [];
  request.on('data', (chunk) => {
    size += chunk.length;
    if (size <= BODY_MAX_BYTES) chunks.push(chunk);
  });
  request.on('end', () => {
    if (size > 0) JSON.parse(Buffer.concat(chunks).toString('utf8'));
    response.writeHead(request.method === 'POST' ? 201 : 200, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': String(Buffer.byteLength(ANSWER)),
      'Cache-Control': 'no-store',
    });
    response.end(ANSWER);
  });
}

const app = await NestFactory.create(BareModule, { logger: false });
app.getHttpAdapter().getInstance().disable('x-powered-by');
app.use(answer);
const server = app.getHttpServer();
server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
server.requestTimeout = REQUEST_TIMEOUT_MS;
await app.listen(Number(process.env.HTTP_PORT), '127.0.0.1');
process.stdout.write(`bare HTTP responder ready on ${process.env.HTTP_PORT}\n`);
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.once(signal, () => {
    void app.close().then(() => process.exit(0));
  });
}

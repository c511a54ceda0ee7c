// (a) The baseline: the same stream read by a bare process with analytics' client and consumer settings,
// parsing each message and doing nothing else; then again with analytics' decoder (the contracts' schemas).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { spawnTracked } from '../../lib/proc.mjs';

async function readStream({ cfg, nats, logDir, benchDir }, mode) {
  const logPath = join(logDir, `stream-reader-${mode}.log`);
  const started = performance.now();
  const proc = spawnTracked(
    process.execPath,
    [
      join(benchDir, 'analytics', 'stream-reader.mjs'),
      nats.url,
      nats.credentialsFile('analytics'),
      String(cfg.batchMax),
      mode,
    ],
    { env: process.env, logPath },
  );
  const exit = await proc.exited;
  const wallMs = performance.now() - started;
  const lines = readFileSync(logPath, 'utf8').trim().split('\n');
  if (exit.code !== 0)
    throw new Error(
      `stream reader (${mode}) exited ${exit.code ?? exit.signal}:\n${lines.slice(-10).join('\n')}`,
    );
  const result = JSON.parse(lines[lines.length - 1]);
  return {
    ...result,
    wallMs,
    eventsPerSec: (result.events * 1000) / result.msFromProcessStart,
    eventsPerSecFromConnect: (result.events * 1000) / result.msFromConnect,
  };
}

export async function runBaseline(ctx) {
  ctx.log('baseline: reading and parsing the stream');
  const parse = await readStream(ctx, 'parse');
  ctx.log("baseline: reading and decoding the stream with the contracts' schemas");
  const decode = await readStream(ctx, 'decode');
  return { parse, decode };
}

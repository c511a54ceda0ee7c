// Baseline responder: a bare NATS request/reply service in Node that replies with the request body.
// Env: NATS_URL and NATS_CREDENTIALS_FILE (required), ECHO_SUBJECT (default bench.echo), ECHO_QUEUE (default echo).
import { connect } from '@nats-io/transport-node';
import { busAuth } from './lib/proc.mjs';

const url = process.env.NATS_URL;
if (!url) {
  process.stderr.write('echo-responder: NATS_URL is required\n');
  process.exit(2);
}
const subject = process.env.ECHO_SUBJECT ?? 'bench.echo';
const queue = process.env.ECHO_QUEUE ?? 'echo';

const nc = await connect({
  servers: url,
  name: 'bench-echo-responder',
  ...busAuth().natsAuthOptions(process.env.NATS_CREDENTIALS_FILE),
});
nc.subscribe(subject, {
  queue,
  callback: (error, msg) => {
    if (error) {
      process.stderr.write(`echo-responder: ${error.message}\n`);
      return;
    }
    msg.respond(msg.data);
  },
});
await nc.flush();
process.stdout.write(`echo-responder ready on ${subject} (queue ${queue})\n`);

const stop = async () => {
  await nc.drain().catch(() => undefined);
  process.exit(0);
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);

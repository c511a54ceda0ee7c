// The baseline, run as its own process like an analytics replica: read the whole event stream with the
// client and consumer analytics uses (nats.js ordered consumer from sequence 1 on tk.evt.>, consume() with
// max_messages = ANALYTICS_BATCH_MAX, a callback per message), turn each body into text and parse it, and
// nothing else: what one process can take off this stream on this machine. With `decode` it also runs
// analytics' own decoder (the contracts' schemas), to show what validation costs on top.
// Usage: node stream-reader.mjs <nats url> <credentials file> <batchMax> <parse|decode>
// Prints one line of JSON: { events, lastSeq, msFromProcessStart, msFromConnect, maxRssKb }.
import { DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { compiled } from './compiled.mjs';

const [url, credentialsFile, batchMaxText, mode] = process.argv.slice(2);
const batchMax = Number(batchMaxText);
const { contracts, messaging, analyticsDecoder, busAuth } = compiled();

const nc = await connect({
  servers: url,
  name: 'bench-stream-reader',
  ...busAuth.natsAuthOptions(credentialsFile),
});
const connectedAt = performance.now();
const info = await (await jetstreamManager(nc)).streams.info(contracts.EVENT_STREAM);
const lastSeq = info.state.last_seq;
const consumer = await jetstream(nc).consumers.get(contracts.EVENT_STREAM, {
  filter_subjects: contracts.EVENT_SUBJECTS,
  deliver_policy: DeliverPolicy.StartSequence,
  opt_start_seq: 1,
});

let events = 0;
let sink = 0;
const done = Promise.withResolvers();
const messages = await consumer.consume({
  max_messages: batchMax,
  callback: (msg) => {
    const body = messaging.decodeText(msg.data);
    if (mode === 'decode') sink += analyticsDecoder.decodeEvent(body, msg.subject).timeMs & 1;
    else sink += JSON.parse(body).data === undefined ? 0 : 1;
    events += 1;
    if (msg.seq >= lastSeq) done.resolve();
  },
});
await done.promise;
const msFromProcessStart = performance.now();
messages.stop();
const rss = readFileSync('/proc/self/status', 'utf8').match(/VmHWM:\s+(\d+) kB/);
process.stdout.write(
  JSON.stringify({
    mode,
    events,
    lastSeq,
    msFromProcessStart,
    msFromConnect: msFromProcessStart - connectedAt,
    maxRssKb: rss ? Number(rss[1]) : null,
    sink,
  }) + '\n',
);
await nc.close();

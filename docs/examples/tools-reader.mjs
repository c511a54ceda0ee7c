// A read-only tool: follows the event stream on its own consumer and asks the ledger for a supply.
// Run it with the credentials from `npm run nats:user -- add tools reporting`:
//   NATS_URL=$(cat data/nats/url) NATS_CREDENTIALS_FILE=data/nats/credentials/tools-reporting.creds \
//     node docs/examples/tools-reader.mjs [community] [max events]
import { jetstream } from '@nats-io/jetstream';
import { connect, nkeyAuthenticator } from '@nats-io/transport-node';
import { readFileSync } from 'node:fs';

// A credentials file is `name: value` lines: user, role, inbox_prefix and the nkey seed.
const creds = Object.fromEntries(
  readFileSync(process.env.NATS_CREDENTIALS_FILE, 'utf8')
    .split('\n')
    .filter((line) => line.includes(': ') && !line.startsWith('#'))
    .map((line) => [line.slice(0, line.indexOf(': ')), line.slice(line.indexOf(': ') + 2)]),
);
const nc = await connect({
  servers: process.env.NATS_URL,
  authenticator: nkeyAuthenticator(new TextEncoder().encode(creds.seed)),
  inboxPrefix: creds.inbox_prefix, // replies come only to this user's inbox
});

const [community = 'demo-town', max = '10'] = process.argv.slice(2);
const reply = await nc.request('tk.cmd.ledger.supply.get', JSON.stringify({ communityId: community }));
console.log('supply', new TextDecoder().decode(reply.data));

// The operator made this pull consumer, named like the user; the tool only reads it.
const consumer = await jetstream(nc).consumers.get('TICKETONOMICS', creds.user);
let seen = 0;
for await (const message of await consumer.consume()) {
  const event = message.json();
  console.log('event', message.subject, event.communityid, event.id);
  message.ack();
  if (++seen >= Number(max)) break;
}
await nc.close();

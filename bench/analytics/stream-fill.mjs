// Fills the event stream with the simulated economy (economy-events.mjs), published as the services publish
// their outboxes: the services' JetStreamPublisher, each event on its type's subject with its id as
// Nats-Msg-Id, a round of events in flight at once. The next round is built while the last one's acks come
// back. A sample of the events is checked against the contracts' schemas as they are made.
import { performance } from 'node:perf_hooks';
import { compiled } from './compiled.mjs';
import { makeEconomy } from './economy-events.mjs';

const PUBLISH_TIMEOUT_MS = 30_000;
/** Every event of the first few thousand, then one in this many, is checked against the schemas. */
const VALIDATE_FIRST = 5_000;
const VALIDATE_EVERY = 97;

function schemaChecker() {
  const { contracts } = compiled();
  const specs = new Map();
  for (const group of [contracts.LedgerEvents, contracts.AccountsEvents, contracts.ArtifactsEvents]) {
    for (const spec of Object.values(group)) specs.set(spec.type, spec);
  }
  let checked = 0;
  return {
    get checked() {
      return checked;
    },
    check(row) {
      const envelope = contracts.parseOrThrow(contracts.CloudEventSchema, JSON.parse(row.payload));
      const foreign = contracts.foreignEventReason(row.subject, envelope);
      if (foreign !== undefined) throw new Error(`generated event refused: ${foreign}`);
      contracts.parseOrThrow(specs.get(envelope.type).data, envelope.data);
      checked += 1;
    },
  };
}

/** Publishes `cfg.events` events (at least); answers what was written and how fast. */
export async function fillStream(cfg, nc, log) {
  const { contracts, messaging } = compiled();
  await messaging.ensureEventStream(nc);
  const economy = makeEconomy(
    {
      LedgerEvents: contracts.LedgerEvents,
      AccountsEvents: contracts.AccountsEvents,
      ArtifactsEvents: contracts.ArtifactsEvents,
      eventSourceOf: contracts.eventSourceOf,
      buildEvent: messaging.buildEvent,
    },
    {
      communities: cfg.communities,
      membersMax: cfg.membersMax,
      total: cfg.events,
      spanMs: cfg.spanDays * 86_400_000,
    },
  );
  const publisher = new messaging.JetStreamPublisher(nc, PUBLISH_TIMEOUT_MS);
  const checker = schemaChecker();
  let bytes = 0;
  let generateMs = 0;
  const nextRound = () => {
    const started = performance.now();
    const rows = [];
    while (rows.length < cfg.fillRound && economy.produced < cfg.events) {
      for (const row of economy.next()) {
        if (economy.produced <= VALIDATE_FIRST || economy.produced % VALIDATE_EVERY === 0) checker.check(row);
        bytes += row.payload.length;
        rows.push(row);
      }
    }
    generateMs += performance.now() - started;
    return rows;
  };

  const started = performance.now();
  let published = 0;
  let lastLog = started;
  let rows = nextRound();
  while (rows.length > 0) {
    const sending = publisher.publish(rows);
    const upcoming = nextRound();
    const acked = await sending;
    if (acked !== rows.length) throw new Error(`JetStream acknowledged ${acked} of ${rows.length} events`);
    published += rows.length;
    rows = upcoming;
    if (performance.now() - lastLog > 5_000) {
      lastLog = performance.now();
      log(`fill: ${published} events published`);
    }
  }
  publisher.close();
  const ms = performance.now() - started;
  return {
    events: published,
    payloadBytes: bytes,
    meanEventBytes: bytes / published,
    communities: economy.communitiesUsed(),
    journalRows: economy.journalSeq,
    byType: Object.fromEntries(Object.entries(economy.counts).sort((a, b) => b[1] - a[1])),
    schemaChecked: checker.checked,
    ms,
    generateMs,
    eventsPerSec: (published * 1000) / ms,
  };
}

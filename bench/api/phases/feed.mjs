// The public dashboard under write load: its JSON reads at rest (the baseline), then `feedConnections`
// live feeds open over the public communities while the ledger takes `feedRate` transfers/s (over NATS,
// spread evenly over those communities) and the same public reads run; at the end every feed's count of
// the write load's events is set against the transfers its community got.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { closedLoop, openLoop } from '../../lib/load.mjs';
import { fakeAddress, makeAgent } from '../http-client.mjs';
import { openFeeds } from '../feed-client.mjs';
import { natsTransferSender, publicReadSender } from '../senders.mjs';

const DRAIN_POLL_MS = 200;
/** Client addresses of the public readers start here, apart from the feeds' (one per feed). */
const READER_ADDRESS_OFFSET = 1_000_000;
/** Addresses the readers rotate over: each makes a few reads a minute, far under the 240 allowed. */
const READER_ADDRESSES = 50_000;

function publicPaths(communities) {
  const paths = [];
  for (const { communityId } of communities) {
    const base = `/public/communities/${communityId}`;
    paths.push(`${base}/overview`, `${base}/leaderboard`, `${base}/transactions?limit=20`, `${base}/volume`);
  }
  return paths;
}

function readerLoop(run, durationMs, warmupMs) {
  const { cfg, stack, economy } = run;
  const agent = makeAgent(cfg.publicReaders);
  return closedLoop({
    concurrency: cfg.publicReaders,
    warmupMs,
    durationMs,
    pids: stack.pids,
    send: publicReadSender({
      baseUrl: stack.gatewayUrl,
      agent,
      paths: publicPaths(economy.communities),
      addressOf: (seq) => fakeAddress(READER_ADDRESS_OFFSET + (seq % READER_ADDRESSES)),
      timeoutMs: cfg.requestTimeoutMs,
    }),
  }).finally(() => agent.destroy());
}

/** The write load: round-robin over the communities, each transfer's id marked for the feeds to count. */
function writeLoad(run, idPrefix) {
  const { client, economy } = run;
  const senders = economy.communities.map((community, i) =>
    natsTransferSender({ client, community, idPrefix: `${idPrefix}${i}-` }),
  );
  const okByCommunity = new Array(senders.length).fill(0);
  return {
    okByCommunity,
    send: async (seq) => {
      const at = seq % senders.length;
      const result = await senders[at](seq);
      okByCommunity[at] += result.units;
      return result;
    },
  };
}

/** Per-feed counts against what its community got: how many feeds lost events, and how many. */
function feedLoss(feeds, expectedOf) {
  let complete = 0;
  let short = 0;
  let over = 0;
  let missing = 0;
  let ended = 0;
  let minShare = null;
  for (const feed of feeds) {
    const expected = expectedOf(feed.communityId);
    if (feed.received === expected) complete += 1;
    else if (feed.received < expected) {
      short += 1;
      missing += expected - feed.received;
    } else over += 1;
    if (feed.ended) ended += 1;
    const share = expected === 0 ? 1 : feed.received / expected;
    minShare = minShare === null ? share : Math.min(minShare, share);
  }
  return { feeds: feeds.length, complete, short, over, missing, endedByServer: ended, minShare };
}

export async function runFeedPhase(run) {
  const { cfg, log, stack, economy, runId } = run;
  const result = {};

  log(`public reads at rest: ${cfg.publicReaders} readers`);
  result.readsAtRest = await readerLoop(run, cfg.durationMs, cfg.warmupMs);

  const idPrefix = `f-${runId}-`;
  const marker = `"id":"${idPrefix}`;
  log(`opening ${cfg.feedConnections} live feeds over ${economy.communities.length} communities`);
  const opened = await openFeeds({
    baseUrl: stack.gatewayUrl,
    communities: economy.communities,
    count: cfg.feedConnections,
    marker,
    addressOffset: 0,
  });
  const attached = opened.feeds.filter((feed) => feed.refused === null && feed.status === 200);
  const refused = {};
  for (const feed of opened.feeds) if (feed.refused) refused[feed.refused] = (refused[feed.refused] ?? 0) + 1;
  result.open = { asked: cfg.feedConnections, attached: attached.length, refused, openMs: opened.openMs };
  log(
    `${attached.length} feeds attached in ${Math.round(opened.openMs)} ms; refused ${JSON.stringify(refused)}`,
  );

  log(`write load ${cfg.feedRate} transfers/s over NATS for ${cfg.feedDurationMs} ms, with public reads`);
  const load = writeLoad(run, idPrefix);
  const [writes, reads] = await Promise.all([
    openLoop({
      rate: cfg.feedRate,
      warmupMs: 0,
      durationMs: cfg.feedDurationMs,
      send: load.send,
      pids: stack.pids,
    }),
    readerLoop(
      run,
      cfg.feedDurationMs - Math.min(cfg.warmupMs, cfg.feedDurationMs / 2),
      Math.min(cfg.warmupMs, cfg.feedDurationMs / 2),
    ),
  ]);
  result.writes = writes;
  result.readsUnderLoad = reads;
  result.readsP99VsRest =
    reads.latencyMs.p99 && result.readsAtRest.latencyMs.p99
      ? reads.latencyMs.p99 / result.readsAtRest.latencyMs.p99
      : null;

  const expected = new Map(
    economy.communities.map((community, i) => [community.communityId, load.okByCommunity[i]]),
  );
  const expectedOf = (communityId) => expected.get(communityId) ?? 0;
  const drainStarted = performance.now();
  const done = () => attached.every((feed) => feed.ended || feed.received >= expectedOf(feed.communityId));
  while (!done() && performance.now() - drainStarted < cfg.feedDrainTimeoutMs) await sleep(DRAIN_POLL_MS);
  result.drainMs = performance.now() - drainStarted;
  result.transfersOk = load.okByCommunity.reduce((sum, n) => sum + n, 0);
  result.framesExpected = attached.reduce((sum, feed) => sum + expectedOf(feed.communityId), 0);
  result.framesReceived = attached.reduce((sum, feed) => sum + feed.received, 0);
  result.loss = feedLoss(attached, expectedOf);
  log(
    `feeds: ${result.loss.complete}/${attached.length} complete, ${result.loss.short} short (${result.loss.missing} events missing), drain ${Math.round(result.drainMs)} ms`,
  );
  for (const feed of opened.feeds) feed.close?.();
  return result;
}

// The targets for the read side, set against what the run measured.

export const TARGETS = {
  apiVsNatsMin: 0.5,
  publicReadP99MsMax: 50,
  feedConnections: 1_000,
  feedWriteRate: 2_000,
};

function verdict(met, measured, target) {
  return { met, measured, target };
}

export function evaluateTargets(results) {
  const out = {};
  const api = results.transfers?.api ?? [];
  if (api.length > 0) {
    const worst = Math.min(...api.map((row) => row.vsNats ?? 0));
    out.apiTransfers = verdict(
      worst >= TARGETS.apiVsNatsMin,
      api.map((row) => `c=${row.concurrency}: ${row.vsNats?.toFixed(2) ?? '-'}x`).join(', '),
      `>= ${TARGETS.apiVsNatsMin}x transfer.create over NATS at each level`,
    );
  }
  const feed = results.feed;
  if (feed) {
    const p99 = feed.readsUnderLoad.latencyMs.p99;
    const underFullLoad = feed.writes.okRate >= 0.95 * TARGETS.feedWriteRate;
    out.publicReads = verdict(
      p99 !== null && p99 < TARGETS.publicReadP99MsMax && underFullLoad,
      `p99 ${p99?.toFixed(1) ?? '-'} ms at ${Math.round(feed.writes.okRate)} transfers/s ok`,
      `p99 < ${TARGETS.publicReadP99MsMax} ms while the ledger takes ${TARGETS.feedWriteRate} transfers/s`,
    );
    const lossless =
      feed.open.attached === feed.open.asked &&
      feed.loss.short === 0 &&
      feed.loss.over === 0 &&
      feed.loss.endedByServer === 0;
    out.feeds = verdict(
      lossless && feed.open.asked >= TARGETS.feedConnections && underFullLoad,
      `${feed.open.attached}/${feed.open.asked} attached, ${feed.loss.complete} complete, ${feed.loss.short} short (${feed.loss.missing} events missing), ${feed.loss.endedByServer} ended by the gateway`,
      `${TARGETS.feedConnections} feeds, every event to each, at ${TARGETS.feedWriteRate} transfers/s`,
    );
  }
  return out;
}

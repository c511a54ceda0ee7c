// The targets against what the run measured: catch-up and rebuild at least 50,000 events/s or at
// least half the read-and-parse baseline, whichever is lower.
export const RATE_TARGET_EVENTS_PER_SEC = 50_000;
export const BASELINE_SHARE_TARGET = 0.5;

export function evaluateTargets(results) {
  const baseline = results.baseline?.parse?.eventsPerSec ?? null;
  const target =
    baseline === null
      ? RATE_TARGET_EVENTS_PER_SEC
      : Math.min(RATE_TARGET_EVENTS_PER_SEC, BASELINE_SHARE_TARGET * baseline);
  const rate = (name, eventsPerSec) =>
    eventsPerSec === undefined || eventsPerSec === null
      ? null
      : {
          name,
          eventsPerSec,
          target,
          ofBaseline: baseline === null ? null : eventsPerSec / baseline,
          met: eventsPerSec >= target,
        };
  return {
    baselineEventsPerSec: baseline,
    targetEventsPerSec: target,
    catchUp: rate('catch-up', results.catchUp?.eventsPerSec),
    rebuild: rate('rebuild', results.rebuild?.eventsPerSec),
  };
}

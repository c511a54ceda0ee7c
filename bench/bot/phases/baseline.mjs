// Baseline: the emulator alone. A burst of updates is handed to the most trivial consumer there is, a
// getUpdates loop (long polling, 100 updates a call, as telegraf asks) that only counts them: how fast
// updates can flow at all, before any bot work. Runs before the gateway starts, and confirms every
// update it took, so the gateway never sees them.
import { runBurst } from '../burst.mjs';
import { addGroupsAndMembers } from '../members.mjs';

const UPDATES_PER_CALL = 100;
const LONG_POLL_S = 1;
const BASELINE_ID_OFFSET = 900_000;

async function getUpdates(emulator, offset, timeout) {
  const response = await fetch(`${emulator.apiRoot}/bot${emulator.token}/getUpdates`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ offset, limit: UPDATES_PER_CALL, timeout }),
  });
  const body = await response.json();
  if (!body.ok) throw new Error(`getUpdates: ${body.description}`);
  return body.result;
}

export async function runBaselinePhase({ cfg, emulator, pids, log }) {
  const count = cfg.baselineUpdates;
  const { userIds, chatOf } = addGroupsAndMembers(emulator, {
    groups: cfg.groups,
    members: Math.min(count, cfg.messages),
    offset: BASELINE_ID_OFFSET,
  });
  let received = 0;
  let offset = 0;
  let stop = false;
  const consumer = (async () => {
    while (!stop) {
      const updates = await getUpdates(emulator, offset, LONG_POLL_S);
      received += updates.length;
      if (updates.length > 0) offset = updates[updates.length - 1].update_id + 1;
    }
  })();
  log(`baseline: ${count} updates through a bare getUpdates consumer`);
  const burst = await runBurst({
    count,
    send: (i) => emulator.sendText(chatOf(i), userIds[i % userIds.length], `baseline update ${i}`),
    progress: () => received,
    pids,
    timeoutMs: cfg.phaseTimeoutMs,
  });
  stop = true;
  await consumer;
  // Confirms the last batch: the gateway, started next, begins after it.
  await getUpdates(emulator, offset, 0);
  delete burst.sentAt;
  return burst;
}

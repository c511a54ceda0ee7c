// Command replies: each known member sends /balance in their group; counted when the emulator has
// received the bot's reply (sendMessage). The gateway runs with its send limits lifted (services.mjs),
// so this is the bot's own pace, not Telegram's 30 messages a second.
import { percentiles, runBurst } from '../burst.mjs';

/**
 * The emulator's count of messages the bot sent. Read from its state without sent(), which copies every
 * message on each call: the bench polls it every few milliseconds.
 */
const sentCount = (emulator) => emulator.state.sentMessages.length;

export async function runRepliesPhase(ctx) {
  const { cfg, emulator, watch, pids, members, log } = ctx;
  const count = members.userIds.length;
  const sentBefore = sentCount(emulator);
  log(`replies: ${count} /balance commands in ${cfg.groups} groups, waiting for every reply`);
  const burst = await runBurst({
    count,
    send: (i) => emulator.sendText(members.chatOf(i), members.userIds[i], '/balance'),
    progress: () => sentCount(emulator) - sentBefore,
    pids,
    watch,
    timeoutMs: cfg.phaseTimeoutMs,
  });
  const askedAt = new Map(
    burst.sentAt.map(({ at, message }) => [`${message.chat.id}:${message.message_id}`, at]),
  );
  const latencies = [];
  const wallToPerf = performance.now() - Date.now();
  for (const sent of emulator.sent().slice(sentBefore)) {
    const at = askedAt.get(`${sent.chatId}:${sent.reply_to_message_id}`);
    if (at !== undefined) latencies.push(sent.sentAtMs + wallToPerf - at);
  }
  burst.answered = latencies.length;
  burst.latencyMs = percentiles(latencies);
  delete burst.sentAt;
  return burst;
}

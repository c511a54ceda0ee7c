// Rewarded messages: a burst of ordinary group messages, one per member, counted when the ledger has
// posted each reward mint (its transfer event, seen by bus-watch). "new": members the system has never
// seen (the cold path: community, user, membership and accounts before activity.record). "known": the
// same members again, each with a new text; their community's cooldown is set to 0 first, or the
// accounts service would rightly refuse a second reward within a minute (REWARD_SETTINGS_DEFAULT).
import { rewardMintId } from '../bus-watch.mjs';
import { percentiles, runBurst } from '../burst.mjs';

/** Long enough for the default messageLengthMin (10) and different per member and phase: never a repeat. */
const textOf = (phase, i) => `bench ${phase} message number ${i}, long enough to earn`;

export async function runRewardPhase(ctx, phase) {
  const { cfg, emulator, watch, pids, members, log } = ctx;
  const count = members.userIds.length;
  const mintIds = [];
  const seenBefore = watch.mints.size;
  log(`${phase} members: ${count} messages in ${cfg.groups} groups, waiting for every reward mint`);
  const burst = await runBurst({
    count,
    send: (i) => {
      const message = emulator.sendText(members.chatOf(i), members.userIds[i], textOf(phase, i));
      mintIds.push(rewardMintId(message.chat.id, message.message_id));
      return message;
    },
    progress: () => watch.mints.size - seenBefore,
    pids,
    watch,
    timeoutMs: cfg.phaseTimeoutMs,
  });
  const latencies = [];
  for (let i = 0; i < count; i += 1) {
    const mintedAt = watch.mints.get(mintIds[i]);
    if (mintedAt !== undefined) latencies.push(mintedAt - burst.sentAt[i].at);
  }
  // Every message of the burst rewarded exactly once: the set of mints seen is the set of messages sent.
  burst.rewarded = latencies.length;
  burst.latencyMs = percentiles(latencies);
  delete burst.sentAt;
  return burst;
}

/** Lets each member earn again at once (the bench's known-member burst comes seconds after the first). */
export async function allowBackToBackRewards({ client, members }) {
  for (const chatId of members.chatIds) {
    const community = await client.call('tk.cmd.accounts.community.upsert', {
      telegramChatId: String(chatId),
      title: `Bench group ${chatId}`,
    });
    await client.call('tk.cmd.accounts.settings.set', {
      communityId: community.id,
      rewards: { messageCooldownMs: 0, dailyMessageRewardsMax: 10_000 },
    });
  }
}

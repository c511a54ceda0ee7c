// What the bench sees on the bus as the operator: every command request (tk.cmd.>, counted per subject,
// to show how many requests one message costs) and the ledger's transfer events (each reward mint, with
// when it was seen, for message->reward latency). A plain subscription gets a copy of each request; it
// never answers, so the services' queue subscribers still get and answer every one.
import { connect } from '@nats-io/transport-node';
import { performance } from 'node:perf_hooks';

const REWARD_MINT_PREFIX = 'tg-reward:';

export async function watchBus(nats) {
  const nc = await connect({ servers: nats.url, name: 'bench-bot-watch', ...nats.authOptions() });
  const commands = new Map();
  /** mint id -> performance.now() when the ledger's transfer event for it arrived. */
  const mints = new Map();
  const decoder = new TextDecoder();

  const cmdSub = nc.subscribe('tk.cmd.>', {
    callback: (error, msg) => {
      if (error) return;
      commands.set(msg.subject, (commands.get(msg.subject) ?? 0) + 1);
    },
  });
  const evtSub = nc.subscribe('tk.evt.ledger.>', {
    callback: (error, msg) => {
      if (error || !msg.subject.startsWith('tk.evt.ledger.transfer.posted')) return;
      const id = JSON.parse(decoder.decode(msg.data))?.data?.transfer?.id;
      if (typeof id === 'string' && id.startsWith(REWARD_MINT_PREFIX) && !mints.has(id)) {
        mints.set(id, performance.now());
      }
    },
  });
  await nc.flush();

  return {
    nc,
    mints,
    /** A copy of the per-subject request counts so far, to diff across a phase. */
    commandCounts: () => new Map(commands),
    async close() {
      cmdSub.unsubscribe();
      evtSub.unsubscribe();
      await nc.close();
    },
  };
}

/** Requests per subject sent between two commandCounts() snapshots. */
export function commandsBetween(before, after) {
  const out = {};
  for (const [subject, count] of after) {
    const delta = count - (before.get(subject) ?? 0);
    if (delta > 0) out[subject] = delta;
  }
  return out;
}

export function rewardMintId(chatId, messageId) {
  return `${REWARD_MINT_PREFIX}${chatId}:${messageId}`;
}

// The load side of the wire: request/reply over the bench's NATS connections, and the transfer bodies
// it sends.
import { connect } from '@nats-io/transport-node';

export const encoder = new TextEncoder();
export const decoder = new TextDecoder();
const OK_PREFIX = encoder.encode('{"ok":true');

/** Whether a raw reply starts {"ok":true, without parsing it (the single-transfer hot path). */
export function startsOk(bytes) {
  if (bytes.length < OK_PREFIX.length) return false;
  for (let i = 0; i < OK_PREFIX.length; i += 1) if (bytes[i] !== OK_PREFIX[i]) return false;
  return true;
}

/** The bench's own client connections to the private nats-server, which all requester loops share. */
export async function connectLoad(nats, count) {
  const connections = [];
  for (let i = 0; i < count; i += 1) {
    connections.push(
      await connect({
        servers: nats.url.split(','),
        name: `bench-load-${i}`,
        maxPingOut: 100,
        ...nats.authOptions(),
      }),
    );
  }
  return connections;
}

/** Request/reply over the bench's connections, round-robin by loop index. */
export function makeClient(connections, timeoutMs) {
  const pick = (index) => connections[index % connections.length];
  return {
    /** Parsed reply; throws on an {"ok":false} reply with the error code. */
    async call(subject, payload, timeout = timeoutMs) {
      const msg = await connections[0].request(subject, encoder.encode(JSON.stringify(payload)), { timeout });
      const reply = JSON.parse(decoder.decode(msg.data));
      if (!reply.ok) {
        const error = new Error(`${subject}: ${reply.error?.code} ${reply.error?.message}`);
        error.code = reply.error?.code;
        throw error;
      }
      return reply.data;
    },
    raw(index, subject, bytes) {
      return pick(index).request(subject, bytes, { timeout: timeoutMs });
    },
  };
}

/**
 * Transfer bodies: unique ids per run, amount 1 between distinct pre-funded user accounts, picked by a
 * fixed-seed xorshift so every run sends the same sequence.
 */
export function makeTransfers(accounts, runId) {
  const accountIds = Array.from({ length: accounts }, (_, i) => `user:bench:u${i}`);
  let transferSeq = 0;
  let seed = 0x2545f491;
  const random = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 4294967296;
  };
  const transferObject = () => {
    const n = transferSeq++;
    const a = Math.floor(random() * accounts);
    const b = (a + 1 + Math.floor(random() * (accounts - 1))) % accounts;
    return {
      id: `b-${runId}-${n}`,
      debitAccountId: accountIds[a],
      creditAccountId: accountIds[b],
      amount: 1,
      code: 'reward',
      memo: 'bench',
    };
  };
  return {
    accountIds,
    transferObject,
    transferBytes: () => encoder.encode(JSON.stringify(transferObject())),
  };
}

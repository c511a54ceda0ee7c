import type { NatsConnection } from '@nats-io/transport-node';

const epochs = new WeakMap<NatsConnection, { value: number }>();

/**
 * A counter of a connection's interruptions: it moves on each disconnect and reconnect. The permission to
 * answer a request lives on the server, with the client that received it; once the connection is
 * re-established (to another node of a cluster, or the same one), a reply to a request received before is
 * refused as a permission violation. A responder reads the epoch when a request arrives and answers only
 * if it has not moved: the requester, whose own timeout runs meanwhile, retries.
 */
export function replyEpochOf(nc: NatsConnection): () => number {
  let epoch = epochs.get(nc);
  if (epoch === undefined) {
    const created = { value: 0 };
    epochs.set(nc, created);
    void (async () => {
      for await (const status of nc.status()) {
        if (status.type === 'disconnect' || status.type === 'reconnect') created.value += 1;
      }
    })();
    epoch = created;
  }
  const held = epoch;
  return () => held.value;
}

// The scale bench's money: two funded members in each of many communities (so they spread over the
// partitions), and transfer.create bodies between them.
import { encoder, startsOk } from '../ledger/client.mjs';

const FUNDS = 1_000_000_000;

export async function fundCommunities(client, communities, tag) {
  const pairs = [];
  for (let c = 0; c < communities; c += 1) {
    const communityId = `scale${tag}c${c}`;
    const ids = [];
    for (const owner of ['a', 'b']) {
      const account = await client.call('tk.cmd.ledger.account.open', {
        communityId,
        kind: 'user',
        ownerId: owner,
      });
      await client.call('tk.cmd.ledger.supply.mint', {
        id: `fund-${communityId}-${owner}`,
        accountId: account.id,
        amount: FUNDS,
      });
      ids.push(account.id);
    }
    pairs.push(ids);
  }
  return pairs;
}

/** send() for the closed loop: one transfer.create in a community picked round-robin. */
export function transferSender(connection, pairs, runId) {
  let seq = 0;
  return async () => {
    seq += 1;
    const [a, b] = pairs[seq % pairs.length];
    const body = {
      id: `${runId}-${seq}`,
      debitAccountId: seq % 2 ? a : b,
      creditAccountId: seq % 2 ? b : a,
      amount: 1,
      code: 'payment',
    };
    const reply = await connection.request(
      'tk.cmd.ledger.transfer.create',
      encoder.encode(JSON.stringify(body)),
      { timeout: 10_000 },
    );
    return startsOk(reply.data)
      ? { units: 1, errors: [] }
      : { units: 0, errors: [JSON.parse(new TextDecoder().decode(reply.data)).error?.code ?? 'ERROR'] };
  };
}

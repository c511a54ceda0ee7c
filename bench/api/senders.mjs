// What the load loops send: a transfer over NATS straight to the ledger, the same transfer through the
// HTTP API, reads through the API, and the bare responder's stand-ins. Each answers { units, errors }.
import { errorCodeOf, send } from './http-client.mjs';
import { encoder, startsOk, decoder } from '../ledger/client.mjs';
import { memberPairs, SUBJECTS } from './setup.mjs';

const OK = { units: 1, errors: [] };

function ledgerErrorCode(bytes) {
  const match = /"code":"([A-Z_]+)"/.exec(decoder.decode(bytes));
  return match ? match[1] : 'UNPARSABLE_REPLY';
}

/** transfer.create over NATS between the community's members, code payment as the API sends it. */
export function natsTransferSender({ client, community, idPrefix }) {
  const pairs = memberPairs(community.members);
  let n = 0;
  return async (index) => {
    const seq = n++;
    const [from, to] = pairs[seq % pairs.length];
    const body = {
      id: `${idPrefix}-${seq}`,
      debitAccountId: from.accountId,
      creditAccountId: to.accountId,
      amount: 1,
      code: 'payment',
      memo: 'bench',
    };
    const msg = await client.raw(index, SUBJECTS.transfer, encoder.encode(JSON.stringify(body)));
    return startsOk(msg.data) ? OK : { units: 0, errors: [ledgerErrorCode(msg.data)] };
  };
}

/** POST /v1/communities/:id/transfers with a fresh Idempotency-Key, keys shared by the loops round-robin. */
export function apiTransferSender({ baseUrl, agent, community, keys, idPrefix, timeoutMs }) {
  const pairs = memberPairs(community.members);
  const url = `${baseUrl}/v1/communities/${community.communityId}/transfers`;
  let n = 0;
  return async (index) => {
    const seq = n++;
    const [from, to] = pairs[seq % pairs.length];
    const reply = await send({
      url,
      method: 'POST',
      agent,
      timeoutMs,
      headers: {
        Authorization: `Bearer ${keys[index % keys.length]}`,
        'Idempotency-Key': `${idPrefix}-${seq}`,
      },
      body: JSON.stringify({ from: from.userId, to: to.userId, amount: 1, memo: 'bench' }),
    });
    return reply.status === 201 ? OK : { units: 0, errors: [errorCodeOf(reply)] };
  };
}

/** A GET through the API; path(seq) names what to read. */
export function apiReadSender({ baseUrl, agent, keys, path, timeoutMs }) {
  let n = 0;
  return async (index) => {
    const reply = await send({
      url: `${baseUrl}${path(n++)}`,
      agent,
      timeoutMs,
      headers: { Authorization: `Bearer ${keys[index % keys.length]}` },
    });
    return reply.status === 200 ? OK : { units: 0, errors: [errorCodeOf(reply)] };
  };
}

/** A key-less GET of the public routes, each from its own client address (X-Forwarded-For). */
export function publicReadSender({ baseUrl, agent, paths, addressOf, timeoutMs }) {
  let n = 0;
  return async () => {
    const seq = n++;
    const reply = await send({
      url: `${baseUrl}${paths[seq % paths.length]}`,
      agent,
      timeoutMs,
      headers: { 'X-Forwarded-For': addressOf(seq) },
    });
    return reply.status === 200 ? OK : { units: 0, errors: [errorCodeOf(reply)] };
  };
}

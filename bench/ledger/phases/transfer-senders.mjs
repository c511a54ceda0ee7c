// How the ledger phases send and count: each send answers { units, errors }, and every transfer answered
// ok is tallied, since journal.verify at the end expects exactly that many entries (plus the mints).
import { decoder, encoder, startsOk } from '../client.mjs';
import { SUBJECTS } from '../settings.mjs';

/** One transfer.create per request; an ok reply is recognised without parsing it. */
export function singleSender({ client, transfers }) {
  return async (index) => {
    const msg = await client.raw(index, SUBJECTS.transfer, transfers.transferBytes());
    if (startsOk(msg.data)) return { units: 1, errors: [] };
    const reply = JSON.parse(decoder.decode(msg.data));
    return reply.ok ? { units: 1, errors: [] } : { units: 0, errors: [reply.error?.code ?? 'UNKNOWN'] };
  };
}

/** One transfer.batch of size transfers per request; units are the items answered ok. */
export function batchSender({ client, transfers }, size) {
  return async (index) => {
    const batch = Array.from({ length: size }, transfers.transferObject);
    const msg = await client.raw(index, SUBJECTS.batch, encoder.encode(JSON.stringify({ transfers: batch })));
    const reply = JSON.parse(decoder.decode(msg.data));
    if (!reply.ok) return { units: 0, errors: [reply.error?.code ?? 'UNKNOWN'] };
    const errors = [];
    let ok = 0;
    for (const item of reply.data.results) {
      if (item.ok) ok += 1;
      else errors.push(`item:${item.error?.code ?? 'UNKNOWN'}`);
    }
    return { units: ok, errors };
  };
}

/** Wraps a sender so that what it sends ok is counted: call done() once the level is over. */
export function tallied(send, tally) {
  let okTotal = 0;
  const wrapped = async (index) => {
    const result = await send(index);
    okTotal += result.units;
    return result;
  };
  return {
    send: wrapped,
    done() {
      tally.transfersOk += okTotal;
    },
  };
}

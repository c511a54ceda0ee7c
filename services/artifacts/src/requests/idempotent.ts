import { strict as assert } from 'node:assert';
import type { ArtifactsStores } from '../store/artifacts.stores';
import type { RequestPayload } from './requests.store';

/**
 * Run a synchronous command once per request id: in one write, a repeat gets the first answer and a
 * new request does `work` and records its answer. A refused request records nothing (it changed nothing),
 * so repeating it is evaluated afresh.
 */
export function runOnce<T>(
  stores: ArtifactsStores,
  command: string,
  payload: RequestPayload,
  work: (at: number) => T,
): T {
  return stores.write(() => {
    const earlier = stores.requests.earlier(command, payload);
    assert(earlier.kind !== 'in_progress', `${command} has no saga`);
    if (earlier.kind === 'answered') return earlier.result as T;
    const at = Date.now();
    const result = work(at);
    stores.requests.record(command, payload, result, at);
    return result;
  });
}

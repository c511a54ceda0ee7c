import type { ArtifactsStores } from '../store/artifacts.stores';
import type { RequestPayload } from '../requests/requests.store';
import { escrowOf, treasuryOf, type AccountRef, type LedgerGateway } from './ledger.gateway';
import { newSaga, type SagaDraft } from './saga.draft';
import type { SagaRunner } from './saga.runner';

export interface PurchasePlan {
  draft: Omit<SagaDraft, 'holdTimeoutMs' | 'at'>;
  /** The payees' accounts (seller, offerer, creator); escrow and treasury are always opened. */
  payees: AccountRef[];
}

/**
 * The way into a paid command: a repeat gets the first answer (or waits for it); a new request is
 * checked by `plan` (throwing its refusal), its accounts opened, and its saga started and driven.
 */
export class Purchases {
  constructor(
    private readonly stores: ArtifactsStores,
    private readonly ledger: LedgerGateway,
    private readonly runner: SagaRunner,
    private readonly holdTimeoutMs: number,
  ) {}

  async run(command: string, payload: RequestPayload, plan: (at: number) => PurchasePlan): Promise<unknown> {
    const earlier = this.stores.requests.earlier(command, payload);
    if (earlier.kind === 'answered') return earlier.result;
    if (earlier.kind === 'in_progress') return this.runner.settle(payload.communityId, payload.requestId);
    const at = Date.now();
    const { draft, payees } = plan(at);
    await this.ledger.ensureAccounts([escrowOf(draft.communityId), treasuryOf(draft.communityId), ...payees]);
    return this.runner.begin(command, payload, newSaga({ ...draft, holdTimeoutMs: this.holdTimeoutMs, at }));
  }
}

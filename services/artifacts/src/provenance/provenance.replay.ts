import type { ProvenanceEntry } from '@ticketonomics/contracts';
import { GENESIS_HASH, hashProvenance } from './provenance-hash';

/** Problems reported at most, so a badly broken chain still answers in bounded size. */
export const VERIFY_PROBLEMS_MAX = 100;

export interface VerifyProblem {
  seq: number | null;
  editionId: number | null;
  problem: string;
}

/** What the replay expects of an edition: who owns it, or null once burned. */
export interface EditionState {
  id: number;
  ownerId: string | null;
  status: string;
}

const CREATING = new Set(['minted', 'bought']);

/** The editions that open market listings and open trade offers hold; their status must say so. */
export interface EditionLocks {
  listed: ReadonlySet<number>;
  inTrade: ReadonlySet<number>;
}

const NO_LOCKS: EditionLocks = { listed: new Set(), inTrade: new Set() };

/**
 * Recomputes a community's provenance chain row by row and replays every change of hands; finish()
 * compares the result with each edition's stored owner and status. Pure: fed rows, returns findings.
 */
export class ProvenanceReplay {
  readonly problems: VerifyProblem[] = [];
  private prevHash = GENESIS_HASH;
  private expectedSeq = 1;
  private entries = 0;
  private readonly owners = new Map<number, string | null>();

  add(entry: ProvenanceEntry): void {
    this.entries += 1;
    if (entry.seq !== this.expectedSeq) {
      this.report(entry, `sequence gap: expected seq ${this.expectedSeq}`);
    }
    this.expectedSeq = entry.seq + 1;
    if (entry.prevHash !== this.prevHash) this.report(entry, 'prevHash is not the previous row hash');
    const { hash, ...fields } = entry;
    if (hashProvenance(fields) !== hash) this.report(entry, 'hash does not match the row');
    this.prevHash = hash;
    this.replay(entry);
  }

  finish(
    editions: readonly EditionState[],
    locks: EditionLocks = NO_LOCKS,
  ): { entries: number; headHash: string } {
    const seen = new Set<number>();
    for (const edition of editions) {
      seen.add(edition.id);
      this.checkLocks(edition, locks);
      if (!this.owners.has(edition.id)) {
        this.report(null, 'edition has no provenance', edition.id);
        continue;
      }
      const owner = this.owners.get(edition.id) ?? null;
      if (owner !== edition.ownerId) {
        this.report(null, `owner is ${edition.ownerId} but provenance says ${owner}`, edition.id);
      }
      if ((owner === null) !== (edition.status === 'burned')) {
        this.report(null, `status ${edition.status} does not match provenance`, edition.id);
      }
    }
    for (const id of this.owners.keys()) {
      if (!seen.has(id)) this.report(null, 'provenance names an edition that does not exist', id);
    }
    return { entries: this.entries, headHash: this.prevHash };
  }

  /** An edition is `listed` exactly when an open listing holds it, and `in_trade` when an open offer does. */
  private checkLocks(edition: EditionState, locks: EditionLocks): void {
    const listed = locks.listed.has(edition.id);
    const inTrade = locks.inTrade.has(edition.id);
    if (listed && inTrade) this.report(null, 'held by an open listing and an open trade at once', edition.id);
    if (listed !== (edition.status === 'listed')) {
      this.report(
        null,
        `status ${edition.status} but ${listed ? 'an' : 'no'} open listing holds it`,
        edition.id,
      );
    }
    if (inTrade !== (edition.status === 'in_trade')) {
      this.report(
        null,
        `status ${edition.status} but ${inTrade ? 'an' : 'no'} open trade offers it`,
        edition.id,
      );
    }
  }

  private replay(entry: ProvenanceEntry): void {
    const known = this.owners.has(entry.editionId);
    if (CREATING.has(entry.kind)) {
      if (known) this.report(entry, `${entry.kind} an edition that already exists`);
      if (entry.fromId !== null || entry.toId === null)
        this.report(entry, `${entry.kind} must go to a member`);
      this.owners.set(entry.editionId, entry.toId);
      return;
    }
    if (!known) {
      this.report(entry, `${entry.kind} an edition that was never minted`);
    } else {
      const owner = this.owners.get(entry.editionId) ?? null;
      if (owner === null) this.report(entry, `${entry.kind} an edition already burned`);
      else if (entry.fromId !== owner) this.report(entry, `fromId ${entry.fromId} is not the owner ${owner}`);
    }
    if (entry.kind === 'burned' && entry.toId !== null) this.report(entry, 'a burn must go to no one');
    if (entry.kind !== 'burned' && entry.kind !== 'reverted' && entry.toId === null) {
      this.report(entry, `${entry.kind} must go to a member`);
    }
    this.owners.set(entry.editionId, entry.toId);
  }

  private report(entry: ProvenanceEntry | null, problem: string, editionId?: number): void {
    if (this.problems.length >= VERIFY_PROBLEMS_MAX) return;
    this.problems.push({
      seq: entry?.seq ?? null,
      editionId: entry?.editionId ?? editionId ?? null,
      problem,
    });
  }
}

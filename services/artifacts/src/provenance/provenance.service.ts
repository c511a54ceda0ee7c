import { Injectable } from '@nestjs/common';
import type { ArtifactsRequest, ArtifactsResponse } from '../artifacts.commands';
import { ArtifactsStores } from '../store/artifacts.stores';
import { ProvenanceReplay } from './provenance.replay';
import { toProvenanceEntry } from './provenance.store';

/** Rows read per statement while verifying, to bound memory on a long history. */
const VERIFY_CHUNK_ROWS = 5_000;

@Injectable()
export class ProvenanceService {
  constructor(private readonly stores: ArtifactsStores) {}

  list(request: ArtifactsRequest<'provenanceList'>): ArtifactsResponse<'provenanceList'> {
    const rows = this.stores.provenance.after(request.communityId, request.afterSeq, request.limit);
    return { items: rows.map(toProvenanceEntry) };
  }

  /**
   * Recompute the community's chain and replay it against every edition, and check each edition's
   * listed / in-trade status against the open listings and offers. Synchronous, so no write happens
   * between reading the history, the editions and the locks.
   */
  verify(communityId: string): ArtifactsResponse<'provenanceVerify'> {
    const replay = new ProvenanceReplay();
    let afterSeq = 0;
    for (;;) {
      const rows = this.stores.provenance.after(communityId, afterSeq, VERIFY_CHUNK_ROWS);
      for (const row of rows) replay.add(toProvenanceEntry(row));
      if (rows.length < VERIFY_CHUNK_ROWS) break;
      afterSeq = rows[rows.length - 1]!.seq;
    }
    const editions = this.stores.editions.all(communityId);
    const { entries, headHash } = replay.finish(editions, {
      listed: new Set(this.stores.listings.activeEditionIds(communityId)),
      inTrade: new Set(this.stores.trades.openGivenEditionIds(communityId)),
    });
    return {
      communityId,
      ok: replay.problems.length === 0,
      entries,
      editions: editions.length,
      headHash,
      problems: replay.problems,
    };
  }
}

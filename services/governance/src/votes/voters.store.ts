import type { Database, Statement } from 'better-sqlite3';
import type { VoteChoice } from '@ticketonomics/contracts';

export interface VoterRow {
  userId: string;
  choice: VoteChoice | null;
  votedAt: number | null;
}

/** The voters fixed when a proposal opened, each with their vote once cast. */
export class VotersStore {
  private readonly insertOne: Statement;
  private readonly selectOne: Statement;
  private readonly castOne: Statement;

  constructor(db: Database) {
    this.insertOne = db.prepare('INSERT INTO voters (community_id, proposal_id, user_id) VALUES (?, ?, ?)');
    this.selectOne = db.prepare(
      `SELECT user_id AS userId, choice, voted_at AS votedAt FROM voters
       WHERE community_id = ? AND proposal_id = ? AND user_id = ?`,
    );
    this.castOne = db.prepare(
      `UPDATE voters SET choice = ?, voted_at = ?
       WHERE community_id = ? AND proposal_id = ? AND user_id = ? AND choice IS NULL`,
    );
  }

  /** Inside the proposal's creation: its voters, fixed from now on. */
  snapshot(communityId: string, proposalId: number, userIds: readonly string[]): void {
    for (const userId of userIds) this.insertOne.run(communityId, proposalId, userId);
  }

  find(communityId: string, proposalId: number, userId: string): VoterRow | null {
    return (this.selectOne.get(communityId, proposalId, userId) as VoterRow | undefined) ?? null;
  }

  /** Records the vote; false when the voter had voted already. */
  cast(communityId: string, proposalId: number, userId: string, choice: VoteChoice, atMs: number): boolean {
    return this.castOne.run(choice, atMs, communityId, proposalId, userId).changes === 1;
  }
}

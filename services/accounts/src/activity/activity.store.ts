import type { Database, Statement } from 'better-sqlite3';
import { EMPTY_ACTIVITY, type ActivityState } from './activity.rules';

const COLUMNS = `day, rewards_today AS rewardsToday, last_rewarded_at AS lastRewardedAt,
  last_text_hash AS lastTextHash, last_message_key AS lastMessageKey, last_outcome AS lastOutcome,
  last_amount AS lastAmount, daily_day AS dailyDay, daily_streak AS dailyStreak, daily_amount AS dailyAmount`;

export class ActivityStore {
  private readonly selectOne: Statement;
  private readonly upsertOne: Statement;

  constructor(db: Database) {
    this.selectOne = db.prepare(`SELECT ${COLUMNS} FROM activity WHERE community_id = ? AND user_id = ?`);
    this.upsertOne = db.prepare(
      `INSERT INTO activity (community_id, user_id, day, rewards_today, last_rewarded_at, last_text_hash,
        last_message_key, last_outcome, last_amount, daily_day, daily_streak, daily_amount)
       VALUES (@communityId, @userId, @day, @rewardsToday, @lastRewardedAt, @lastTextHash, @lastMessageKey,
        @lastOutcome, @lastAmount, @dailyDay, @dailyStreak, @dailyAmount)
       ON CONFLICT (community_id, user_id) DO UPDATE SET day = excluded.day,
        rewards_today = excluded.rewards_today, last_rewarded_at = excluded.last_rewarded_at,
        last_text_hash = excluded.last_text_hash, last_message_key = excluded.last_message_key,
        last_outcome = excluded.last_outcome, last_amount = excluded.last_amount,
        daily_day = excluded.daily_day, daily_streak = excluded.daily_streak,
        daily_amount = excluded.daily_amount`,
    );
  }

  get(communityId: string, userId: string): ActivityState {
    const row = this.selectOne.get(communityId, userId) as ActivityState | undefined;
    return row ?? { ...EMPTY_ACTIVITY };
  }

  save(communityId: string, userId: string, state: ActivityState): void {
    this.upsertOne.run({ communityId, userId, ...state });
  }
}

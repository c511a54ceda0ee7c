import type { Database, Statement } from 'better-sqlite3';
import { DomainError, type ErrorBody } from '@ticketonomics/contracts';
import { firstDifference, requestHash, type RecordedRequest } from './request-diff';

export interface RequestRow {
  communityId: string;
  requestId: string;
  command: string;
  requestHash: string;
  requestJson: string;
  resultJson: string | null;
  errorJson: string | null;
  createdAt: number;
}

/** What an earlier request with the same id tells a repeat. */
export type Earlier = { kind: 'none' } | { kind: 'answered'; result: unknown } | { kind: 'in_progress' };

const COLUMNS = `community_id AS communityId, request_id AS requestId, command, request_hash AS requestHash,
  request_json AS requestJson, result_json AS resultJson, error_json AS errorJson, created_at AS createdAt`;

/** The first answer to each (community, request id), so that a repeated request gets it again. */
export class RequestsStore {
  private readonly selectOne: Statement;
  private readonly insertOne: Statement;
  private readonly updateAnswer: Statement;

  constructor(db: Database) {
    this.selectOne = db.prepare(`SELECT ${COLUMNS} FROM requests WHERE community_id = ? AND request_id = ?`);
    this.insertOne = db.prepare(
      `INSERT INTO requests (community_id, request_id, command, request_hash, request_json, result_json,
        error_json, created_at)
       VALUES (@communityId, @requestId, @command, @requestHash, @requestJson, @resultJson, @errorJson, @createdAt)`,
    );
    this.updateAnswer = db.prepare(
      `UPDATE requests SET result_json = ?, error_json = ? WHERE community_id = ? AND request_id = ?`,
    );
  }

  /**
   * The earlier request with this id: its answer (an error answer is thrown), or that it is still being
   * worked on; IDEMPOTENCY_CONFLICT when it had other content.
   */
  earlier(command: string, payload: RequestPayload): Earlier {
    const row = this.selectOne.get(payload.communityId, payload.requestId) as RequestRow | undefined;
    if (row === undefined) return { kind: 'none' };
    const repeat: RecordedRequest = { command, payload };
    if (row.requestHash !== requestHash(repeat)) {
      const first: RecordedRequest = {
        command: row.command,
        payload: JSON.parse(row.requestJson) as Record<string, unknown>,
      };
      const field = firstDifference(first, repeat) ?? 'requestId';
      throw new DomainError(
        'IDEMPOTENCY_CONFLICT',
        `requestId: ${payload.requestId} was already used for a different request (${field} differs${
          row.command === command ? '' : `; it was ${row.command}`
        }); use a new requestId for a new request`,
        { field, requestId: payload.requestId },
      );
    }
    if (row.errorJson !== null) {
      const error = JSON.parse(row.errorJson) as ErrorBody;
      throw DomainError.fromBody(error);
    }
    if (row.resultJson !== null) return { kind: 'answered', result: JSON.parse(row.resultJson) };
    return { kind: 'in_progress' };
  }

  /** Inside a write: remember a request, with its answer when it has one already. */
  record(command: string, payload: RequestPayload, result: unknown, at: number): void {
    this.insertOne.run({
      communityId: payload.communityId,
      requestId: payload.requestId,
      command,
      requestHash: requestHash({ command, payload }),
      requestJson: JSON.stringify(payload),
      resultJson: result === undefined ? null : JSON.stringify(result),
      errorJson: null,
      createdAt: at,
    });
  }

  answer(communityId: string, requestId: string, answer: { result: unknown } | { error: ErrorBody }): void {
    const result = 'result' in answer ? JSON.stringify(answer.result) : null;
    const error = 'error' in answer ? JSON.stringify(answer.error) : null;
    this.updateAnswer.run(result, error, communityId, requestId);
  }
}

export type RequestPayload = { communityId: string; requestId: string } & Record<string, unknown>;

import { Injectable, type CallHandler, type NestInterceptor } from '@nestjs/common';
import { from, switchMap, type Observable } from 'rxjs';
import { CommitQueue } from './commit-queue';

/**
 * Reads answer from committed rows only. While a commit group waits for the replicated journal its
 * transaction is open on the connection every handler shares, so a read then would show writes that are
 * not acknowledged yet and may still be undone. A read waits for the group (at most one journal append)
 * and runs before the next one starts.
 */
@Injectable()
export class CommittedReadsInterceptor implements NestInterceptor {
  constructor(private readonly queue: CommitQueue) {}

  intercept(_context: unknown, next: CallHandler): Observable<unknown> {
    return from(this.queue.settled()).pipe(switchMap(() => next.handle()));
  }
}

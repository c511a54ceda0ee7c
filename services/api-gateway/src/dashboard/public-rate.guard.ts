import {
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DashboardLimits } from './dashboard.limits';
import { DASHBOARD_LIMITS } from './dashboard.tokens';
import { addressLimitKey } from '../shared/address-limit.key';
import { IpRateLimiter, type IpRateLimits } from './ip-rate.limiter';

/**
 * What the dashboard's per-address limits count against: the client's address as Express sees it (behind
 * a proxy, per the app's `trust proxy` setting), with an IPv6 /64 as one address.
 */
export function clientLimitKey(request: IncomingMessage): string {
  const ip = (request as IncomingMessage & { ip?: string }).ip;
  return addressLimitKey(ip ?? request.socket.remoteAddress ?? 'unknown');
}

function limitedBy(limiter: IpRateLimiter, context: ExecutionContext): boolean {
  const http = context.switchToHttp();
  const decision = limiter.take(clientLimitKey(http.getRequest<IncomingMessage>()));
  if (decision.allowed) return true;
  const retryAfterS = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
  http.getResponse<ServerResponse>().setHeader('Retry-After', String(retryAfterS));
  throw new HttpException(
    {
      error: {
        code: 'RATE_LIMITED',
        message: `too many requests from your address; try again in ${retryAfterS} s`,
        details: { retryAfterS },
      },
    },
    HttpStatus.TOO_MANY_REQUESTS,
  );
}

abstract class RateGuard implements CanActivate {
  private readonly limiter: IpRateLimiter;

  protected constructor(limits: IpRateLimits) {
    this.limiter = new IpRateLimiter(limits);
  }

  canActivate(context: ExecutionContext): boolean {
    return limitedBy(this.limiter, context);
  }
}

/** Every public dashboard request: the page, its assets, the JSON reads and the live feed. */
@Injectable()
export class PublicReadRateGuard extends RateGuard {
  constructor(@Inject(DASHBOARD_LIMITS) limits: DashboardLimits) {
    super(limits.readRate);
  }
}

/** journal.verify on top of the read limit: it recomputes the whole journal. */
@Injectable()
export class PublicVerifyRateGuard extends RateGuard {
  constructor(@Inject(DASHBOARD_LIMITS) limits: DashboardLimits) {
    super(limits.verifyRate);
  }
}

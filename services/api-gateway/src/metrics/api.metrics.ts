import { Inject, Injectable } from '@nestjs/common';
import { METRICS_REGISTRY } from '@ticketonomics/runtime';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** The gateway's own Prometheus metrics, on /metrics beside the process defaults. */
@Injectable()
export class ApiMetrics {
  /** Labelled by route pattern (never the raw path, which would grow without bound). */
  readonly requests: Counter<'method' | 'route' | 'status'>;
  readonly requestSeconds: Histogram<'method' | 'route'>;
  readonly rateLimitFallbacks: Counter;
  /** Labelled by limit (auth_failures, stream_connections): decided per process, the shared bucket out of reach. */
  readonly sharedLimitFallbacks: Counter<'limit'>;
  /** Labelled missing, invalid, revoked, or rate_limited (refused for the address's failures, unasked). */
  readonly authFailures: Counter<'reason'>;
  readonly auditPublishFailures: Counter;
  readonly wsConnections: Gauge;
  readonly wsDropped: Counter<'reason'>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    this.requests = new Counter({
      name: 'api_requests_total',
      help: 'HTTP API requests by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    });
    this.requestSeconds = new Histogram({
      name: 'api_request_duration_seconds',
      help: 'HTTP API request duration by method and route pattern',
      labelNames: ['method', 'route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
    this.rateLimitFallbacks = new Counter({
      name: 'api_rate_limit_local_fallbacks_total',
      help: 'Rate-limit decisions taken per process because the shared KV bucket did not answer',
      registers: [registry],
    });
    this.sharedLimitFallbacks = new Counter({
      name: 'api_shared_limit_local_fallbacks_total',
      help: 'Decisions of limits shared by the replicas taken per process because the shared KV bucket did not answer',
      labelNames: ['limit'],
      registers: [registry],
    });
    this.authFailures = new Counter({
      name: 'api_auth_failures_total',
      help: 'Requests refused for want of a usable API key, by reason (rate_limited: the address failed too often)',
      labelNames: ['reason'],
      registers: [registry],
    });
    this.auditPublishFailures = new Counter({
      name: 'api_audit_publish_failures_total',
      help: 'Audit entries JetStream did not acknowledge',
      registers: [registry],
    });
    this.wsConnections = new Gauge({
      name: 'api_ws_connections',
      help: 'Open WebSocket event streams',
      registers: [registry],
    });
    this.wsDropped = new Counter({
      name: 'api_ws_dropped_total',
      help: 'WebSocket clients dropped by the gateway, by reason',
      labelNames: ['reason'],
      registers: [registry],
    });
  }
}

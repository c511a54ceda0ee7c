import {
  Controller,
  Get,
  Header,
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  Module,
  type DynamicModule,
} from '@nestjs/common';
import { Registry, collectDefaultMetrics } from 'prom-client';

export type ReadinessCheck = () => boolean;

/** Readiness checks registered by a service's parts (NATS connected, store open, ...). */
@Injectable()
export class Readiness {
  private readonly checks = new Map<string, ReadinessCheck>();

  register(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check);
  }

  report(): { ready: boolean; checks: Record<string, boolean> } {
    const checks: Record<string, boolean> = {};
    for (const [name, check] of this.checks) {
      try {
        checks[name] = check();
      } catch {
        checks[name] = false;
      }
    }
    return { ready: Object.values(checks).every(Boolean), checks };
  }
}

export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');

@Controller()
export class HealthController {
  constructor(
    private readonly readiness: Readiness,
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
  ) {}

  @Get('healthz')
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('readyz')
  ready(): { ready: boolean; checks: Record<string, boolean> } {
    const report = this.readiness.report();
    if (!report.ready) throw new HttpException(report, HttpStatus.SERVICE_UNAVAILABLE);
    return report;
  }

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4')
  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}

/** /healthz, /readyz and Prometheus /metrics for a service; its metrics live in the exported registry. */
@Module({})
export class HealthModule {
  static forService(service: string): DynamicModule {
    const registry = new Registry();
    registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: registry });
    return {
      module: HealthModule,
      global: true,
      controllers: [HealthController],
      providers: [Readiness, { provide: METRICS_REGISTRY, useValue: registry }],
      exports: [Readiness, METRICS_REGISTRY],
    };
  }
}

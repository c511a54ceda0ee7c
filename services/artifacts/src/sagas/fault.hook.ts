import type { FaultPoint } from '../config/artifacts.config';

/**
 * TEST HOOK (ARTIFACTS_FAULT_AFTER, off by default): kills the process right after a purchase step, the
 * way a crash or `kill -9` would, so the recovery tests reach exactly that point. No clean-up runs.
 */
export class FaultHook {
  constructor(private readonly point: FaultPoint) {}

  after(step: Exclude<FaultPoint, 'off'>): void {
    if (this.point === step) process.kill(process.pid, 'SIGKILL');
  }
}

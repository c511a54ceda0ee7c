import { startServiceHarness, type ServiceHarness } from '@ticketonomics/testing';
import { startArtifacts, type RunningArtifacts } from '../../src/artifacts.app';
import { ArtifactsConfigSchema } from '../../src/config/artifacts.config';
import { TEST_ARTIFACTS_ENV } from './artifacts.harness';

/** The artifacts service in-process on a fresh nats-server, with no ledger: for what needs no money. */
export function startArtifactsAlone(): Promise<ServiceHarness<RunningArtifacts>> {
  return startServiceHarness({
    name: 'artifacts',
    env: TEST_ARTIFACTS_ENV,
    start: (settings, logger) => startArtifacts(ArtifactsConfigSchema.parse(settings), logger),
  });
}

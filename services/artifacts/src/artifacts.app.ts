import { startCommandService, type RunningService } from '@ticketonomics/runtime';
import type { Logger } from 'pino';
import { ARTIFACTS_COMMAND_SPECS } from './artifacts.commands';
import { ArtifactsModule } from './artifacts.module';
import type { ArtifactsConfig } from './config/artifacts.config';
import { ARTIFACTS_DB_FILE, ARTIFACTS_MIGRATIONS } from './store/artifacts.migrations';

export type RunningArtifacts = RunningService;

/** Start the artifacts service: used by main.ts for the process and by tests to run it in-process. */
export function startArtifacts(config: ArtifactsConfig, logger: Logger): Promise<RunningArtifacts> {
  return startCommandService({
    name: 'artifacts',
    config,
    logger,
    store: { fileName: ARTIFACTS_DB_FILE, migrations: ARTIFACTS_MIGRATIONS },
    commands: ARTIFACTS_COMMAND_SPECS,
    module: ({ connection, dataSource }) =>
      ArtifactsModule.forRoot({ config, logger, connection, dataSource }),
  });
}

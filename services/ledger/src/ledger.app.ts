import { startCommandService, type RunningService } from '@ticketonomics/runtime';
import type { Logger } from 'pino';
import type { LedgerConfig } from './config/ledger.config';
import { LEDGER_COMMAND_SPECS } from './ledger.commands';
import { LedgerModule } from './ledger.module';
import { LEDGER_DB_FILE, LEDGER_MIGRATIONS } from './store/ledger.migrations';

export type RunningLedger = RunningService;

/** Start the ledger: used by main.ts for the process and by tests to run it in-process. */
export function startLedger(config: LedgerConfig, logger: Logger): Promise<RunningLedger> {
  return startCommandService({
    name: 'ledger',
    config,
    logger,
    store: {
      fileName: LEDGER_DB_FILE,
      migrations: LEDGER_MIGRATIONS,
      synchronous: config.LEDGER_SYNCHRONOUS,
    },
    commands: LEDGER_COMMAND_SPECS,
    module: ({ connection, dataSource }) => LedgerModule.forRoot({ config, logger, connection, dataSource }),
    inFlightMax: config.LEDGER_IN_FLIGHT_MAX,
  });
}

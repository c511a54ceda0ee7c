import { startCommandService, type RunningService } from '@ticketonomics/runtime';
import type { Logger } from 'pino';
import { ACCOUNTS_COMMAND_SPECS } from './accounts.commands';
import { AccountsModule } from './accounts.module';
import { webhookSettingsOf, type AccountsConfig } from './config/accounts.config';
import { ACCOUNTS_DB_FILE, ACCOUNTS_MIGRATIONS } from './store/accounts.migrations';

export type RunningAccounts = RunningService;

/** Start the accounts service: used by main.ts for the process and by tests to run it in-process. */
export function startAccounts(config: AccountsConfig, logger: Logger): Promise<RunningAccounts> {
  return startCommandService({
    name: 'accounts',
    config,
    logger,
    store: { fileName: ACCOUNTS_DB_FILE, migrations: ACCOUNTS_MIGRATIONS },
    commands: ACCOUNTS_COMMAND_SPECS,
    module: ({ connection, dataSource }) =>
      AccountsModule.forRoot({
        logger,
        connection,
        dataSource,
        webhooks: webhookSettingsOf(config),
      }),
  });
}

import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { MicroserviceOptions } from '@nestjs/microservices';
import {
  connectNats,
  drainNats,
  ensureEventStream,
  JsonNatsServer,
  RpcPassthroughFilter,
} from '@ticketonomics/messaging';
import { openSqliteDataSource } from '@ticketonomics/persistence';
import { NestPinoLogger } from '@ticketonomics/runtime';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { ACCOUNTS_COMMAND_SPECS } from './accounts.commands';
import { AccountsModule } from './accounts.module';
import type { AccountsConfig } from './config/accounts.config';
import { ACCOUNTS_DB_FILE, ACCOUNTS_ENTITIES, ACCOUNTS_MIGRATIONS } from './store/accounts.entities';

/** Every accounts replica joins this queue group, so each request is served once. */
export const ACCOUNTS_QUEUE_GROUP = 'accounts';

export interface RunningAccounts {
  app: INestApplication;
  httpPort: number;
  /** Stop taking requests, finish those in flight, flush events, close the store and NATS. */
  close(): Promise<void>;
}

/** Start the accounts service: used by main.ts for the process and by tests to run it in-process. */
export async function startAccounts(config: AccountsConfig, logger: Logger): Promise<RunningAccounts> {
  const connection = await connectNats({ url: config.NATS_URL, name: 'accounts' }, logger);
  await ensureEventStream(connection);
  const dataSource = await openSqliteDataSource({
    dataDir: config.DATA_DIR,
    fileName: ACCOUNTS_DB_FILE,
    entities: ACCOUNTS_ENTITIES,
    migrations: ACCOUNTS_MIGRATIONS,
  });
  const app = await NestFactory.create(AccountsModule.forRoot({ logger, connection, dataSource }), {
    logger: new NestPinoLogger(logger),
  });
  app.useGlobalFilters(new RpcPassthroughFilter());
  app.connectMicroservice<MicroserviceOptions>(
    {
      strategy: new JsonNatsServer({
        connection,
        queue: ACCOUNTS_QUEUE_GROUP,
        commands: ACCOUNTS_COMMAND_SPECS,
        logger,
      }),
    },
    { inheritAppConfig: true },
  );
  await app.startAllMicroservices();
  await app.listen(config.HTTP_PORT, config.HTTP_HOST);
  const httpPort = (app.getHttpServer().address() as AddressInfo).port;
  logger.info({ httpPort, dataDir: config.DATA_DIR }, 'accounts ready');
  let closing: Promise<void> | null = null;
  return {
    app,
    httpPort,
    close: () => {
      closing ??= (async () => {
        await app.close();
        await drainNats(connection, logger);
      })();
      return closing;
    },
  };
}

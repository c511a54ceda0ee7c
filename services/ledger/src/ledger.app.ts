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
import type { LedgerConfig } from './config/ledger.config';
import { LEDGER_COMMAND_SPECS } from './ledger.commands';
import { LedgerModule } from './ledger.module';
import { LEDGER_DB_FILE, LEDGER_ENTITIES, LEDGER_MIGRATIONS } from './store/ledger.entities';

/** Every ledger replica joins this queue group, so each request is served once. */
export const LEDGER_QUEUE_GROUP = 'ledger';

export interface RunningLedger {
  app: INestApplication;
  httpPort: number;
  /** Stop taking requests, finish those in flight, flush events, close the store and NATS. */
  close(): Promise<void>;
}

/** Start the ledger: used by main.ts for the process and by tests to run it in-process. */
export async function startLedger(config: LedgerConfig, logger: Logger): Promise<RunningLedger> {
  const connection = await connectNats({ url: config.NATS_URL, name: 'ledger' }, logger);
  await ensureEventStream(connection);
  const dataSource = await openSqliteDataSource({
    dataDir: config.DATA_DIR,
    fileName: LEDGER_DB_FILE,
    entities: LEDGER_ENTITIES,
    migrations: LEDGER_MIGRATIONS,
    synchronous: config.LEDGER_SYNCHRONOUS,
  });
  const app = await NestFactory.create(LedgerModule.forRoot({ config, logger, connection, dataSource }), {
    logger: new NestPinoLogger(logger),
  });
  app.useGlobalFilters(new RpcPassthroughFilter());
  app.connectMicroservice<MicroserviceOptions>(
    {
      strategy: new JsonNatsServer({
        connection,
        queue: LEDGER_QUEUE_GROUP,
        commands: LEDGER_COMMAND_SPECS,
        logger,
        inFlightMax: config.LEDGER_IN_FLIGHT_MAX,
      }),
    },
    { inheritAppConfig: true },
  );
  await app.startAllMicroservices();
  await app.listen(config.HTTP_PORT, config.HTTP_HOST);
  const httpPort = (app.getHttpServer().address() as AddressInfo).port;
  logger.info({ httpPort, dataDir: config.DATA_DIR }, 'ledger ready');
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

import 'reflect-metadata';
import { runServiceProcess } from '@ticketonomics/runtime';
import { startApiGateway } from './api-gateway.app';
import { ApiGatewayConfigSchema } from './config/api-gateway.config';

runServiceProcess({
  name: 'api-gateway',
  configSchema: ApiGatewayConfigSchema,
  start: startApiGateway,
});

import 'reflect-metadata';
import { runServiceProcess } from '@ticketonomics/runtime';
import { startAnalytics } from './analytics.app';
import { AnalyticsConfigSchema } from './config/analytics.config';

runServiceProcess({
  name: 'analytics',
  configSchema: AnalyticsConfigSchema,
  // A replica that lost its slot has closed itself; exiting lets the restart policy start it on a free slot.
  start: (config, logger) => startAnalytics(config, logger, { onSlotLost: () => process.exit(1) }),
});

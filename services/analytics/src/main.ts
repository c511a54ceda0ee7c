import 'reflect-metadata';
import { runServiceProcess } from '@ticketonomics/runtime';
import { startAnalytics } from './analytics.app';
import { AnalyticsConfigSchema } from './config/analytics.config';

runServiceProcess({ name: 'analytics', configSchema: AnalyticsConfigSchema, start: startAnalytics });

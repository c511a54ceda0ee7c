import 'reflect-metadata';
import { runServiceProcess } from '@ticketonomics/runtime';
import { GovernanceConfigSchema } from './config/governance.config';
import { startGovernance } from './governance.app';

runServiceProcess({ name: 'governance', configSchema: GovernanceConfigSchema, start: startGovernance });

import 'reflect-metadata';
import { runServiceProcess } from '@ticketonomics/runtime';
import { AccountsConfigSchema } from './config/accounts.config';
import { startAccounts } from './accounts.app';

runServiceProcess({ name: 'accounts', configSchema: AccountsConfigSchema, start: startAccounts });

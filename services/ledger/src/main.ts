import 'reflect-metadata';
import { runServiceProcess } from '@ticketonomics/runtime';
import { LedgerConfigSchema } from './config/ledger.config';
import { startLedger } from './ledger.app';

runServiceProcess({ name: 'ledger', configSchema: LedgerConfigSchema, start: startLedger });

import { LedgerInit1764320000000 } from '../migrations/1764320000000-ledger-init';
import { LedgerProcessedEvents1764330000000 } from '../migrations/1764330000000-ledger-processed-events';
import { LedgerDailyCaps1764340000000 } from '../migrations/1764340000000-ledger-daily-caps';
import { LedgerDailyTotalsByDay1764700000000 } from '../migrations/1764700000000-ledger-daily-totals-by-day';
import { LedgerEconomy1764800000000 } from '../migrations/1764800000000-ledger-economy';
import { LedgerJournalCheckpoint1765300000000 } from '../migrations/1765300000000-ledger-journal-checkpoint';
import { LedgerEventsCursor1765400000000 } from '../migrations/1765400000000-ledger-events-cursor';

export const LEDGER_MIGRATIONS = [
  LedgerInit1764320000000,
  LedgerProcessedEvents1764330000000,
  LedgerDailyCaps1764340000000,
  LedgerDailyTotalsByDay1764700000000,
  LedgerEconomy1764800000000,
  LedgerJournalCheckpoint1765300000000,
  LedgerEventsCursor1765400000000,
];
export const LEDGER_DB_FILE = 'ledger.sqlite';

import { AccountEntity } from '../accounts/account.entity';
import { LedgerInit1764320000000 } from '../migrations/1764320000000-ledger-init';
import { LedgerProcessedEvents1764330000000 } from '../migrations/1764330000000-ledger-processed-events';
import { LedgerDailyCaps1764340000000 } from '../migrations/1764340000000-ledger-daily-caps';
import { LedgerDailyTotalsByDay1764700000000 } from '../migrations/1764700000000-ledger-daily-totals-by-day';
import { PolicyEntity } from '../policy/policy.entity';
import { DailyPaymentTotalEntity } from '../transfers/daily-totals.entity';
import { HoldEntity } from '../transfers/hold.entity';
import { TransferEntity } from '../transfers/transfer.entity';

export const LEDGER_ENTITIES = [
  AccountEntity,
  TransferEntity,
  HoldEntity,
  PolicyEntity,
  DailyPaymentTotalEntity,
];
export const LEDGER_MIGRATIONS = [
  LedgerInit1764320000000,
  LedgerProcessedEvents1764330000000,
  LedgerDailyCaps1764340000000,
  LedgerDailyTotalsByDay1764700000000,
];
export const LEDGER_DB_FILE = 'ledger.sqlite';

import { partitionLabel } from '@ticketonomics/partitions';
import { AccountsInit1764400000000 } from '../migrations/1764400000000-accounts-init';
import { AccountsRewards1764500000000 } from '../migrations/1764500000000-accounts-rewards';
import { AccountsPaymentLimitsToLedger1764600000000 } from '../migrations/1764600000000-accounts-payment-limits-to-ledger';
import { AccountsIntegrations1764700000000 } from '../migrations/1764700000000-accounts-integrations';
import { AccountsApiKeyRequests1764750000000 } from '../migrations/1764750000000-accounts-api-key-requests';
import { AccountsLinkCodes1764800000000 } from '../migrations/1764800000000-accounts-link-codes';
import { AccountsDashboardVisibility1764800000000 } from '../migrations/1764800000000-accounts-dashboard-visibility';
import { AccountsWebhookDueByWebhook1764850000000 } from '../migrations/1764850000000-accounts-webhook-due-by-webhook';
import { AccountsCommunityIdentities1764900000000 } from '../migrations/1764900000000-accounts-community-identities';
import { AccountsWebhookActiveSince1765000000000 } from '../migrations/1765000000000-accounts-webhook-active-since';
import { AccountsWebhookSecretFormat1765100000000 } from '../migrations/1765100000000-accounts-webhook-secret-format';
import { AccountsGlobalIdentities1765200000000 } from '../migrations/1765200000000-accounts-global-identities';
import { AccountsCommunityPartition1765200000001 } from '../migrations/1765200000001-accounts-community-partition';
import { communityImportMigration } from '../migrations/accounts-community-import';

/**
 * The global partition's file: the one accounts always had, so an existing volume keeps its users. Its
 * community tables are no longer written (the community partitions import them once).
 */
export const ACCOUNTS_DB_FILE = 'accounts.sqlite';

export const ACCOUNTS_MIGRATIONS = [
  AccountsInit1764400000000,
  AccountsRewards1764500000000,
  AccountsPaymentLimitsToLedger1764600000000,
  AccountsIntegrations1764700000000,
  AccountsApiKeyRequests1764750000000,
  AccountsLinkCodes1764800000000,
  AccountsDashboardVisibility1764800000000,
  AccountsWebhookDueByWebhook1764850000000,
  AccountsCommunityIdentities1764900000000,
  AccountsWebhookActiveSince1765000000000,
  AccountsWebhookSecretFormat1765100000000,
  AccountsGlobalIdentities1765200000000,
];

/** A community partition's file: `accounts-p003.sqlite` beside the global partition's on the volume. */
export function accountsFileOf(partition: number): string {
  return `accounts-${partitionLabel(partition)}.sqlite`;
}

/** A community partition's schema, then its share of the communities the global file held before. */
export function accountsCommunityMigrations(partition: number, partitionCount: number) {
  return [
    AccountsCommunityPartition1765200000001,
    communityImportMigration(partition, partitionCount, ACCOUNTS_DB_FILE),
  ];
}

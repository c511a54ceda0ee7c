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
];
export const ACCOUNTS_DB_FILE = 'accounts.sqlite';

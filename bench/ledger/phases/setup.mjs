// Before the ledger phases: open the bench's user accounts and fund each with a mint.
import { clientErrorCode } from '../../lib/load.mjs';
import { SUBJECTS } from '../settings.mjs';

const FUNDING_AMOUNT = 1_000_000_000_000;

/** Answers { accounts, mints, errors }: mint failures are counted by code, not thrown. */
export async function openAndFundAccounts({ cfg, client, transfers, runId }) {
  const { accountIds } = transfers;
  const errors = {};
  for (let i = 0; i < cfg.accounts; i += 1) {
    const account = await client.call(SUBJECTS.accountOpen, {
      communityId: 'bench',
      kind: 'user',
      ownerId: `u${i}`,
    });
    if (account.id !== accountIds[i])
      throw new Error(`account.open returned ${account.id}, expected ${accountIds[i]}`);
  }
  await Promise.all(
    accountIds.map((accountId, i) =>
      client
        .call(SUBJECTS.mint, {
          id: `m-${runId}-${i}`,
          accountId,
          amount: FUNDING_AMOUNT,
          memo: 'bench funding',
        })
        .catch((error) => {
          const code = error.code ?? clientErrorCode(error);
          errors[code] = (errors[code] ?? 0) + 1;
        }),
    ),
  );
  return { accounts: cfg.accounts, mints: cfg.accounts, errors };
}

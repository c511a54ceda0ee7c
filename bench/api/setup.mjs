// Before the phases: public communities with members (through accounts, as the bot or a game server
// makes them), each member's ledger account funded, and the API keys of the first community.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

export const SUBJECTS = {
  communityUpsert: 'tk.cmd.accounts.community.upsert',
  userUpsert: 'tk.cmd.accounts.user.upsert',
  membershipJoin: 'tk.cmd.accounts.membership.join',
  settingsSet: 'tk.cmd.accounts.settings.set',
  apiKeyCreate: 'tk.cmd.accounts.apikey.create',
  accountGet: 'tk.cmd.ledger.account.get',
  mint: 'tk.cmd.ledger.supply.mint',
  transfer: 'tk.cmd.ledger.transfer.create',
};

const FUNDING_AMOUNT = 1_000_000_000_000;
/** The ledger opens a member's account from membership.joined, asynchronously. */
const ACCOUNT_OPEN_TIMEOUT_MS = 30_000;
const ACCOUNT_POLL_MS = 50;
/** The highest limit a key may have (INTEGRATION_LIMITS.rateLimitPerMinuteMax). */
const KEY_RATE_PER_MINUTE = 60_000;

async function waitForAccount(client, accountId) {
  const deadline = performance.now() + ACCOUNT_OPEN_TIMEOUT_MS;
  for (;;) {
    try {
      await client.call(SUBJECTS.accountGet, { accountId });
      return;
    } catch (error) {
      if (error.code !== 'NOT_FOUND' || performance.now() > deadline) throw error;
      await sleep(ACCOUNT_POLL_MS);
    }
  }
}

async function makeCommunity(client, communityId, memberCount, runId) {
  await client.call(SUBJECTS.communityUpsert, { id: communityId, title: `Bench ${communityId}` });
  await client.call(SUBJECTS.settingsSet, { communityId, dashboard: { public: true } });
  const members = [];
  for (let i = 0; i < memberCount; i += 1) {
    const user = await client.call(SUBJECTS.userUpsert, {
      identity: { provider: 'game', externalId: `${communityId}-m${i}`, communityId },
      displayName: `Member ${i}`,
    });
    await client.call(SUBJECTS.membershipJoin, { communityId, userId: user.id });
    members.push({ userId: user.id, accountId: `user:${communityId}:${user.id}` });
  }
  for (const member of members) {
    await waitForAccount(client, member.accountId);
    await client.call(SUBJECTS.mint, {
      id: `bench-fund-${runId}-${member.userId}`,
      accountId: member.accountId,
      amount: FUNDING_AMOUNT,
      memo: 'bench funding',
    });
  }
  return { communityId, members };
}

async function makeKeys(client, communityId, count) {
  const keys = [];
  for (let i = 0; i < count; i += 1) {
    const created = await client.call(SUBJECTS.apiKeyCreate, {
      communityId,
      name: `bench ${i}`,
      scopes: ['read', 'transfer'],
      rateLimitPerMinute: KEY_RATE_PER_MINUTE,
      createdBy: 'cli:bench',
    });
    keys.push(created.secret);
  }
  return keys;
}

/** Answers { communities: [{communityId, members}], keys: [secret], ms }. */
export async function setUpEconomy({ cfg, client, runId, log }) {
  const startedAt = performance.now();
  const communities = [];
  for (let i = 0; i < cfg.communities; i += 1) {
    communities.push(await makeCommunity(client, `bench-${runId}-${i}`, cfg.membersPerCommunity, runId));
  }
  const keys = await makeKeys(client, communities[0].communityId, cfg.apiKeys);
  const ms = performance.now() - startedAt;
  log(
    `${communities.length} public communities of ${cfg.membersPerCommunity} funded members, ${keys.length} API keys (${Math.round(ms)} ms)`,
  );
  return { communities, keys, ms };
}

/** Member pairs of one community, in a fixed order the loops walk round-robin. */
export function memberPairs(members) {
  const pairs = [];
  for (let a = 0; a < members.length; a += 1) {
    for (let b = 0; b < members.length; b += 1) if (a !== b) pairs.push([members[a], members[b]]);
  }
  return pairs;
}

import { AccountsCommands, ArtifactsCommands, LedgerCommands, PAGE_SIZE_MAX } from '@ticketonomics/contracts';
import { findRepoRoot, waitFor } from '@ticketonomics/testing';
import { existsSync, mkdirSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startApiHarness, type ApiHarness, type Member } from './support/api.harness';

/**
 * The public dashboard end to end: nats-server, the built ledger, accounts, artifacts (and analytics
 * when it is built) as processes, the api-gateway in-process, and Debian's Chromium driven by
 * playwright-core. Screenshots go to test-artifacts/ (kept by CI as the run's artifacts); with
 * UPDATE_DASHBOARD_SCREENSHOT=1 the desktop one is also copied to docs/dashboard.png for the README.
 */

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** The flags that keep Chromium quiet on a machine with no internet (see .ci/run). */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** How soon the page must show a transfer (the live feed) and the figures it changes (throttled refresh). */
const FEED_UPDATE_TIMEOUT_MS = 5_000;
const FIGURES_UPDATE_TIMEOUT_MS = 8_000;
const COMMUNITY = 'dash-e2e';

const root = findRepoRoot();
const artifactsDir = join(root, 'test-artifacts');
/** Analytics runs when it is built; DASHBOARD_E2E_ANALYTICS=0 leaves it out to test the ledger-only figures. */
const withAnalytics =
  existsSync(join(root, 'dist', 'services', 'analytics', 'main.js')) &&
  process.env.DASHBOARD_E2E_ANALYTICS !== '0';

describe('public dashboard in headless Chromium', () => {
  let harness: ApiHarness;
  let browser: Browser;
  let members: Record<string, Member>;
  let dashboardUrl: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM_PATH)) {
      // Never skipped silently: .ci/run installs Debian's chromium; locally, install it the same way.
      throw new Error(
        `no Chromium at ${CHROMIUM_PATH}: install it with \`apt-get install -y chromium\` (.ci/run does), or set CHROMIUM_PATH`,
      );
    }
    mkdirSync(artifactsDir, { recursive: true });
    harness = await startApiHarness({ extra: withAnalytics ? ['artifacts', 'analytics'] : ['artifacts'] });
    members = await harness.community(COMMUNITY, ['Alice', 'Bob', 'Carol']);
    await harness.client.request(AccountsCommands.settingsSet, {
      communityId: COMMUNITY,
      dashboard: { public: true },
    });
    const { Alice, Bob, Carol } = members;
    await harness.mint(Alice.accountId, 1_000);
    await harness.mint(Bob.accountId, 500);
    await pay('seed-pay-1', Alice, Bob, 120);
    await pay('seed-pay-2', Bob, Carol, 30);
    const type = await harness.client.request(ArtifactsCommands.typeCreate, {
      requestId: 'seed-type-1',
      communityId: COMMUNITY,
      creatorId: Alice.userId,
      asAdmin: true,
      name: 'Golden Ticket',
      emoji: '🎫',
      rarity: 'legendary',
      supplyMax: 10,
    });
    const item = await harness.client.request(ArtifactsCommands.shopAdd, {
      communityId: COMMUNITY,
      typeId: type.id,
      price: 50,
    });
    await harness.client.request(ArtifactsCommands.shopBuy, {
      requestId: 'seed-buy-1',
      communityId: COMMUNITY,
      buyerId: Bob.userId,
      shopItemId: item.id,
    });
    dashboardUrl = `${harness.baseUrl}/dashboard/${COMMUNITY}`;
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await harness?.close();
  }, 60_000);

  async function pay(id: string, from: Member, to: Member, amount: number): Promise<void> {
    await harness.client.request(LedgerCommands.transferCreate, {
      id,
      debitAccountId: from.accountId,
      creditAccountId: to.accountId,
      amount,
      code: 'payment',
    });
  }

  async function ledgerSupply(): Promise<number> {
    return (await harness.client.request(LedgerCommands.supplyGet, { communityId: COMMUNITY })).supply;
  }

  /** The ledger's own top holders: user accounts by balance, ties by account id. */
  async function ledgerTopHolders(): Promise<[string, number][]> {
    const page = await harness.client.request(LedgerCommands.accountList, {
      communityId: COMMUNITY,
      kind: 'user',
      limit: PAGE_SIZE_MAX,
    });
    return page.items
      .map((account): [string, number] => [account.id, account.balance])
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, 10);
  }

  const shownNumber = async (page: Page, id: string) =>
    Number(await page.getAttribute(`#${id}`, 'data-value'));
  const shownHolders = (page: Page) =>
    page.$$eval('#leaderboard li[data-account]', (items) =>
      items.map((item) => [item.getAttribute('data-account'), Number(item.getAttribute('data-balance'))]),
    );

  /** Waits until `read` returns what `expected` says, polling the page; fails with both values. */
  async function until<T>(
    read: () => Promise<T>,
    expected: T,
    timeoutMs: number,
    what: string,
  ): Promise<void> {
    let last: T | undefined;
    await waitFor(
      async () => {
        last = await read();
        return JSON.stringify(last) === JSON.stringify(expected);
      },
      { timeoutMs, intervalMs: 100, description: `${what}: expected ${JSON.stringify(expected)}` },
    ).catch((error: Error) => {
      throw new Error(`${error.message}, the page shows ${JSON.stringify(last)}`);
    });
  }

  it('shows the ledger’s numbers, verifies the chain, and follows a transfer live (desktop)', async () => {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      colorScheme: 'light',
    });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(dashboardUrl);
    expect(await page.textContent('h1')).toContain('economy');

    // The numbers the ledger has (analytics, when it runs, catches up within moments).
    await until(() => shownNumber(page, 'stat-supply'), await ledgerSupply(), 10_000, 'supply');
    await until(() => shownHolders(page), await ledgerTopHolders(), 10_000, 'leaderboard');
    await page.waitForSelector('#feed li[data-id="seed-pay-2"]', { timeout: 10_000 });
    await page.waitForSelector('#gallery li[data-type-id]', { timeout: 10_000 });
    const artifact = await page.textContent('#gallery li[data-type-id]');
    expect(artifact).toContain('Golden Ticket');
    expect(artifact).toContain('50');

    await page.click('#verify-button');
    await until(() => page.getAttribute('#verify-result', 'data-state'), 'ok', 15_000, 'verify');
    expect(await page.textContent('#verify-verdict')).toContain('ok');

    // A transfer and a mint while the page is open.
    await until(() => page.getAttribute('#live-status', 'data-state'), 'live', 10_000, 'live feed');
    const volumeBefore = await shownNumber(page, 'stat-volume');
    const startedAt = Date.now();
    await pay('live-pay-1', members.Alice, members.Carol, 77);
    await until(
      () => page.locator('#feed li').first().getAttribute('data-id'),
      'live-pay-1',
      FEED_UPDATE_TIMEOUT_MS,
      'feed',
    );
    await harness.mint(members.Carol.accountId, 250);
    const supplyAfter = await ledgerSupply();
    await until(
      () => shownNumber(page, 'stat-supply'),
      supplyAfter,
      FIGURES_UPDATE_TIMEOUT_MS,
      'supply after a mint',
    );
    await waitFor(async () => (await shownNumber(page, 'stat-volume')) >= volumeBefore + 77 + 250, {
      timeoutMs: FIGURES_UPDATE_TIMEOUT_MS,
      description: 'volume after the transfer and the mint',
    });
    await until(
      () => shownHolders(page),
      await ledgerTopHolders(),
      FIGURES_UPDATE_TIMEOUT_MS,
      'leaderboard after',
    );
    const updatedWithinMs = Date.now() - startedAt;
    expect(updatedWithinMs).toBeLessThan(FEED_UPDATE_TIMEOUT_MS + 2 * FIGURES_UPDATE_TIMEOUT_MS);

    await page.screenshot({ path: join(artifactsDir, 'dashboard-desktop.png'), fullPage: true });
    if (process.env.UPDATE_DASHBOARD_SCREENSHOT === '1') {
      await copyFile(join(artifactsDir, 'dashboard-desktop.png'), join(root, 'docs', 'dashboard.png'));
    }
    expect(pageErrors).toEqual([]);
    await context.close();
  }, 90_000);

  it('fits a phone screen without sideways scrolling (390x844, dark)', async () => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      colorScheme: 'dark',
    });
    const page = await context.newPage();
    await page.goto(dashboardUrl);
    await until(() => shownNumber(page, 'stat-supply'), await ledgerSupply(), 10_000, 'supply');
    await page.waitForSelector('#gallery li[data-type-id]', { timeout: 10_000 });
    await page.waitForSelector('#volume-chart svg', { timeout: 10_000 });
    // A string, evaluated in the page: this workspace compiles without the DOM's types.
    const overflow = (await page.evaluate(`(() => {
      const width = document.documentElement.clientWidth;
      const wide = [...document.querySelectorAll('body *')]
        .filter((node) => !node.closest('.visually-hidden, .skip'))
        .filter((node) => node.getBoundingClientRect().right > width + 1)
        .map((node) => node.tagName.toLowerCase() + '#' + node.id + '.' + node.className);
      return { scrollWidth: document.documentElement.scrollWidth, width, wide };
    })()`)) as { scrollWidth: number; width: number; wide: string[] };
    expect(overflow.wide).toEqual([]);
    expect(overflow.scrollWidth).toBeLessThanOrEqual(overflow.width);
    await page.screenshot({ path: join(artifactsDir, 'dashboard-phone.png'), fullPage: true });
    await context.close();
  }, 60_000);

  it('answers bad input and floods politely', async () => {
    const bad = await harness.request('GET', '/public/communities/not%20valid/overview');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'communityId' } });
    const badLimit = await harness.request('GET', `/public/communities/${COMMUNITY}/transactions?limit=1000`);
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.error.details).toMatchObject({ field: 'limit', in: 'query' });
    const page = await harness.request('GET', '/dashboard/not%20valid');
    expect(page.status).toBe(400);

    // verify is limited harder than the other reads (it recomputes the whole journal).
    const statuses: number[] = [];
    for (let i = 0; i < 12; i += 1) {
      statuses.push((await harness.request('GET', `/public/communities/${COMMUNITY}/verify`)).status);
    }
    expect(statuses).toContain(429);
    const limited = await harness.request('GET', `/public/communities/${COMMUNITY}/verify`);
    expect(limited.headers.get('retry-after')).toMatch(/^[0-9]+$/);
    expect(limited.body.error.code).toBe('RATE_LIMITED');

    // The public transactions carry no memos.
    const transactions = await harness.request('GET', `/public/communities/${COMMUNITY}/transactions`);
    expect(transactions.status).toBe(200);
    expect(transactions.body.items[0]).not.toHaveProperty('memo');
  }, 30_000);
});

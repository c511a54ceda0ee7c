import {
  AccountsCommands,
  ArtifactsCommands,
  GovernanceCommands,
  LedgerCommands,
  PAGE_SIZE_MAX,
} from '@ticketonomics/contracts';
import { findRepoRoot, waitFor } from '@ticketonomics/testing';
import { existsSync, mkdirSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { DASHBOARD_CSP } from '../src/dashboard/dashboard.assets';
import { startApiHarness, type ApiHarness, type Member } from './support/api.harness';

/**
 * The public dashboard end to end: nats-server, the built ledger, accounts, artifacts (and analytics
 * when it is built) as processes, the api-gateway in-process, and Debian's Chromium driven by
 * playwright-core. Screenshots go to test-artifacts/ (kept by CI as the run's artifacts); with
 * UPDATE_DASHBOARD_SCREENSHOTS=1 they are also copied to docs/ (dashboard-desktop.png,
 * dashboard-phone.png, dashboard-not-found.png), so a plain run never changes the tree.
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
/** Its name, as members typed it: characters HTML escapes on purpose (the page must show them as text). */
const COMMUNITY_NAME = 'Dash & "Friends"';
const PAGE_TITLE = `${COMMUNITY_NAME} economy · Ticketonomics`;
/** A public community nobody has joined yet (the empty states, and no error for its empty ledger). */
const EMPTY_COMMUNITY = 'dash-empty';
/** Words of the ledger's inner workings that a member's page must not show. */
const JARGON = [/escrow/i, /issuance/i, /communityId/i, /\bpending\b/i];

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
  let shopItemId: number;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM_PATH)) {
      // Never skipped silently: .ci/run installs Debian's chromium; locally, install it the same way.
      throw new Error(
        `no Chromium at ${CHROMIUM_PATH}: install it with \`apt-get install -y chromium\` (.ci/run does), or set CHROMIUM_PATH`,
      );
    }
    mkdirSync(artifactsDir, { recursive: true });
    harness = await startApiHarness({
      extra: withAnalytics ? ['artifacts', 'governance', 'analytics'] : ['artifacts', 'governance'],
    });
    members = await harness.community(COMMUNITY, ['Alice', 'Bob', 'Carol']);
    await harness.client.request(AccountsCommands.communityUpsert, { id: COMMUNITY, title: COMMUNITY_NAME });
    // Public before anyone joined: its ledger has no accounts at all yet.
    await harness.client.request(AccountsCommands.communityUpsert, {
      id: EMPTY_COMMUNITY,
      title: `Community ${EMPTY_COMMUNITY}`,
    });
    for (const communityId of [COMMUNITY, EMPTY_COMMUNITY]) {
      await harness.client.request(AccountsCommands.settingsSet, {
        communityId,
        dashboard: { public: true },
      });
    }
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
    shopItemId = item.id;
    await buy('seed-buy-1', Bob);
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

  async function buy(requestId: string, buyer: Member): Promise<void> {
    await harness.client.request(ArtifactsCommands.shopBuy, {
      requestId,
      communityId: COMMUNITY,
      buyerId: buyer.userId,
      shopItemId,
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
      .filter((account) => account.balance > 0)
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

  /**
   * Screenshots for CI's artifacts, and for docs/ when asked to (UPDATE_DASHBOARD_SCREENSHOTS=1): the
   * whole page, or the cards whose selector is given.
   */
  async function screenshot(page: Page, name: string, cards?: string): Promise<void> {
    const path = join(artifactsDir, name);
    if (cards === undefined) {
      await page.screenshot({ path, fullPage: true, animations: 'disabled' });
    } else {
      // A string, evaluated in the page: this workspace compiles without the DOM's types.
      const boxes =
        (await page.evaluate(`[...document.querySelectorAll(${JSON.stringify(cards)})].map((node) => {
        const box = node.getBoundingClientRect();
        return { left: box.left + scrollX, top: box.top + scrollY, right: box.right + scrollX, bottom: box.bottom + scrollY };
      })`)) as { left: number; top: number; right: number; bottom: number }[];
      const [x, y] = [Math.min(...boxes.map((b) => b.left)), Math.min(...boxes.map((b) => b.top))];
      const clip = {
        x,
        y,
        width: Math.max(...boxes.map((b) => b.right)) - x,
        height: Math.max(...boxes.map((b) => b.bottom)) - y,
      };
      await page.screenshot({ path, fullPage: true, clip, animations: 'disabled' });
    }
    if (process.env.UPDATE_DASHBOARD_SCREENSHOTS === '1') {
      await copyFile(join(artifactsDir, name), join(root, 'docs', name));
    }
  }

  /** A browser tab with everything that goes wrong in it collected (script errors, refused loads). */
  async function open(context: BrowserContext, url: string) {
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    const response = await page.goto(url);
    return { page, problems, status: response?.status() };
  }

  // Strings, evaluated in the page: this workspace compiles without the DOM's types.

  /**
   * Words of the page's visible text that the browser broke across lines ("Loa/din/g…"): a word
   * drawn on two lines has more than one box. Lists them with the text they were in.
   */
  const brokenWords = (page: Page) =>
    page.evaluate(`(() => {
      const broken = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        if (!parent || parent.closest('.visually-hidden, .skip, script, svg')) continue;
        if (parent.getClientRects().length === 0) continue;
        for (const match of node.data.matchAll(/\\S+/g)) {
          const range = document.createRange();
          range.setStart(node, match.index);
          range.setEnd(node, match.index + match[0].length);
          const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
          if (lines.size > 1) broken.push(match[0] + ' in "' + node.data.trim() + '"');
        }
      }
      return broken;
    })()`) as Promise<string[]>;

  /** How many lines the cards' placeholder takes in each list, put there as the page would before its data. */
  const placeholderLines = (page: Page) =>
    page.evaluate(`(() => {
      const lines = {};
      for (const id of ['leaderboard', 'feed', 'gallery']) {
        const list = document.getElementById(id);
        const kept = [...list.children];
        const placeholder = document.createElement('li');
        placeholder.className = 'empty';
        placeholder.textContent = 'Loading…';
        list.replaceChildren(placeholder);
        const range = document.createRange();
        range.selectNodeContents(placeholder);
        lines[id] = new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
        list.replaceChildren(...kept);
      }
      return lines;
    })()`) as Promise<Record<string, number>>;

  const visibleText = (page: Page) => page.evaluate('document.body.innerText') as Promise<string>;
  const feedRows = (page: Page) =>
    page.$$eval('#feed li', (items) =>
      items.map((item) => ({ id: item.getAttribute('data-id'), text: (item.textContent ?? '').trim() })),
    );

  it('sends the community’s name and first figures in the page itself, escaped, under its CSP', async () => {
    const response = await fetch(dashboardUrl, { headers: { 'Accept-Language': 'en-US,en;q=0.9' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(DASHBOARD_CSP);
    expect(DASHBOARD_CSP).not.toContain('unsafe-inline');
    const html = await response.text();
    const escapedName = 'Dash &amp; &quot;Friends&quot;';
    expect(html).toContain(`<title>${escapedName} economy · Ticketonomics</title>`);
    expect(html).toContain(`<span id="community-title">${escapedName}</span>`);
    expect(html).not.toContain(COMMUNITY_NAME);
    // The figures, the top holders, the feed and the gallery, before any script ran.
    expect(html).toContain(`id="stat-supply" data-value="${await ledgerSupply()}"`);
    for (const [accountId, balance] of await ledgerTopHolders()) {
      expect(html).toContain(`data-account="${accountId}" data-balance="${balance}"`);
    }
    expect(html).toContain('data-id="seed-pay-2"');
    expect(html).toContain('Golden Ticket');
    expect(html).toContain('id="economy-schedule"');
    expect(html).toContain('id="proposals-open"');
    expect(html).not.toContain('Loading…</li>');
    expect(html).not.toMatch(/id="(economy|governance)"><p class="empty">Loading…/);
    // The only script in the page is data: its code comes from its own files, as the CSP wants.
    expect(html.match(/<script[^>]*>/g)).toEqual([
      '<script src="/dashboard/assets/dashboard.view.js" defer>',
      '<script src="/dashboard/assets/dashboard.js" defer>',
      '<script type="application/json" id="dashboard-data">',
    ]);

    // A browser without scripts shows the same figures.
    const context = await browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 1280, height: 900 },
    });
    const { page } = await open(context, dashboardUrl);
    expect(await shownNumber(page, 'stat-supply')).toBe(await ledgerSupply());
    expect(await shownHolders(page)).toEqual(await ledgerTopHolders());
    expect(await page.title()).toBe(PAGE_TITLE);
    await context.close();
  }, 30_000);

  it('shows the ledger’s numbers, verifies the chain, and follows transfers and purchases live (desktop)', async () => {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      colorScheme: 'light',
    });
    const { page, problems } = await open(context, dashboardUrl);
    // The name from the first byte: the title is the server's, and the script never changes it.
    expect(await page.title()).toBe(PAGE_TITLE);
    expect(await page.textContent('h1')).toBe(`${COMMUNITY_NAME} economy`);

    // The numbers the ledger has (analytics, when it runs, catches up within moments).
    await until(() => shownNumber(page, 'stat-supply'), await ledgerSupply(), 10_000, 'supply');
    await until(() => shownHolders(page), await ledgerTopHolders(), 10_000, 'leaderboard');
    await page.waitForSelector('#feed li[data-id="seed-pay-2"]', { timeout: 10_000 });
    await page.waitForSelector('#volume-chart svg', { timeout: 10_000 });
    const artifact = await page.textContent('#gallery li[data-type-id]');
    expect(artifact).toContain('Golden Ticket');
    expect(artifact).toContain('50');

    // One row per purchase, in a member's words.
    const seeded = await feedRows(page);
    expect(seeded.filter((row) => row.text.includes('Golden Ticket'))).toEqual([
      {
        id: expect.stringContaining('seed-buy-1'),
        text: expect.stringContaining('Bob bought Golden Ticket in the shop'),
      },
    ]);
    expect(seeded.filter((row) => row.text.startsWith('New tickets for Alice'))).toHaveLength(1);
    expect(seeded.filter((row) => row.text.startsWith('Alice → Bob'))).toHaveLength(1);
    for (const word of JARGON) expect(await visibleText(page)).not.toMatch(word);

    await page.click('#verify-button');
    await until(() => page.getAttribute('#verify-result', 'data-state'), 'ok', 15_000, 'verify').catch(
      async (error: Error) => {
        throw new Error(`${error.message}: ${await page.textContent('#verify-result')}`);
      },
    );
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

    // A purchase while the page is open: the buyer's payment, the escrow's payout to the treasury and
    // the shop's sale are one row. A payment after it shows that everything of the purchase has arrived.
    const rowsBefore = (await feedRows(page)).length;
    await buy('live-buy-1', members.Carol);
    await pay('live-pay-2', members.Bob, members.Alice, 5);
    await until(
      () => page.locator('#feed li').first().getAttribute('data-id'),
      'live-pay-2',
      FEED_UPDATE_TIMEOUT_MS,
      'feed after a purchase',
    );
    const rows = await feedRows(page);
    expect(rows.filter((row) => row.text.includes('Carol bought'))).toEqual([
      {
        id: expect.stringContaining('live-buy-1'),
        text: expect.stringContaining('Golden Ticket in the shop'),
      },
    ]);
    expect(rows).toHaveLength(Math.min(rowsBefore + 2, 20));
    for (const word of JARGON) expect(await visibleText(page)).not.toMatch(word);

    expect(await brokenWords(page)).toEqual([]);
    expect(await placeholderLines(page)).toEqual({ leaderboard: 1, feed: 1, gallery: 1 });
    expect(await page.title()).toBe(PAGE_TITLE);
    await screenshot(page, 'dashboard-desktop.png');
    expect(problems).toEqual([]);
    await context.close();
  }, 90_000);

  const PHONE = {
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    colorScheme: 'dark' as const,
  };

  it('reads well on a phone: no sideways scrolling, no scroll box in the page, no row cut off (390x844, dark)', async () => {
    const context = await browser.newContext(PHONE);
    const { page, problems } = await open(context, dashboardUrl);
    await until(() => shownNumber(page, 'stat-supply'), await ledgerSupply(), 10_000, 'supply');
    await page.waitForSelector('#gallery li[data-type-id]', { timeout: 10_000 });
    await page.waitForSelector('#volume-chart svg', { timeout: 10_000 });
    await until(() => page.getAttribute('#live-status', 'data-state'), 'live', 10_000, 'live feed');
    const layout = (await page.evaluate(`(() => {
      const width = document.documentElement.clientWidth;
      const wide = [...document.querySelectorAll('body *')]
        .filter((node) => !node.closest('.visually-hidden, .skip'))
        .filter((node) => node.getBoundingClientRect().right > width + 1)
        .map((node) => node.tagName.toLowerCase() + '#' + node.id + '.' + node.className);
      // Any element but the page itself that scrolls, or would, on its own.
      const scrollBoxes = [...document.querySelectorAll('body *')]
        .filter((node) => ['auto', 'scroll'].includes(getComputedStyle(node).overflowY))
        .map((node) => node.tagName.toLowerCase() + '#' + node.id + '.' + node.className);
      // Each feed row whole: as tall as its content, and inside its list.
      const feed = document.getElementById('feed').getBoundingClientRect();
      const cut = [...document.querySelectorAll('#feed li')]
        .filter((row) => {
          const box = row.getBoundingClientRect();
          return row.scrollHeight > row.clientHeight + 1 || box.top < feed.top - 1 || box.bottom > feed.bottom + 1;
        })
        .map((row) => row.getAttribute('data-id'));
      return { scrollWidth: document.documentElement.scrollWidth, width, wide, scrollBoxes, cut,
        feedRows: document.querySelectorAll('#feed li').length };
    })()`)) as {
      scrollWidth: number;
      width: number;
      wide: string[];
      scrollBoxes: string[];
      cut: string[];
      feedRows: number;
    };
    expect(layout.wide).toEqual([]);
    expect(layout.scrollWidth).toBeLessThanOrEqual(layout.width);
    expect(layout.scrollBoxes).toEqual([]);
    expect(layout.cut).toEqual([]);
    expect(layout.feedRows).toBeGreaterThanOrEqual(5);
    expect(await brokenWords(page)).toEqual([]);
    expect(await placeholderLines(page)).toEqual({ leaderboard: 1, feed: 1, gallery: 1 });
    await screenshot(page, 'dashboard-phone.png');
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);

  it('shows a community where nobody holds tickets yet with its empty states, whole', async () => {
    const context = await browser.newContext(PHONE);
    const { page, problems, status } = await open(context, `${harness.baseUrl}/dashboard/${EMPTY_COMMUNITY}`);
    expect(status).toBe(200);
    expect(await page.title()).toBe(`Community ${EMPTY_COMMUNITY} economy · Ticketonomics`);
    expect(await shownNumber(page, 'stat-supply')).toBe(0);
    expect((await page.textContent('#leaderboard'))?.trim()).toBe('Nobody holds tickets yet.');
    expect(await page.textContent('#feed')).toContain('No transfers yet.');
    await until(() => page.getAttribute('#live-status', 'data-state'), 'live', 10_000, 'live feed');
    expect(await page.locator('.notice:visible').count()).toBe(0);
    for (const word of JARGON) expect(await visibleText(page)).not.toMatch(word);
    expect(await brokenWords(page)).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);

  it('shows the economy panel: the schedule and the supply ahead, each day’s sources and sinks, votes and rule changes', async () => {
    const { Alice, Bob, Carol } = members;
    const supply = await harness.client.request(LedgerCommands.supplyGet, { communityId: COMMUNITY });
    // A schedule that reaches its cap in its third day; an admin's change of a rule, which governance records.
    await harness.client.request(LedgerCommands.policySet, {
      communityId: COMMUNITY,
      transferMin: 2,
      emission: { mode: 'fixed', amount: 100, period: 'day', supplyCap: supply.supply + 250 },
    });
    await harness.client.request(GovernanceCommands.settingsSet, {
      communityId: COMMUNITY,
      membershipDaysMin: 0,
      activityDays: null,
      proposalCooldownMs: 0,
    });
    const voting = await harness.client.request(GovernanceCommands.proposalCreate, {
      requestId: 'dash-tax',
      communityId: COMMUNITY,
      proposerId: Alice.userId,
      parameter: 'ledger.taxBps',
      value: 300,
      title: 'Tax for the winter fund',
    });
    await harness.client.request(GovernanceCommands.proposalVote, {
      communityId: COMMUNITY,
      proposalId: voting.id,
      voterId: Bob.userId,
      choice: 'yes',
    });
    const vetoed = await harness.client.request(GovernanceCommands.proposalCreate, {
      requestId: 'dash-min',
      communityId: COMMUNITY,
      proposerId: Carol.userId,
      parameter: 'ledger.transferMin',
      value: 5,
      title: 'Fewer tiny payments',
    });
    await harness.client.request(GovernanceCommands.proposalVeto, {
      communityId: COMMUNITY,
      proposalId: vetoed.id,
      adminId: Alice.userId,
      reason: 'Not this month',
    });
    await waitFor(
      async () =>
        (
          await harness.client.request(GovernanceCommands.historyList, {
            communityId: COMMUNITY,
            parameter: 'ledger.transferMin',
          })
        ).items.length > 0,
      { timeoutMs: 10_000, description: 'governance records the admin’s change' },
    );
    if (withAnalytics) {
      // The daily flows are the analytics read model's: wait until it has every row of the ledger's.
      await waitFor(
        async () => {
          const economy = await harness.request('GET', `/public/communities/${COMMUNITY}/economy`);
          return economy.body.flows?.at(-1)?.supply === supply.supply;
        },
        { timeoutMs: 10_000, intervalMs: 300, description: 'analytics caught up with the ledger' },
      );
    }

    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      colorScheme: 'light',
    });
    const { page, problems } = await open(context, dashboardUrl);
    const schedule = await page.textContent('#economy-schedule');
    expect(schedule).toContain('new every day');
    expect(schedule).toContain('up to');
    expect(Number(await page.getAttribute('#projection-now', 'data-supply'))).toBe(supply.supply);
    expect(Number(await page.getAttribute('#projection-1', 'data-supply'))).toBe(supply.supply + 100);
    expect(Number(await page.getAttribute('#projection-3', 'data-supply'))).toBe(supply.supply + 250);
    expect(Number(await page.getAttribute('#projection-12', 'data-supply'))).toBe(supply.supply + 250);
    expect(await page.textContent('#economy')).toContain('Stops at its cap after 3 days');
    if (withAnalytics) {
      // Every ticket here was made by an admin (the harness's mints), and the newest day ends on the ledger's figures.
      const days = await page.$$eval('#economy-flows li[data-day]', (items) =>
        items.map((item) => ({
          minted: Number(item.getAttribute('data-minted')),
          burned: Number(item.getAttribute('data-burned')),
          supply: Number(item.getAttribute('data-supply')),
          treasury: Number(item.getAttribute('data-treasury')),
        })),
      );
      expect(days[0]).toMatchObject({ supply: supply.supply, treasury: supply.treasury });
      expect(days.reduce((sum, day) => sum + day.minted - day.burned, 0)).toBe(supply.supply);
      expect(await page.textContent('#economy-flows')).toContain('Made by admins');
    }
    const openRow = page.locator(`#proposals-open li[data-proposal="${voting.id}"]`);
    expect(await openRow.getAttribute('data-yes')).toBe('1');
    expect(await openRow.textContent()).toContain('Tax on payments: 0% → 3%');
    expect(await openRow.textContent()).toContain('Voting until');
    expect(await page.textContent(`#proposals-results li[data-proposal="${vetoed.id}"]`)).toContain(
      'Vetoed by Alice: Not this month',
    );
    const change = await page.textContent('#parameter-history li[data-parameter="ledger.transferMin"]');
    expect(change).toContain('Smallest payment');
    expect(change).toContain('by an admin');
    for (const word of JARGON) expect(await visibleText(page)).not.toMatch(word);
    expect(await brokenWords(page)).toEqual([]);
    await screenshot(page, 'dashboard-economy.png', '.card-economy, .card-governance');
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);

  it('answers an unknown community with a 404 page saying why, not an empty live dashboard', async () => {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 720 },
      colorScheme: 'light',
    });
    const { page, problems, status } = await open(context, `${harness.baseUrl}/dashboard/nope`);
    expect(status).toBe(404);
    expect(await page.title()).toBe('No public dashboard here · Ticketonomics');
    expect(await page.textContent('h1')).toBe('No public dashboard here');
    const text = await visibleText(page);
    expect(text).toContain('There is no public dashboard for “nope”.');
    expect(text).toContain('/settings dashboard on');
    expect(await page.locator('#live-status, script').count()).toBe(0);
    for (const word of JARGON) expect(text).not.toMatch(word);
    expect(await brokenWords(page)).toEqual([]);
    await screenshot(page, 'dashboard-not-found.png');
    expect(problems.filter((problem) => !problem.includes('404'))).toEqual([]);
    await context.close();
  }, 30_000);

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

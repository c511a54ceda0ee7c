import {
  AccountsCommands,
  ArtifactsCommands,
  GovernanceCommands,
  LedgerCommands,
  PoolCommands,
  PROVIDER_TELEGRAM,
} from '@ticketonomics/contracts';
import { findRepoRoot, waitFor } from '@ticketonomics/testing';
import { existsSync, mkdirSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import { createHash, createHmac } from 'node:crypto';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { WALLET_CSP } from '../src/wallet/wallet-page.assets';
import { startApiHarness, type ApiHarness } from './support/api.harness';

/**
 * The wallet Mini App end to end: nats-server, the built ledger, accounts, artifacts and governance as
 * processes, the api-gateway in-process, and Debian's Chromium driven by playwright-core. The page is opened
 * as Telegram opens a Mini App (the signed initData in the URL fragment, computed here with the bot token as
 * Telegram signs it); a member pays, buys, lists for sale, pledges, votes and reads the history; a forged and
 * a replayed sign-in are refused. Screenshots go to test-artifacts/; with UPDATE_WALLET_SCREENSHOTS=1 also to
 * docs/ (wallet-phone.png, wallet-sell.png, wallet-desktop.png, wallet-refused.png).
 */

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
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
const BOT_TOKEN = '7001234567:AAHk-test_wallet_token_0123456789abcd';
const COMMUNITY = 'wallet-e2e';
const ANN = { id: 9_001, first_name: 'Ann', username: 'ann', language_code: 'en' };
const BOB = { id: 9_002, first_name: 'Борис', username: 'bob', language_code: 'ru' };
const CLEO = { id: 9_003, first_name: 'Cleo', username: 'cleo', language_code: 'en' };
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const DESKTOP = { viewport: { width: 1280, height: 800 } };
/** How long the page may take to show what a click changed (sign-in, a confirmed act and the reload). */
const UI_TIMEOUT_MS = 10_000;

const root = findRepoRoot();
const artifactsDir = join(root, 'test-artifacts');

const nowS = () => Math.floor(Date.now() / 1000);

/** initData as Telegram signs it: secret = HMAC_SHA256(key "WebAppData", token), hash over the sorted fields. */
function signedInitData(user: object, botToken = BOT_TOKEN, startParam: string | null = COMMUNITY): string {
  const data = new URLSearchParams({
    query_id: `AAF${Math.random().toString(36).slice(2)}`,
    user: JSON.stringify(user),
    auth_date: String(nowS()),
    ...(startParam === null ? {} : { start_param: startParam }),
  });
  const checkString = [...data.entries()]
    .map(([key, value]) => `${key}=${value}`)
    .sort()
    .join('\n');
  const secret = createHmac('sha256', 'WebAppData').update(botToken).digest();
  data.set('hash', createHmac('sha256', secret).update(checkString).digest('hex'));
  return data.toString();
}

/** The page's address as Telegram opens a Mini App: everything in the fragment. */
const miniAppUrl = (base: string, initData: string) =>
  `${base}/app#tgWebAppData=${encodeURIComponent(initData)}&tgWebAppVersion=8.0&tgWebAppPlatform=ios`;

describe('wallet Mini App in headless Chromium', () => {
  let harness: ApiHarness;
  let browser: Browser;
  let typeId: number;
  let join_: (
    user: typeof ANN,
    language: 'en' | 'ru',
    communityId?: string,
  ) => Promise<{ userId: string; accountId: string }>;
  const problems: string[] = [];
  let ann: { userId: string; accountId: string };
  let bob: { userId: string; accountId: string };

  beforeAll(async () => {
    if (!existsSync(CHROMIUM_PATH)) {
      throw new Error(
        `no Chromium at ${CHROMIUM_PATH}: install it with \`apt-get install -y chromium\` (.ci/run does), or set CHROMIUM_PATH`,
      );
    }
    mkdirSync(artifactsDir, { recursive: true });
    harness = await startApiHarness({
      extra: ['artifacts', 'governance'],
      env: {
        TELEGRAM_BOT_TOKEN: BOT_TOKEN,
        APP_SESSION_SECRET: 'wallet-e2e-session-secret-0123456789abcdef',
      },
    });
    const client = harness.client;
    await client.request(AccountsCommands.communityUpsert, { id: COMMUNITY, title: 'Harbour Club' });
    join_ = async (user: typeof ANN, language: 'en' | 'ru', communityId = COMMUNITY) => {
      const created = await client.request(AccountsCommands.userUpsert, {
        identity: { provider: PROVIDER_TELEGRAM, externalId: String(user.id) },
        username: user.username,
        displayName: user.first_name,
        language,
      });
      await client.request(AccountsCommands.membershipJoin, { communityId, userId: created.id });
      const accountId = `user:${communityId}:${created.id}`;
      await waitFor(
        async () =>
          (await client.request(LedgerCommands.accountGet, { accountId }).then(() => true)) || false,
        { timeoutMs: 10_000, description: `ledger account ${accountId}` },
      );
      return { userId: created.id, accountId };
    };
    ann = await join_(ANN, 'en');
    bob = await join_(BOB, 'ru');
    await harness.mint(ann.accountId, 1_000);
    const type = await client.request(ArtifactsCommands.typeCreate, {
      requestId: 'wallet-type-1',
      communityId: COMMUNITY,
      creatorId: ann.userId,
      asAdmin: true,
      name: 'Lighthouse Pass',
      emoji: '🗼',
      rarity: 'rare',
      supplyMax: 20,
    });
    typeId = type.id;
    await client.request(ArtifactsCommands.shopAdd, { communityId: COMMUNITY, typeId: type.id, price: 50 });
    await client.request(PoolCommands.poolOpen, {
      requestId: 'wallet-pool-1',
      communityId: COMMUNITY,
      openerId: bob.userId,
      title: 'A new sail for the club boat',
      purpose: 'treasury',
      targetAmount: 500,
      deadline: new Date(Date.now() + 3 * 24 * 3_600_000).toISOString(),
    });
    // Members vote from their first day here; governance learns of them from accounts' events, so the
    // proposal opens once it knows its proposer (and Ann, who joined before him).
    await client.request(GovernanceCommands.settingsSet, {
      communityId: COMMUNITY,
      membershipDaysMin: 0,
      activityDays: null,
    });
    await waitFor(
      () =>
        client
          .request(GovernanceCommands.proposalCreate, {
            requestId: 'wallet-proposal-1',
            communityId: COMMUNITY,
            proposerId: bob.userId,
            parameter: 'ledger.taxBps',
            value: 200,
            title: 'A 2% tax for the harbour lights',
          })
          .then(
            (proposal) => proposal.eligibleCount === 2,
            () => false,
          ),
      { timeoutMs: 10_000, description: 'a proposal both members may vote on' },
    );
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await harness?.close();
  }, 60_000);

  async function open(context: BrowserContext, url: string): Promise<Page> {
    const page = await context.newPage();
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      // The refused sign-ins answer 401 on purpose; Chromium logs each failed fetch.
      if (message.type() === 'error' && !/status of 40[14]/.test(message.text()))
        problems.push(message.text());
    });
    await page.goto(url);
    return page;
  }

  async function screenshot(page: Page, name: string): Promise<void> {
    const path = join(artifactsDir, name);
    // The last act's notice would cover the page.
    await page.evaluate("document.getElementById('toast').hidden = true");
    await page.screenshot({ path, animations: 'disabled' });
    if (process.env.UPDATE_WALLET_SCREENSHOTS === '1') await copyFile(path, join(root, 'docs', name));
  }

  const tab = (page: Page, id: string) => page.click(`#tab-${id}`);
  const confirm = async (page: Page, text: RegExp) => {
    await page.locator('#sheet-text').filter({ hasText: text }).waitFor({ timeout: UI_TIMEOUT_MS });
    await page.click('#sheet-confirm');
  };
  const toast = (page: Page, text: RegExp) =>
    page.locator('#toast').filter({ hasText: text }).waitFor({ timeout: UI_TIMEOUT_MS });

  it('serves the page and its files under a strict CSP, with the bot id but not its token', async () => {
    const page = await harness.request('GET', '/app');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(WALLET_CSP);
    expect(page.body).toContain('data-bot-id="7001234567"');
    expect(page.body).not.toContain('AAHk');
    expect((await harness.request('GET', '/app/assets/wallet.js')).status).toBe(200);
    expect((await harness.request('GET', '/app/assets/wallet.html')).status).toBe(404);
  });

  it('signs a member in from initData on a phone: pays by @username, buys, sells, pledges, votes, sees the history', async () => {
    const context = await browser.newContext(PHONE);
    const page = await open(context, miniAppUrl(harness.baseUrl, signedInitData(ANN)));
    await page.locator('#balance').filter({ hasText: '1000' }).waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.textContent('.who')).toBe('Harbour Club · @ann');
    // The sign-in does not stay in the address bar, so a reload or a shared link carries none.
    expect(page.url()).toBe(`${harness.baseUrl}/app`);

    await tab(page, 'pay');
    // A refusal says why, in the server's words, and moves nothing.
    await page.fill('#pay-to', '@nobody_here');
    await page.fill('#pay-amount', '5');
    await page.click('#pay-form button[type=submit]');
    await confirm(page, /^Pay 5 tickets to @nobody_here\?$/);
    await toast(page, /^Not done: to: no active member @nobody_here/);
    await page.fill('#pay-to', 'bob');
    await page.fill('#pay-amount', '120');
    await page.fill('#pay-memo', 'Sail fund');
    await page.click('#pay-form button[type=submit]');
    await confirm(page, /^Pay 120 tickets to @bob\?$/);
    await toast(page, /^Paid 120 tickets to @bob/);
    expect(await harness.balanceOf(bob.accountId)).toBe(120);

    await tab(page, 'market');
    await page.click('#shop .art button');
    await confirm(page, /^Buy 🗼 Lighthouse Pass for 50 tickets\?$/);
    await toast(page, /Lighthouse Pass is yours/);

    await tab(page, 'artifacts');
    await page.locator('#artifacts .art').filter({ hasText: '#1 of 20' }).waitFor({ timeout: UI_TIMEOUT_MS });
    await page.click('#artifacts .art button');
    await page.fill('#sell-price', '75');
    await screenshot(page, 'wallet-sell.png');
    await confirm(page, /^Sell 🗼 Lighthouse Pass #1 of 20$/);
    await toast(page, /on the market for 75 tickets/);
    await tab(page, 'market');
    await page
      .locator('#market .art')
      .filter({ hasText: 'Your listing' })
      .waitFor({ timeout: UI_TIMEOUT_MS });

    await tab(page, 'pools');
    await page.fill('#pools input', '30');
    await page.click('#pools button');
    await confirm(page, /^Pledge 30 tickets to “A new sail for the club boat”\?/);
    await toast(page, /^Pledged 30 tickets/);
    await page.locator('#pools').filter({ hasText: '30 of 500 tickets' }).waitFor({ timeout: UI_TIMEOUT_MS });

    await tab(page, 'votes');
    await page
      .locator('#proposals li')
      .filter({ hasText: 'A 2% tax for the harbour lights' })
      .waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.textContent('#proposals li')).toMatch(
      /ledger\.taxBps: 0 → 200.*Yes 0 · No 0 · 2 may vote/,
    );
    await page.click('#proposals li button >> text=Yes');
    await toast(page, /^Your vote: Yes\.$/);
    await page
      .locator('#proposals li')
      .filter({ hasText: 'Yes 1 · No 0' })
      .waitFor({ timeout: UI_TIMEOUT_MS });

    await tab(page, 'wallet');
    await page.locator('#history li').nth(2).waitFor({ timeout: UI_TIMEOUT_MS });
    const rows = await page.locator('#history li').allTextContents();
    expect(rows.join('\n')).toMatch(/Purchase.*−50/);
    expect(rows.join('\n')).toMatch(/Payment.*Sail fund.*−120/);
    expect(rows.join('\n')).toMatch(/Minted.*\+1000/);
    expect(rows.join('\n')).toMatch(/Pledge.*−30 \(held\)/);
    expect(rows.filter((row) => row.startsWith('Purchase'))).toHaveLength(1);
    // The pledge is held, not spent: the balance shows it apart.
    expect(await page.textContent('#balance')).toContain('830');
    await page.selectOption('#history-kind', 'payment');
    await page.locator('#history li').filter({ hasText: 'Purchase' }).waitFor({ state: 'detached' });
    expect(await page.locator('#history li').count()).toBe(1);
    // A reload keeps the member signed in (the tab's session), though the address holds no sign-in.
    await page.reload();
    await page.locator('#history li').nth(2).waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.textContent('#balance')).toContain('830');
    await page.locator('#history li').nth(2).waitFor({ timeout: UI_TIMEOUT_MS });
    await screenshot(page, 'wallet-phone.png');
    await context.close();
  }, 60_000);

  it('shows the desktop layout with the shop and market as cards', async () => {
    const context = await browser.newContext(DESKTOP);
    const page = await open(context, miniAppUrl(harness.baseUrl, signedInitData(ANN)));
    await page.locator('#balance').waitFor({ timeout: UI_TIMEOUT_MS });
    await tab(page, 'market');
    await page.locator('#market .art').filter({ hasText: '75' }).waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.textContent('#shop .art')).toMatch(/Lighthouse Pass.*50.*19 left/);
    await screenshot(page, 'wallet-desktop.png');
    await context.close();
  }, 30_000);

  it("signs in from a browser with the Login Widget, in the member's language (Russian for Boris)", async () => {
    const context = await browser.newContext(PHONE);
    // Without a Telegram sign-in the page offers Telegram's Login Widget page for this bot, coming back here.
    const start = await open(context, `${harness.baseUrl}/app?community=${COMMUNITY}`);
    const signIn = new URL((await start.getAttribute('#screen-action a', 'href')) ?? '');
    expect(signIn.origin + signIn.pathname).toBe('https://oauth.telegram.org/auth');
    expect(signIn.searchParams.get('bot_id')).toBe('7001234567');
    expect(signIn.searchParams.get('return_to')).toBe(`${harness.baseUrl}/app?community=${COMMUNITY}`);
    // What Telegram sends back: the widget's user object, signed with SHA256(bot token), base64 in the fragment.
    const widget = { id: BOB.id, first_name: BOB.first_name, username: BOB.username, auth_date: nowS() };
    const checkString = Object.entries(widget)
      .map(([key, value]) => `${key}=${value}`)
      .sort()
      .join('\n');
    const secret = createHash('sha256').update(BOT_TOKEN).digest();
    const hash = createHmac('sha256', secret).update(checkString).digest('hex');
    const result = Buffer.from(JSON.stringify({ ...widget, hash })).toString('base64');
    const page = await open(context, `${harness.baseUrl}/app?community=${COMMUNITY}#tgAuthResult=${result}`);
    await page.locator('#balance').filter({ hasText: '120' }).waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.textContent('#tab-wallet')).toContain('Кошелёк');
    expect(await page.locator('#history li').first().textContent()).toMatch(/Платёж.*\+120/);
    await tab(page, 'market');
    expect(await page.locator('#market .art button').textContent({ timeout: UI_TIMEOUT_MS })).toBe('Купить');
    // A refusal reads in his language too, though the server's words are English.
    await tab(page, 'pay');
    await page.fill('#pay-to', '@nobody_here');
    await page.fill('#pay-amount', '5');
    await page.click('#pay-form button[type=submit]');
    await confirm(page, /@nobody_here/);
    await toast(page, /^Не выполнено: в этой группе нет активного участника с таким именем\.$/);
    await context.close();
  }, 30_000);

  it('refuses a forged, an altered and a replayed sign-in with the screen that says what to do', async () => {
    const context = await browser.newContext(PHONE);
    const genuine = signedInitData(ANN);
    // Altered: Bob's id under Ann's signature. Forged: signed with another bot's token.
    const altered = genuine.replace(
      encodeURIComponent(`"id":${ANN.id}`),
      encodeURIComponent(`"id":${BOB.id}`),
    );
    expect(altered).not.toBe(genuine);
    const refusedTitle = 'This link is not valid';
    for (const initData of [
      altered,
      signedInitData(ANN, '7001234567:AAHk-another_bots_token_0123456789xyz'),
    ]) {
      const page = await open(context, miniAppUrl(harness.baseUrl, initData));
      await page
        .locator('#screen-title')
        .filter({ hasText: refusedTitle })
        .waitFor({ timeout: UI_TIMEOUT_MS });
      expect(await page.isHidden('#app')).toBe(true);
      await page.close();
    }
    const first = await open(context, miniAppUrl(harness.baseUrl, genuine));
    await first.locator('#balance').waitFor({ timeout: UI_TIMEOUT_MS });
    const replayed = await open(context, miniAppUrl(harness.baseUrl, genuine));
    await replayed
      .locator('#screen-title')
      .filter({ hasText: refusedTitle })
      .waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await replayed.textContent('#screen-body')).toMatch(/Open the wallet from the bot again/);
    await screenshot(replayed, 'wallet-refused.png');
    await context.close();
    expect(problems).toEqual([]);
  }, 30_000);

  it('asks a member of two groups which one, switches between them, and accepts and declines trades', async () => {
    const client = harness.client;
    await client.request(AccountsCommands.communityUpsert, { id: 'wallet-lake', title: 'Lakeside' });
    const cleo = await join_(CLEO, 'en');
    await join_(CLEO, 'en', 'wallet-lake');
    await harness.mint(cleo.accountId, 100);
    const grant = (n: number) =>
      client.request(ArtifactsCommands.editionGrant, {
        requestId: `wallet-grant-${n}`,
        communityId: COMMUNITY,
        typeId,
        toId: bob.userId,
      });
    const [forTickets, asGift] = [await grant(1), await grant(2)];
    const offer = (n: number, editionId: number, wantAmount: number) =>
      client.request(ArtifactsCommands.tradeOffer, {
        requestId: `wallet-trade-${n}`,
        communityId: COMMUNITY,
        fromId: bob.userId,
        toId: cleo.userId,
        giveEditionIds: [editionId],
        wantAmount,
      });
    const bought = await offer(1, forTickets.id, 10);
    const declined = await offer(2, asGift.id, 1);

    // Opened from the bot's menu button: no group named, so the page asks, newest membership first.
    const context = await browser.newContext(PHONE);
    const page = await open(context, miniAppUrl(harness.baseUrl, signedInitData(CLEO, BOT_TOKEN, null)));
    await page
      .locator('#screen-title')
      .filter({ hasText: 'Which group?' })
      .waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.locator('#screen-action button').allTextContents()).toEqual([
      'Lakeside',
      'Harbour Club',
    ]);
    await page.click('#screen-action button >> text=Lakeside');
    await page.locator('.who').filter({ hasText: 'Lakeside · @cleo' }).waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.textContent('#balance')).toContain('0');
    await page.click('#switch-community');
    await page.click('#screen-action button >> text=Harbour Club');
    await page
      .locator('.who')
      .filter({ hasText: 'Harbour Club · @cleo' })
      .waitFor({ timeout: UI_TIMEOUT_MS });
    await page.locator('#balance').filter({ hasText: '100' }).waitFor({ timeout: UI_TIMEOUT_MS });

    await tab(page, 'artifacts');
    const offers = page.locator('ul.list li').filter({ hasText: 'Offered to you' });
    await offers.nth(1).waitFor({ timeout: UI_TIMEOUT_MS });
    await offers.filter({ hasText: 'and 10 tickets' }).locator('button >> text=Accept').click();
    await confirm(page, /^Accept this offer and pay 10 tickets\?$/);
    await toast(page, /^Trade done/);
    await offers.filter({ hasText: 'and 10 tickets' }).waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
    await offers.locator('button >> text=Decline').click();
    await toast(page, /^Offer declined\.$/);
    await offers.first().waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
    await page
      .locator('#artifacts .art')
      .filter({ hasText: 'Lighthouse Pass' })
      .waitFor({ timeout: UI_TIMEOUT_MS });

    const tradeOf = (tradeId: number) =>
      client.request(ArtifactsCommands.tradeGet, { communityId: COMMUNITY, tradeId });
    expect((await tradeOf(bought.id)).status).toBe('accepted');
    expect((await tradeOf(declined.id)).status).toBe('declined');
    expect(await harness.balanceOf(cleo.accountId)).toBe(90);
    // A reload keeps the group she chose.
    await page.reload();
    await page
      .locator('.who')
      .filter({ hasText: 'Harbour Club · @cleo' })
      .waitFor({ timeout: UI_TIMEOUT_MS });
    await context.close();
    expect(problems).toEqual([]);
  }, 60_000);
});

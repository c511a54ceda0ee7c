import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The wallet page's files, served as they are: no build step, nothing from a CDN. */
export const WALLET_ASSET_TYPES: Record<string, string> = {
  'wallet.html': 'text/html; charset=utf-8',
  'wallet.css': 'text/css; charset=utf-8',
  'wallet.texts.js': 'text/javascript; charset=utf-8',
  'wallet.js': 'text/javascript; charset=utf-8',
  'favicon.svg': 'image/svg+xml',
};

/** The page itself: filled in per gateway (the bot's id for the Login Widget), never served as a file. */
export const WALLET_PAGE = 'wallet.html';

export interface WalletAsset {
  body: Buffer;
  contentType: string;
}

/** Next to this module (build.mjs copies assets into dist), or in the source tree for a build without them. */
function assetsDir(): string {
  const candidates = [
    join(__dirname, 'assets'),
    join(__dirname, '..', '..', '..', '..', '..', 'services', 'api-gateway', 'src', 'wallet', 'assets'),
  ];
  const found = candidates.find((dir) => existsSync(join(dir, WALLET_PAGE)));
  if (found === undefined) {
    throw new Error(`the wallet page's files are missing; looked in ${candidates.join(' and ')}`);
  }
  return found;
}

/** Reads every file once at start-up: a missing file fails the start, not a member's request. */
export function loadWalletAssets(): Map<string, WalletAsset> {
  const dir = assetsDir();
  return new Map(
    Object.entries(WALLET_ASSET_TYPES).map(([name, contentType]) => [
      name,
      { body: readFileSync(join(dir, name)), contentType },
    ]),
  );
}

/**
 * The bot's numeric id (the part of its token before the colon), which Telegram's Login Widget page needs;
 * empty without a token, and the page then offers no browser sign-in. The secret part never reaches the page.
 */
export function botIdOf(botToken: string | undefined): string {
  return botToken === undefined ? '' : (/^([0-9]+):/.exec(botToken)?.[1] ?? '');
}

/** The page with the bot's id written in (digits only, so nothing needs escaping). */
export function walletPageHtml(template: Buffer, botId: string): Buffer {
  if (!/^[0-9]*$/.test(botId)) throw new Error('a bot id is digits only');
  return Buffer.from(template.toString('utf8').replace('{{botId}}', botId));
}

/**
 * What the page may load: its own files and its own API; artifact pictures from https. No inline script.
 * Telegram Web (web.telegram.org) shows Mini Apps in a frame, so it alone may frame the page; the phone and
 * desktop apps open it in their own web view, which frame-ancestors does not concern.
 */
export const WALLET_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' https: data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'self' https://web.telegram.org",
].join('; ');

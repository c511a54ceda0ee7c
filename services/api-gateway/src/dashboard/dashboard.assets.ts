import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { ViewNode } from './dashboard.html';

/** The page's files, served as they are: no build step, nothing from a CDN (the page works offline). */
export const DASHBOARD_ASSET_TYPES: Record<string, string> = {
  'dashboard.html': 'text/html; charset=utf-8',
  'message.html': 'text/html; charset=utf-8',
  'dashboard.css': 'text/css; charset=utf-8',
  'dashboard.view.js': 'text/javascript; charset=utf-8',
  'dashboard.js': 'text/javascript; charset=utf-8',
  'favicon.svg': 'image/svg+xml',
};

/**
 * Where the files are: next to this module (infra/scripts/build.mjs copies them into dist), or, when
 * running a build made without that copy, in the source tree.
 */
function assetsDir(): string {
  const candidates = [
    join(__dirname, 'assets'),
    join(__dirname, '..', '..', '..', '..', '..', 'services', 'api-gateway', 'src', 'dashboard', 'assets'),
  ];
  const found = candidates.find((dir) => existsSync(join(dir, 'dashboard.html')));
  if (found === undefined) {
    throw new Error(`the dashboard's files are missing; looked in ${candidates.join(' and ')}`);
  }
  return found;
}

export interface DashboardAsset {
  body: Buffer;
  contentType: string;
}

/** The page templates: filled on the server (dashboard-page.service.ts), never served as files. */
export const DASHBOARD_TEMPLATES = new Set(['dashboard.html', 'message.html']);

/** Number and time formats of the shared view, for one locale and currency. */
export interface ViewFormats {
  /** The visitor's locale (undefined in the browser: its own). */
  locale: string | undefined;
  number(value: number | null | undefined): string;
  ratio(value: number | null | undefined): string;
  tickets(amount: number): string;
  ago(iso: string, now: number): string;
}

/** What the server uses of assets/dashboard.view.js, the view it shares with the page's script. */
export interface DashboardView {
  formats(locale: string, currency: { symbol: string }): ViewFormats;
  communityName(overview: { title: string | null } | null, communityId: string): string;
  pageTitle(name: string): string;
  figures(overview: unknown, formats: ViewFormats, currency: { symbol: string }): ViewNode[];
  sources(overview: unknown): string;
  holders(board: unknown, formats: ViewFormats): ViewNode[];
  feed(page: unknown, formats: ViewFormats, now: number): ViewNode[];
  gallery(list: unknown, formats: ViewFormats): ViewNode[];
  economy(view: unknown, formats: ViewFormats): ViewNode[];
  governance(view: unknown, formats: ViewFormats): ViewNode[];
}

/** The shared view, loaded from the same file the browser gets. */
export function loadDashboardView(): DashboardView {
  const load = createRequire(__filename);
  return load(join(assetsDir(), 'dashboard.view.js')) as DashboardView;
}

/** Reads every file once at start-up: a missing file fails the start, not a visitor's request. */
export function loadDashboardAssets(): Map<string, DashboardAsset> {
  const dir = assetsDir();
  return new Map(
    Object.entries(DASHBOARD_ASSET_TYPES).map(([name, contentType]) => [
      name,
      { body: readFileSync(join(dir, name)), contentType },
    ]),
  );
}

/**
 * What the page may load: only its own files and its own JSON and event feed; artifact pictures from
 * https. No inline script, so injected markup cannot run.
 */
export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' https: data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The page's files, served as they are: no build step, nothing from a CDN (the page works offline). */
export const DASHBOARD_ASSET_TYPES: Record<string, string> = {
  'dashboard.html': 'text/html; charset=utf-8',
  'dashboard.css': 'text/css; charset=utf-8',
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

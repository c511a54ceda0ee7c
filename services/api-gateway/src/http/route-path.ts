/**
 * Matching of Express-style paths (`/v1/communities/:communityId/supply`) segment by segment. Parameters
 * match one whole segment, percent-decoded (so an id holding '/' is sent as %2F).
 */
export interface RoutePath {
  pattern: string;
  segments: { literal: string | null; param: string | null }[];
}

export function compilePath(pattern: string): RoutePath {
  const segments = pattern
    .split('/')
    .slice(1)
    .map((segment) =>
      segment.startsWith(':')
        ? { literal: null, param: segment.slice(1) }
        : { literal: segment, param: null },
    );
  return { pattern, segments };
}

/** The decoded parameters when `pathname` matches, else null. A malformed %-escape never matches. */
export function matchPath(path: RoutePath, pathname: string): Record<string, string> | null {
  const parts = pathname.split('/').slice(1);
  if (parts.length !== path.segments.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i += 1) {
    const segment = path.segments[i]!;
    const part = parts[i]!;
    if (segment.literal !== null) {
      if (segment.literal !== part) return null;
      continue;
    }
    if (part === '') return null;
    try {
      params[segment.param!] = decodeURIComponent(part);
    } catch {
      return null;
    }
  }
  return params;
}

/** The OpenAPI form of a path: `/v1/communities/{communityId}/supply`. */
export function openApiPath(pattern: string): string {
  return pattern.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

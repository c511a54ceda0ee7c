import { DomainError } from '@ticketonomics/contracts';
import { ARTIFACT_ROUTES } from '../artifacts/artifacts.routes';
import { EDITION_ROUTES } from '../artifacts/editions.routes';
import { TRADE_ROUTES } from '../artifacts/trades.routes';
import type { AnyRoute, MemberPrincipal, RouteContext } from '../http/route';
import { LEDGER_ROUTES } from '../ledger/ledger.routes';

/** The integration routes a wallet route runs for the member, by operationId. */
const DELEGATES = new Map<string, AnyRoute>(
  [...LEDGER_ROUTES, ...ARTIFACT_ROUTES, ...EDITION_ROUTES, ...TRADE_ROUTES].map((route) => [
    route.operationId,
    route,
  ]),
);

/** The signed-in member of a session route (the router sets it before any session route runs). */
export function memberOf(context: { member: MemberPrincipal | null }): MemberPrincipal {
  if (context.member === null) {
    throw new DomainError('UNAUTHENTICATED', 'sign in to the wallet first', { reason: 'missing' });
  }
  return context.member;
}

/**
 * Run an integration route's handler for the signed-in member: the wallet's routes are those routes with
 * the acting member fixed to the session's user (a member pays, buys and sells only as themself), so the
 * rules live once. The context's key is the member's stand-in (keyId member:<userId>), so a request id
 * derived from an Idempotency-Key is the member's own.
 */
export function runAsMember(
  operationId: string,
  context: RouteContext<unknown, unknown, unknown>,
  request: { params: Record<string, unknown>; query?: unknown; body?: unknown },
): Promise<unknown> {
  const route = DELEGATES.get(operationId);
  if (route === undefined) throw new Error(`no integration route ${operationId}`);
  return route.handle({ ...context, params: request.params, query: request.query, body: request.body });
}

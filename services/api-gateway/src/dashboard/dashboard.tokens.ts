/** Injection tokens of the dashboard module (its own, so it does not depend on the gateway's internals). */
export const DASHBOARD_NATS = Symbol('DASHBOARD_NATS');
export const DASHBOARD_COMMANDS = Symbol('DASHBOARD_COMMANDS');
export const DASHBOARD_LOGGER = Symbol('DASHBOARD_LOGGER');
export const DASHBOARD_LIMITS = Symbol('DASHBOARD_LIMITS');

/** Injection tokens of the dashboard module (its own, so it does not depend on the gateway's internals). */
export const DASHBOARD_NATS = Symbol('DASHBOARD_NATS');
export const DASHBOARD_COMMANDS = Symbol('DASHBOARD_COMMANDS');
export const DASHBOARD_LOGGER = Symbol('DASHBOARD_LOGGER');
export const DASHBOARD_LIMITS = Symbol('DASHBOARD_LIMITS');
/** The shared limits bucket (SharedLimitsBucket): per-address limits count over every gateway replica. */
export const DASHBOARD_LIMITS_BUCKET = Symbol('DASHBOARD_LIMITS_BUCKET');
/** Connection counters of the dashboard (live feeds per address), shared by the replicas. */
export const DASHBOARD_FEED_COUNTER = Symbol('DASHBOARD_FEED_COUNTER');

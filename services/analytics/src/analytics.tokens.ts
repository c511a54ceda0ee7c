/** Injection tokens for values made outside Nest (in startAnalytics) and handed to the module. */
export const NATS_CONNECTION = Symbol('NATS_CONNECTION');
export const LOGGER = Symbol('LOGGER');
/** The replica's settings: the limits of its consumer and buckets. */
export const ANALYTICS_CONFIG = Symbol('ANALYTICS_CONFIG');
/** The replica's name in status replies: the explicit ANALYTICS_REPLICA_ID, or `<hostname>-<slot>`. */
export const REPLICA_ID = Symbol('REPLICA_ID');
/** The store slot the replica holds (its file), released at shutdown after the store closes. */
export const STORE_SLOT = Symbol('STORE_SLOT');
/** The clock queries use for "now" when a request gives no `at`. */
export const CLOCK = Symbol('CLOCK');

export type Clock = () => number;

/** Injection tokens for values made outside Nest (in startAnalytics) and handed to the module. */
export const NATS_CONNECTION = Symbol('NATS_CONNECTION');
export const LOGGER = Symbol('LOGGER');
/** The replica's settings: its id and the limits of its consumer and buckets. */
export const ANALYTICS_CONFIG = Symbol('ANALYTICS_CONFIG');
/** The clock queries use for "now" when a request gives no `at`. */
export const CLOCK = Symbol('CLOCK');

export type Clock = () => number;

/**
 * Injection tokens of values (not classes) the gateway's providers share. Classes (CommandClient,
 * EventHub, EventStreamServer, RateLimiter, ApiKeyVerifier) are their own tokens.
 */
export const API_GATEWAY_CONFIG = Symbol('API_GATEWAY_CONFIG');
export const LOGGER = Symbol('LOGGER');
export const NATS_CONNECTION = Symbol('NATS_CONNECTION');
/** The API's version, shown in the OpenAPI document (package.json's). */
export const API_GATEWAY_VERSION = Symbol('API_GATEWAY_VERSION');

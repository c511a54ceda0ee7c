/** Injection tokens for values made outside Nest (in startAccounts) and handed to the module. */
export const NATS_CONNECTION = Symbol('NATS_CONNECTION');
export const LOGGER = Symbol('LOGGER');
/** Makes the id of a new user: a monotonic ULID, so user ids sort in creation order. */
export const USER_ID_FACTORY = Symbol('USER_ID_FACTORY');
/** The validated webhook delivery settings (WebhookSettings) from the environment. */
export const WEBHOOK_SETTINGS = Symbol('WEBHOOK_SETTINGS');
/** The community partition a module serves ({ index, count }): new API key ids are made to hash to it. */
export const PARTITION = Symbol('PARTITION');

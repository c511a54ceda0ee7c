/** Injection tokens for values made outside Nest (in startLedger) and handed to the module. */
export const NATS_CONNECTION = Symbol('NATS_CONNECTION');
export const LOGGER = Symbol('LOGGER');
export const LEDGER_CONFIG = Symbol('LEDGER_CONFIG');

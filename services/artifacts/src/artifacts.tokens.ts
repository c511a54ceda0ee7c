/** Injection tokens for values made outside Nest (in startArtifacts) and handed to the module. */
export const NATS_CONNECTION = Symbol('NATS_CONNECTION');
export const LOGGER = Symbol('LOGGER');
export const CONFIG = Symbol('CONFIG');

/** Injection tokens for values made outside Nest (in startGovernance) and handed to the module. */
export const NATS_CONNECTION = Symbol('NATS_CONNECTION');
export const LOGGER = Symbol('LOGGER');
export const CONFIG = Symbol('CONFIG');

/** The time in ms: Date.now in production; the decision and apply tests move it. */
export const CLOCK = Symbol('CLOCK');
export type Clock = () => number;

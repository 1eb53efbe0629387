/**
 * The protocol module: message types, their decoders, the error catalog and shared limits. It uses neither
 * DOM nor Node APIs (its tsconfig has neither), so the page and the lab server import the very same code.
 */

export * from './address';
export * from './certificate';
export * from './classroom';
export * from './close-codes';
export * from './decode-client';
export * from './decode-instructor';
export * from './decode-server';
export * from './endpoint';
export * from './errors';
export * from './faults';
export * from './hex';
export * from './limits';
export * from './messages';
export * from './packet';
export * from './tls';
export * from './version';
export * from './views';

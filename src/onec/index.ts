// Public surface of the 1C:Enterprise integration: the OData client and record parsers, the simulator for tests
// and development, wire conventions, tax-id checks and the error classes with their stable codes.
export * from './client/index.js';
export * from './simulator/index.js';
export * from './wire/index.js';
export * from './taxIds/index.js';
export * from './errors/index.js';

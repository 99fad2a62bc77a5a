// The base error class and the registry of stable error codes of the 1C integration.
export * from './oneCErrorCodes.js';
export * from './OneCError.js';

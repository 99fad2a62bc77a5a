/** Typed configuration, validated once at start-up. */
export { loadConfig, ConfigError, ONEC_DEFAULT_MAX_RPS, type Config } from './config.js';
export { configOrExit } from './configOrExit.js';

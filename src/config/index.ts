/** Typed configuration, validated once at start-up. */
export { loadConfig, ConfigError, type Config } from './config.js';

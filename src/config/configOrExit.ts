import { ConfigError, loadConfig, type Config } from './config.js';

/** The configuration, or exit 2 with the message naming the wrong variable (no stack trace). */
export function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
}

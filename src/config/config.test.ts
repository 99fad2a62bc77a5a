import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { API_RATE_DEFAULTS, SOCKET_DEFAULTS } from '../api/index.js';
import { ENGINE_DEFAULTS } from '../engine/index.js';
import { TASKCAST_DEFAULTS } from '../taskcast/index.js';
import { ConfigError, loadConfig, ONEC_DEFAULT_MAX_RPS } from './index.js';

/** The message of the ConfigError that loading `env` throws. */
function configError(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).code).toBe('CONFIG_INVALID');
    return (err as ConfigError).message;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(env)}`);
}

describe('loadConfig', () => {
  test('an empty environment gives every default', () => {
    const config = loadConfig({});
    for (const unset of [
      'DATABASE_URL',
      'TASKCAST_ADMIN_PASSWORD',
      'TASKCAST_JWT_SECRET',
      'TASKCAST_METRICS_TOKEN',
      'REDIS_URL',
      'TASKCAST_TASK_RETENTION_HOURS',
      'ONEC_URL',
      'ONEC_USER',
      'ONEC_PASSWORD',
    ] as const)
      expect(config[unset]).toBeUndefined();
    expect(config).toMatchObject({
      PORT: 8001,
      HOST: '127.0.0.1',
      TASKCAST_DATA_DIR: './data',
      TASKCAST_TOKEN_TTL_SECONDS: 43_200,
      LOG_LEVEL: 'info',
      TASKCAST_RUN_TASKS: true,
      TASKCAST_CONCURRENCY: 4,
      TASKCAST_PROGRESS_INTERVAL_MS: 100,
      TASKCAST_LEASE_MS: 30_000,
      TASKCAST_HEARTBEAT_MS: 5_000,
      TASKCAST_SHUTDOWN_GRACE_MS: 10_000,
      ONEC_TIMEOUT_MS: 30_000,
      ONEC_MAX_ATTEMPTS: 5,
      ONEC_ALLOWED_ONLY: false,
      ONEC_MAX_QUERY_BYTES: 1_500,
      ONEC_SHIFT_REREADS: 3,
      ONEC_PAGE_SIZE: 500,
      TASKCAST_SQLITE_BUSY_TIMEOUT_MS: 50,
      TASKCAST_SQLITE_LOCK_WAIT_MS: 5_000,
      TASKCAST_SQLITE_CHECKPOINT_MS: 200,
      TASKCAST_DB_CONNECT_TIMEOUT_MS: 5_000,
      TASKCAST_DB_RETRY_MS: 60_000,
      TASKCAST_WS_MAX_MESSAGE_BYTES: 4_096,
      TASKCAST_WS_MAX_BUFFERED_BYTES: 1_048_576,
      TASKCAST_WS_MESSAGES_PER_S: 20,
      TASKCAST_WS_MAX_PER_USER: 20,
      TASKCAST_WS_UPGRADES_PER_MIN: 120,
      TASKCAST_API_RATE_PER_S: 20,
      TASKCAST_API_BURST: 100,
      ONEC_MAX_RPS: 0,
    });
  });

  test('the defaults it shares with an embedded Taskcast are the ones their owners export', () => {
    const config = loadConfig({});
    expect(config.TASKCAST_SHUTDOWN_GRACE_MS).toBe(TASKCAST_DEFAULTS.shutdownGraceMs);
    expect(config.TASKCAST_TOKEN_TTL_SECONDS).toBe(TASKCAST_DEFAULTS.tokenTtlSeconds);
    expect(config.TASKCAST_WS_MAX_MESSAGE_BYTES).toBe(SOCKET_DEFAULTS.maxMessageBytes);
    expect(config.TASKCAST_WS_MAX_PER_USER).toBe(SOCKET_DEFAULTS.maxPerUser);
    expect(config.TASKCAST_WS_UPGRADES_PER_MIN).toBe(SOCKET_DEFAULTS.upgradesPerMinute);
    expect(config.TASKCAST_API_RATE_PER_S).toBe(API_RATE_DEFAULTS.perSecond);
    expect(config.TASKCAST_API_BURST).toBe(API_RATE_DEFAULTS.burst);
    expect(config.TASKCAST_WS_MAX_BUFFERED_BYTES).toBe(SOCKET_DEFAULTS.maxBufferedBytes);
    expect(config.TASKCAST_WS_MESSAGES_PER_S).toBe(SOCKET_DEFAULTS.messagesPerSecond);
    expect(config.TASKCAST_CONCURRENCY).toBe(ENGINE_DEFAULTS.concurrency);
  });

  test('ONEC_ALLOWED_ONLY, ONEC_MAX_QUERY_BYTES and ONEC_SHIFT_REREADS are read and checked', () => {
    expect(loadConfig({ ONEC_ALLOWED_ONLY: 'true', ONEC_MAX_QUERY_BYTES: '2000', ONEC_SHIFT_REREADS: '0' })).toMatchObject({
      ONEC_ALLOWED_ONLY: true,
      ONEC_MAX_QUERY_BYTES: 2000,
      ONEC_SHIFT_REREADS: 0,
    });
    expect(configError({ ONEC_ALLOWED_ONLY: 'yes' })).toMatch(/ONEC_ALLOWED_ONLY/);
    expect(configError({ ONEC_MAX_QUERY_BYTES: '100' })).toMatch(/ONEC_MAX_QUERY_BYTES/);
  });

  test('the rate limits: positive whole numbers, a huge one turning a limit off in effect; a wrong one names its variable', () => {
    const names = [
      'TASKCAST_API_RATE_PER_S',
      'TASKCAST_API_BURST',
      'TASKCAST_WS_MAX_PER_USER',
      'TASKCAST_WS_UPGRADES_PER_MIN',
      'TASKCAST_WS_MESSAGES_PER_S',
    ] as const;
    for (const name of names) {
      expect(loadConfig({ [name]: '1000000000' })[name]).toBe(1e9);
      for (const wrong of ['0', '-1', '1.5', 'many']) expect(configError({ [name]: wrong })).toMatch(new RegExp(`^  ${name}:`, 'm'));
    }
  });

  test('TASKCAST_TRUST_PROXY: none by default; a list of addresses and ranges; a hop count or a wrong address names the variable', () => {
    expect(loadConfig({}).TASKCAST_TRUST_PROXY).toEqual([]);
    expect(loadConfig({ TASKCAST_TRUST_PROXY: ' 10.0.0.5, 192.168.0.0/16 ,loopback' }).TASKCAST_TRUST_PROXY).toEqual([
      '10.0.0.5',
      '192.168.0.0/16',
      'loopback',
    ]);
    expect(configError({ TASKCAST_TRUST_PROXY: '1' })).toMatch(/^ {2}TASKCAST_TRUST_PROXY: a hop count is not accepted/m);
    expect(configError({ TASKCAST_TRUST_PROXY: '10.0.0.5, proxy.example' })).toMatch(
      /^ {2}TASKCAST_TRUST_PROXY: must be addresses or CIDR ranges/m,
    );
  });

  test('the log-in limits: defaults from LOGIN_DEFAULTS, positive whole numbers, a huge one turning a limit off; a wrong one names its variable', () => {
    expect(loadConfig({})).toMatchObject({
      TASKCAST_LOGIN_MAX_FAILURES: 5,
      TASKCAST_LOGIN_MAX_FAILURES_PER_ADDRESS: 20,
      TASKCAST_LOGIN_WINDOW_MS: 900_000,
      TASKCAST_LOGIN_LOCK_BASE_MS: 60_000,
      TASKCAST_LOGIN_LOCK_MAX_MS: 900_000,
    });
    expect(loadConfig({ TASKCAST_LOGIN_MAX_FAILURES: '1000000000' }).TASKCAST_LOGIN_MAX_FAILURES).toBe(1e9);
    const names = [
      'TASKCAST_LOGIN_MAX_FAILURES',
      'TASKCAST_LOGIN_MAX_FAILURES_PER_ADDRESS',
      'TASKCAST_LOGIN_WINDOW_MS',
      'TASKCAST_LOGIN_LOCK_BASE_MS',
      'TASKCAST_LOGIN_LOCK_MAX_MS',
    ] as const;
    for (const name of names) {
      expect(loadConfig({ [name]: '7' })[name]).toBe(7);
      for (const wrong of ['0', '-1', '1.5', 'many']) expect(configError({ [name]: wrong })).toMatch(new RegExp(`^  ${name}:`, 'm'));
    }
  });

  test('TASKCAST_WS_MAX_MESSAGE_BYTES, and its deprecated name TASKCAST_WS_MAX_PAYLOAD_BYTES when it is not set', () => {
    expect(loadConfig({ TASKCAST_WS_MAX_MESSAGE_BYTES: '8192' }).TASKCAST_WS_MAX_MESSAGE_BYTES).toBe(8192);
    expect(loadConfig({ TASKCAST_WS_MAX_PAYLOAD_BYTES: '2048' }).TASKCAST_WS_MAX_MESSAGE_BYTES).toBe(2048);
    const both = { TASKCAST_WS_MAX_MESSAGE_BYTES: '8192', TASKCAST_WS_MAX_PAYLOAD_BYTES: '2048' };
    expect(loadConfig(both).TASKCAST_WS_MAX_MESSAGE_BYTES).toBe(8192);
    expect(configError({ TASKCAST_WS_MAX_PAYLOAD_BYTES: '12' })).toMatch(/TASKCAST_WS_MAX_PAYLOAD_BYTES/);
  });

  test('ONEC_MAX_RPS: 20 towards a real 1C (ONEC_URL), unlimited for the embedded simulator, else as set', () => {
    expect(loadConfig({}).ONEC_MAX_RPS).toBe(0);
    expect(loadConfig({ ONEC_URL: 'http://1c.local/base/odata/standard.odata/' }).ONEC_MAX_RPS).toBe(ONEC_DEFAULT_MAX_RPS);
    expect(ONEC_DEFAULT_MAX_RPS).toBe(20);
    expect(loadConfig({ ONEC_URL: 'http://1c.local/odata/', ONEC_MAX_RPS: '0' }).ONEC_MAX_RPS).toBe(0);
    expect(loadConfig({ ONEC_MAX_RPS: '5' }).ONEC_MAX_RPS).toBe(5);
    expect(configError({ ONEC_MAX_RPS: '-1' })).toMatch(/ONEC_MAX_RPS/);
  });

  test('every variable is a row of the README configuration table', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const missing = Object.keys(loadConfig({})).filter((name) => !new RegExp(`^\\|[^|\\n]*\`${name}\``, 'm').test(readme));
    expect(missing).toEqual([]);
  });

  test('reads and converts values from the environment', () => {
    const config = loadConfig({
      PORT: '9000',
      TASKCAST_DATA_DIR: '/var/lib/taskcast',
      LOG_LEVEL: 'debug',
      DATABASE_URL: 'postgresql://app@db/taskcast',
      TASKCAST_JWT_SECRET: 's'.repeat(32),
      TASKCAST_CONCURRENCY: '8',
    });
    expect(config).toMatchObject({
      PORT: 9000,
      TASKCAST_DATA_DIR: '/var/lib/taskcast',
      LOG_LEVEL: 'debug',
      DATABASE_URL: 'postgresql://app@db/taskcast',
      TASKCAST_JWT_SECRET: 's'.repeat(32),
      TASKCAST_CONCURRENCY: 8,
    });
  });

  test('variables it does not know are ignored', () => {
    expect(loadConfig({ PATH: '/usr/bin', HOME: '/root' }).PORT).toBe(8001);
  });

  test('blank values count as unset and take the default', () => {
    const config = loadConfig({ PORT: '', TASKCAST_SHUTDOWN_GRACE_MS: ' ', DATABASE_URL: '', ONEC_URL: '  ' });
    expect(config.PORT).toBe(8001);
    expect(config.TASKCAST_SHUTDOWN_GRACE_MS).toBe(10_000);
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.ONEC_URL).toBeUndefined();
  });

  test.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '80.5'],
    ['LOG_LEVEL', 'loud'],
    ['TASKCAST_CONCURRENCY', '0'],
    ['TASKCAST_TOKEN_TTL_SECONDS', '10'],
    ['ONEC_URL', 'ftp://example'],
  ])('%s=%s throws a ConfigError naming the variable and the value', (name, value) => {
    const message = configError({ [name]: value });
    expect(message).toContain(name);
    expect(message).toContain(JSON.stringify(value));
  });

  test('the task retention is hours, fractions allowed, blank or absent meaning none', () => {
    expect(loadConfig({ TASKCAST_TASK_RETENTION_HOURS: '0.5' }).TASKCAST_TASK_RETENTION_HOURS).toBe(0.5);
    expect(loadConfig({ TASKCAST_TASK_RETENTION_HOURS: ' ' }).TASKCAST_TASK_RETENTION_HOURS).toBeUndefined();
    expect(configError({ TASKCAST_TASK_RETENTION_HOURS: '-1' })).toContain('TASKCAST_TASK_RETENTION_HOURS');
    expect(configError({ TASKCAST_TASK_RETENTION_HOURS: 'week' })).toContain('TASKCAST_TASK_RETENTION_HOURS');
  });

  test('names every wrong variable at once', () => {
    const message = configError({ PORT: 'abc', LOG_LEVEL: 'loud' });
    expect(message).toContain('PORT');
    expect(message).toContain('LOG_LEVEL');
  });

  test.each([
    ['TASKCAST_JWT_SECRET', 'too-short-secret-value'],
    ['TASKCAST_ADMIN_PASSWORD', 'pw12'],
    ['TASKCAST_METRICS_TOKEN', 'short-token'],
    ['DATABASE_URL', 'mysql://root:hunter2-secret@db/app'],
  ])('a bad %s is named but its value never printed', (name, value) => {
    const message = configError({ [name]: value });
    expect(message).toContain(name);
    expect(message).not.toContain(value);
    expect(message).not.toContain(value.slice(0, 6));
  });
});

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openTestSqlite } from '../../test/support/sqlite.js';
import type { TaskBus } from '../engine/index.js';
import type { SqliteStorage } from '../store/index.js';
import { createTaskcast, defineTaskType, InvalidOptionError, TaskcastUsageError } from './index.js';

let storage: SqliteStorage & { drop(): Promise<void> };
beforeAll(async () => {
  storage = await openTestSqlite();
});
afterAll(() => storage.drop());

/** A TaskBus that carries nothing (what the options check looks at is its methods). */
function fakeBus(): TaskBus {
  return { publish() {}, publishCancel() {}, listen: async () => {}, close: async () => {} };
}

/** The InvalidOptionError `make` throws. */
function refusal(make: () => unknown): InvalidOptionError {
  try {
    make();
  } catch (err) {
    if (err instanceof InvalidOptionError) return err;
    throw err;
  }
  throw new Error('expected an InvalidOptionError');
}

describe('createTaskcast options', () => {
  test.each([
    [{ concurrency: 0 }, 'concurrency: must be a whole number from 1 to 1000; got 0'],
    [{ concurrency: 2.5 }, 'concurrency: must be a whole number from 1 to 1000; got 2.5'],
    [{ leaseMs: '30000' }, 'leaseMs: must be a whole number from 1000 to 3600000; got "30000"'],
    [{ retentionHours: -1 }, 'retentionHours: must be a number from 0 to 87600; got -1'],
    [{ heartbeatMs: 30_000 }, 'heartbeatMs: must be shorter than leaseMs (30000), or leases expire between heartbeats'],
    [{ runTasks: 'yes' }, 'runTasks: must be true or false'],
    [{ auth: { tokenTtlSeconds: 10 } }, 'auth.tokenTtlSeconds: must be a whole number from 60 to 2592000; got 10'],
    [{ auth: { login: { maxFailures: 0 } } }, 'auth.login.maxFailures: must be a whole number from 1 to 1000000000000; got 0'],
    [{ auth: { login: { lockBaseMs: 1.5 } } }, 'auth.login.lockBaseMs: must be a whole number from 1 to 2147483647; got 1.5'],
    [
      { auth: { login: { lockMs: 10 } } },
      'auth.login.lockMs: is not an option; they are maxFailures, maxFailuresPerAddress, windowMs, lockBaseMs, lockMaxMs, store',
    ],
    [
      { auth: { login: { store: {} } } },
      'auth.login.store: must be a LoginAttemptStore, with the methods reserveLoginAttempt(), releaseLoginAttempt(), loginLockMs(), resetLoginFailures()',
    ],
  ])('%j is refused with a message naming the option', (bad, message) => {
    const error = refusal(() => createTaskcast({ storage, ...(bad as object) }));
    expect(error.code).toBe('OPTION_INVALID');
    expect(error.message).toBe(message);
  });

  test('a storage that is not one is refused', () => {
    expect(refusal(() => createTaskcast({ storage: {} as SqliteStorage })).option).toBe('storage');
  });

  test('a short JWT secret is refused without showing it', () => {
    const error = refusal(() => createTaskcast({ storage, auth: { jwtSecret: 'hunter2-hunter2' } }));
    expect(error.message).toBe('auth.jwtSecret: must be a string of at least 32 characters');
    expect(error.message).not.toContain('hunter2');
  });

  test('resolveCaller goes alone', () => {
    const both = { resolveCaller: () => null, jwtSecret: 'x'.repeat(40) };
    expect(refusal(() => createTaskcast({ storage, auth: both })).option).toBe('auth.jwtSecret');
    expect(refusal(() => createTaskcast({ storage, auth: { resolveCaller: 'me' as never, allowedOrigins: [] } })).option).toBe(
      'auth.resolveCaller',
    );
  });

  test.each([
    [{ sockets: { messagesPerSecond: 0 } }, 'sockets.messagesPerSecond: must be a whole number from 1 to 1000000000000; got 0'],
    [{ sockets: { maxBufferedBytes: -1 } }, 'sockets.maxBufferedBytes: must be a whole number from 16384 to 67108864; got -1'],
    [{ sockets: { maxPayloadBytes: 1.5 } }, 'sockets.maxPayloadBytes: must be a whole number from 128 to 1048576; got 1.5'],
    [{ sockets: { maxMessageBytes: 64 } }, 'sockets.maxMessageBytes: must be a whole number from 128 to 1048576; got 64'],
    [{ sockets: { maxPerUser: 0 } }, 'sockets.maxPerUser: must be a whole number from 1 to 1000000000000; got 0'],
    [{ sockets: { upgradesPerMinute: 2.5 } }, 'sockets.upgradesPerMinute: must be a whole number from 1 to 1000000000000; got 2.5'],
    [{ rateLimit: { perSecond: 0 } }, 'rateLimit.perSecond: must be a whole number from 1 to 1000000000000; got 0'],
    [{ rateLimit: { burst: '100' } }, 'rateLimit.burst: must be a whole number from 1 to 1000000000000; got "100"'],
    [{ rateLimit: { perMinute: 5 } }, 'rateLimit.perMinute: is not an option; they are perSecond, burst, buckets'],
    [{ rateLimit: { buckets: {} } }, 'rateLimit.buckets: must have a take() method'],
    [{ sockets: { pingIntervalMs: 0 } }, 'sockets.pingIntervalMs: must be a whole number from 1000 to 3600000; got 0'],
    [{ sockets: { closeGraceMs: '1s' } }, 'sockets.closeGraceMs: must be a whole number from 0 to 600000; got "1s"'],
    [
      { sockets: { messagesPerSec: 5 } },
      'sockets.messagesPerSec: is not an option; they are pingIntervalMs, maxBufferedBytes, maxMessageBytes, messagesPerSecond, closeGraceMs, maxPerUser, upgradesPerMinute',
    ],
    [{ sockets: 20 }, 'sockets: must be an object'],
    [{ bus: {} }, 'bus: must be a TaskBus, with the methods publish(), publishCancel(), listen(), close()'],
    [
      { bus: { ...fakeBus(), listen: undefined } },
      'bus: must be a TaskBus, with the methods publish(), publishCancel(), listen(), close()',
    ],
  ])('%j is refused with a message naming the option', (bad, message) => {
    expect(refusal(() => createTaskcast({ storage, auth: { jwtSecret: 'x'.repeat(40) }, ...(bad as object) })).message).toBe(message);
  });

  test('a bus needs a JWT secret shared by the processes: the random default is refused', () => {
    const error = refusal(() => createTaskcast({ storage, bus: fakeBus() }));
    expect(error.option).toBe('auth.jwtSecret');
    expect(error.message).toMatch(/^auth\.jwtSecret: is required with a bus/);
    createTaskcast({ storage, bus: fakeBus(), auth: { jwtSecret: 'x'.repeat(40) } });
    createTaskcast({ storage, bus: fakeBus(), auth: { resolveCaller: () => null, allowedOrigins: [] } });
  });

  test('resolveCaller needs allowedOrigins, each an origin', () => {
    const resolveCaller = () => null;
    const missing = refusal(() => createTaskcast({ storage, auth: { resolveCaller } as never }));
    expect(missing.option).toBe('auth.allowedOrigins');
    expect(missing.message).toMatch(/^auth\.allowedOrigins: is required with resolveCaller/);
    for (const [origins, option] of [
      ['https://app.example.com', 'auth.allowedOrigins'],
      [['https://app.example.com', 'https://app.example.com/login'], 'auth.allowedOrigins[1]'],
      [['app.example.com'], 'auth.allowedOrigins[0]'],
      [['null'], 'auth.allowedOrigins[0]'],
    ] as const) {
      expect(refusal(() => createTaskcast({ storage, auth: { resolveCaller, allowedOrigins: origins as never } })).option).toBe(option);
    }
    createTaskcast({ storage, auth: { resolveCaller, allowedOrigins: ['https://App.Example.com:443/', 'http://localhost:5173'] } });
    createTaskcast({ storage, auth: { resolveCaller, allowedOrigins: '*' } });
    expect(refusal(() => createTaskcast({ storage, auth: { allowedOrigins: ['ftp://x'] } })).option).toBe('auth.allowedOrigins[0]');
  });

  test('the defaults are the engine defaults', () => {
    const taskcast = createTaskcast({ storage });
    expect(taskcast.engine).toBeDefined();
    expect(taskcast.storage).toBe(storage);
  });
});

describe('defineTaskType', () => {
  const handler = async () => null;

  test.each([
    [{ type: '', handler }, 'taskType.type: must be 1 to 100 letters, digits or _ . : -'],
    [{ type: 'has space', handler }, 'taskType.type: must be 1 to 100 letters, digits or _ . : -'],
    [{ type: 'export', handler: 'run' }, 'taskType.handler of "export": must be a function'],
    [{ type: 'export', handler, maxAttempts: 0 }, 'taskType.maxAttempts of "export": must be a whole number from 1 to 100; got 0'],
    [
      { type: 'export', handler, timeoutMs: 2 ** 31 },
      'taskType.timeoutMs of "export": must be a whole number of ms from 1 to 2147483647; got 2147483648',
    ],
    [{ type: 'export', handler, shared: 'yes' }, 'taskType.shared of "export": must be true or false'],
  ])('%j is refused when defined', (bad, message) => {
    expect(refusal(() => defineTaskType(bad as never)).message).toBe(message);
  });

  test('a typed definition is accepted by use() and by the engine', () => {
    const report = defineTaskType<{ rows: number }, { rows: number }>({
      type: 'typed_report',
      handler: (ctx) => ({ rows: ctx.payload.rows }),
    });
    const taskcast = createTaskcast({ storage }).use(report);
    expect(taskcast.engine.types.has('typed_report')).toBe(true);
    createTaskcast({ storage }).engine.defineTaskType(report);
  });
});

describe('the order of calls', () => {
  test('use() after ready() is refused', async () => {
    const taskcast = createTaskcast({ storage });
    await taskcast.ready();
    expect(() => taskcast.use({ name: 'late', setup: () => ({}) })).toThrow(TaskcastUsageError);
    await taskcast.close();
  });

  test("a feature's task types are defined by ready(), in the order of use()", async () => {
    const seen: string[] = [];
    const taskcast = createTaskcast({ storage })
      .use({ name: 'a', setup: () => (seen.push('a'), { taskTypes: [defineTaskType({ type: 'from_a', handler: () => null })] }) })
      .use({ name: 'b', setup: async () => (seen.push('b'), {}) });
    expect(taskcast.engine.types.has('from_a')).toBe(false);
    await taskcast.ready();
    expect(seen).toEqual(['a', 'b']);
    expect(taskcast.engine.types.has('from_a')).toBe(true);
    await taskcast.close();
  });

  test('close() closes the features set up, the last used first, and start() after it is refused', async () => {
    const closed: string[] = [];
    const feature = (name: string) => ({ name, setup: () => ({ close: async () => void closed.push(name) }) });
    const taskcast = createTaskcast({ storage, shutdownGraceMs: 0 }).use(feature('first')).use(feature('second'));
    await taskcast.start();
    await taskcast.close();
    expect(closed).toEqual(['second', 'first']);
    await expect(taskcast.start()).rejects.toThrow(TaskcastUsageError);
  });

  test('addUser needs Taskcast’s own accounts', async () => {
    const taskcast = createTaskcast({ storage, auth: { resolveCaller: () => null, allowedOrigins: [] } });
    await expect(taskcast.addUser({ username: 'ivan', password: 'long enough', role: 'user' })).rejects.toThrow(TaskcastUsageError);
  });
});

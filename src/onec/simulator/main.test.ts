import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readSimulatorEnv } from './readSimulatorEnv.js';
import { SimulatorConfigError } from './errors.js';
import { rawGet } from '../../../test/onec/rawGet.js';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

function runMain(env: Record<string, string>): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['--import', 'tsx', MAIN], { env: { ...process.env, ...env }, stdio: 'pipe' });
}

describe('readSimulatorEnv', () => {
  it('applies the documented defaults: the period runs from the start of last year to today, as the embedded one', () => {
    expect(readSimulatorEnv({}, new Date('2026-03-15T10:00:00Z'))).toEqual({
      port: 8002,
      seed: 1,
      contractors: 200,
      documents: 5000,
      faults: { latencyMs: 0 },
      maxQueryStringBytes: 2048,
      from: '2025-01-01',
      to: '2026-03-15',
    });
  });

  it('reads every variable', () => {
    const options = readSimulatorEnv({
      ONEC_SIM_PORT: '0',
      ONEC_SIM_SEED: '17',
      ONEC_SIM_CONTRACTORS: '50',
      ONEC_SIM_DOCUMENTS: '1000',
      ONEC_SIM_LATENCY_MS: '25',
      ONEC_SIM_MAX_QUERY_BYTES: '4096',
      ONEC_SIM_FROM: '2024-07-01',
      ONEC_SIM_TO: '2025-06-30',
      ONEC_USER: 'Бухгалтер',
      ONEC_PASSWORD: 'секрет',
    });
    expect(options).toMatchObject({
      port: 0,
      seed: 17,
      contractors: 50,
      documents: 1000,
      faults: { latencyMs: 25 },
      maxQueryStringBytes: 4096,
      from: '2024-07-01',
      to: '2025-06-30',
      user: 'Бухгалтер',
      password: 'секрет',
    });
  });

  it.each([
    ['ONEC_SIM_PORT', { ONEC_SIM_PORT: '80a' }],
    ['ONEC_SIM_PORT', { ONEC_SIM_PORT: '70000' }],
    ['ONEC_SIM_SEED', { ONEC_SIM_SEED: '-1' }],
    ['ONEC_SIM_CONTRACTORS', { ONEC_SIM_CONTRACTORS: '0' }],
    ['ONEC_SIM_DOCUMENTS', { ONEC_SIM_DOCUMENTS: 'много' }],
    ['ONEC_SIM_LATENCY_MS', { ONEC_SIM_LATENCY_MS: '1.5' }],
    ['ONEC_SIM_MAX_QUERY_BYTES', { ONEC_SIM_MAX_QUERY_BYTES: '100' }],
    ['ONEC_SIM_FROM', { ONEC_SIM_FROM: '2025-02-30' }],
    ['ONEC_SIM_FROM', { ONEC_SIM_FROM: '2025-06-01', ONEC_SIM_TO: '2025-01-01' }],
    ['ONEC_PASSWORD', { ONEC_PASSWORD: 'без пользователя' }],
  ])('names %s when its value is wrong', (variable, env) => {
    let error: unknown;
    try {
      readSimulatorEnv(env);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SimulatorConfigError);
    expect(error).toMatchObject({ setting: variable, code: 'ONEC_SIM_CONFIG_INVALID' });
    expect((error as Error).message).toMatch(new RegExp(`^${variable}: `));
  });
});

describe('npm run onec-sim (main.ts)', () => {
  it('starts, prints its OData base URL first and serves it', async () => {
    const child = runMain({ ONEC_SIM_PORT: '0', ONEC_SIM_DOCUMENTS: '100', ONEC_USER: 'Админ', ONEC_PASSWORD: 'пароль' });
    try {
      const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
      const url = /(http:\/\/\S+\/demo\/odata\/standard\.odata\/)/.exec(line)?.[1];
      expect(url).toBeDefined();
      const answer = await rawGet(`${url}?$format=json`, { user: 'Админ', password: 'пароль' });
      expect(answer.status).toBe(200);
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  });

  it('stops with a message naming the variable when a value is wrong', async () => {
    const child = runMain({ ONEC_SIM_PORT: 'abc' });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    const [code] = (await once(child, 'exit')) as [number];
    expect(code).toBe(1);
    expect(stderr).toContain('ONEC_SIM_PORT');
  });
});

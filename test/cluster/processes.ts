/**
 * Real child processes for the scale-out tests and benchmark: a Node entry run with tsx, its output kept,
 * readiness and log lines awaited by reading its stdout (never by sleeping), and every child killed when
 * the parent goes away, whatever happened. No vitest here: the benchmark uses it too.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository root (entries and the tsx loader are resolved from here). */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** How a child ended. */
export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

// Every child still alive, so a crash or a failed test never leaves one behind.
const alive = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of alive) child.kill('SIGKILL');
});

/** Longest wait for a line a child is expected to print, ms (a bound, not a delay). */
const OUTPUT_TIMEOUT_MS = 45_000;

/** One running child: its output so far and how to wait for it, signal it and see it end. */
export class NodeProcess {
  readonly child: ChildProcess;
  /** Resolves when the child has exited (never rejects). */
  readonly exited: Promise<Exit>;
  private stdout = '';
  private stderr = '';
  private exit: Exit | null = null;
  private readonly waiters = new Set<() => void>();

  constructor(
    /** A name for messages, e.g. `serve-A`. */
    readonly name: string,
    entry: string,
    env: Record<string, string>,
    /** Extra options for node itself (e.g. --cpu-prof). */
    nodeArgs: readonly string[] = [],
  ) {
    // Only what tsx and the program need: the parent's environment (vitest's among it) stays out.
    const base: Record<string, string> = {};
    for (const key of ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ']) if (process.env[key] !== undefined) base[key] = process.env[key]!;
    this.child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', entry], {
      cwd: REPO_ROOT,
      env: { ...base, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    alive.add(this.child);
    this.child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      this.stdout += chunk;
      this.notify();
    });
    this.child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr += chunk;
      this.notify();
    });
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        alive.delete(this.child);
        this.exit = { code, signal };
        this.notify();
        resolve(this.exit);
      });
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** True until the child has exited. */
  get running(): boolean {
    return this.exit === null;
  }

  /** Everything printed so far (stdout, then stderr), for failure messages. */
  output(): string {
    return `--- ${this.name} (pid ${this.pid}) stdout:\n${this.stdout.slice(-4000)}\n--- stderr:\n${this.stderr.slice(-4000)}`;
  }

  /**
   * Resolves with the first match of `pattern` in stdout (already printed or to come); rejects when the
   * child exits first or nothing matches within the timeout.
   */
  waitForOutput(pattern: RegExp, timeoutMs = OUTPUT_TIMEOUT_MS): Promise<RegExpMatchArray> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const match = pattern.exec(this.stdout);
        if (match) return finish(() => resolve(match));
        if (this.exit)
          finish(() =>
            reject(new Error(`${this.name} exited (${JSON.stringify(this.exit)}) before printing ${pattern}\n${this.output()}`)),
          );
      };
      const timer = setTimeout(
        () => finish(() => reject(new Error(`${this.name} did not print ${pattern} within ${timeoutMs} ms\n${this.output()}`))),
        timeoutMs,
      );
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        settle();
      };
      this.waiters.add(check);
      check();
    });
  }

  /** Sends a signal (no-op once exited). */
  signal(signal: NodeJS.Signals): void {
    if (this.running) this.child.kill(signal);
  }

  /** SIGTERM (or `signal`), then the exit (SIGKILL after `timeoutMs` so a hung child cannot hang the caller). */
  async terminate(signal: 'SIGTERM' | 'SIGINT' = 'SIGTERM', timeoutMs = 20_000): Promise<Exit> {
    this.signal(signal);
    const timer = setTimeout(() => this.signal('SIGKILL'), timeoutMs);
    const exit = await this.exited;
    clearTimeout(timer);
    return exit;
  }

  /** SIGKILL and the exit. */
  async kill(): Promise<Exit> {
    this.signal('SIGKILL');
    return this.exited;
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}

/** Kills every child still alive (the parent's last resort in afterAll). */
export async function killAllChildren(): Promise<void> {
  const exits: Promise<unknown>[] = [];
  for (const child of alive) {
    exits.push(new Promise((resolve) => child.once('exit', resolve)));
    child.kill('SIGKILL');
  }
  await Promise.all(exits);
}

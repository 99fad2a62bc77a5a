/** A positive integer from the environment variable `name`, or `fallback`; anything else stops the benchmark (exit 64). */
export function positiveInt(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (Number.isInteger(value) && value >= 1) return value;
  process.stderr.write(`${name} must be an integer >= 1, got ${JSON.stringify(process.env[name])}\n`);
  process.exit(64);
}

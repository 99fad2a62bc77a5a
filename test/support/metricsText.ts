/** Reading Prometheus's text format in tests: the value of one sample, and the sum of a metric's samples. */

/** Every sample of `text`: `name{a="x",b="y"}` (labels as written) → value. */
export function samplesOf(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    out.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return out;
}

/** The value of the sample of `name` whose labels include all of `labels` (in any order); undefined when none, an error when several. */
export function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const found = matching(text, name, labels);
  if (found.length > 1) throw new Error(`${found.length} samples of ${name} match ${JSON.stringify(labels)}`);
  return found[0];
}

/** The sum of the samples of `name` whose labels include all of `labels`. */
export function sampleSum(text: string, name: string, labels: Record<string, string> = {}): number {
  return matching(text, name, labels).reduce((a, b) => a + b, 0);
}

function matching(text: string, name: string, labels: Record<string, string>): number[] {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  const out: number[] = [];
  for (const [key, value] of samplesOf(text)) {
    const brace = key.indexOf('{');
    const keyName = brace < 0 ? key : key.slice(0, brace);
    if (keyName !== name) continue;
    const parts = brace < 0 ? [] : key.slice(brace + 1, -1).split(',');
    if (wanted.every((w) => parts.includes(w))) out.push(value);
  }
  return out;
}

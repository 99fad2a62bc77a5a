/**
 * docs/embedding.md shows this example's code: every block whose first line names a file of it
 * (`// examples/report-export/…`) must be an excerpt of that file, token for token (prettier dedents an excerpt
 * taken from inside a function, so whitespace is not compared), the imports written as an application writes them
 * ('taskcast', 'taskcast/react') standing for the example's relative ones.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const doc = readFileSync(join(ROOT, 'docs', 'embedding.md'), 'utf8');

/** The code blocks of the doc that name an example file: [file, excerpt]. */
const excerpts = [...doc.matchAll(/```tsx?\n\/\/ (examples\/report-export\/\S+)\n([\s\S]*?)```/g)].map((m) => [m[1]!, m[2]!] as const);

test('the doc quotes every file of the walkthrough', () => {
  const files = new Set(excerpts.map(([file]) => file));
  for (const file of ['main.ts', 'reportApp.ts', 'reportExport.ts', 'reportExportFeature.ts', 'ReportExportButton.tsx']) {
    expect(files, file).toContain(`examples/report-export/${file}`);
  }
});

/** The text with every run of whitespace made one space. */
const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

test.each(excerpts)('the excerpt of %s is in the file as shown', (file, excerpt) => {
  const source = readFileSync(join(ROOT, file), 'utf8');
  const asInRepository = excerpt
    .replaceAll("from 'taskcast/react'", "from '../../web/src/embed'")
    .replaceAll("from 'taskcast'", "from '../../src/index.js'");
  expect(squash(source)).toContain(squash(asInRepository));
});

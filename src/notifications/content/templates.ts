/**
 * The message templates (Handlebars, files under ./templates), read and compiled once when the module loads, from
 * the source tree as tsx runs it (like the stores' SQL files). A file `name.hbs` is a template; `_name.hbs` a
 * partial, used inline (never on a line of its own: Handlebars would then drop that line's break).
 *
 * Two Handlebars environments: HTML output escapes every value (`{{error}}` of `<script>` is text), plain text and
 * subjects do not. Handlebars compiles a partial once, with the options of the first template that uses it, so one
 * environment per escaping keeps an HTML partial from ever being compiled without escaping.
 *
 * Strict mode: a template that names a field its view lacks throws at render time instead of printing nothing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { countOf, formatInt, plural } from './format.js';

/** The top-level templates (the files without a leading `_`). */
export const TEMPLATE_NAMES = [
  'subject',
  'summary',
  'task.text',
  'task.html',
  'scheduleMissed.text',
  'scheduleMissed.html',
  'digest.text',
  'digest.html',
] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

/** A compiled template: the view in, the text out. */
export type Template = (view: object) => string;

/** Reads `dir` and compiles every template; throws at once when one of {@link TEMPLATE_NAMES} has no file. */
export function loadTemplates(dir: string): Readonly<Record<TemplateName, Template>> {
  const sources = new Map<string, string>();
  for (const file of readdirSync(dir)) {
    if (file.endsWith('.hbs')) sources.set(file.slice(0, -4), readFileSync(join(dir, file), 'utf8'));
  }
  const html = environment(sources, false);
  const text = environment(sources, true);
  const compiled = {} as Record<TemplateName, Template>;
  for (const name of TEMPLATE_NAMES) {
    const source = sources.get(name);
    if (source === undefined) throw new Error(`No template ${name}.hbs in ${dir}`);
    const isHtml = name.endsWith('.html');
    compiled[name] = (isHtml ? html : text).compile(source, { strict: true, noEscape: !isHtml });
  }
  return compiled;
}

/** An environment with the helpers and every partial compiled with this environment's escaping. */
function environment(sources: ReadonlyMap<string, string>, noEscape: boolean): typeof Handlebars {
  const env = Handlebars.create();
  env.registerHelper('int', (n: unknown) => (typeof n === 'number' ? formatInt(n) : ''));
  env.registerHelper('plural', (n: unknown, one: string, few: string, many: string) =>
    typeof n === 'number' ? plural(n, one, few, many) : many,
  );
  env.registerHelper('count', (n: unknown, one: string, few: string, many: string) =>
    typeof n === 'number' ? countOf(n, one, few, many) : '',
  );
  for (const [name, source] of sources) {
    // A partial's final line break is dropped: partials are used inline («Итог: {{> _syncResult}}»).
    if (name.startsWith('_')) env.registerPartial(name, env.compile(source.trimEnd(), { strict: true, noEscape }));
  }
  return env;
}

/** The templates beside this module (./templates). */
export const templates = loadTemplates(join(dirname(fileURLToPath(import.meta.url)), 'templates'));

/**
 * fast-check arbitraries for requests a hostile or careless client sends: text with NUL and lone
 * surrogates, numbers beyond the id range, malformed dates and percent-encodings, wrong types, unknown
 * fields, wrong content types. Field names and plausible values come from the API (docs/api.md) so that a
 * good share of the requests gets past the first check and reaches the database; a new route is still
 * fuzzed with all of them.
 */
import fc from 'fast-check';

/** Values that sit on a boundary somewhere in the API or in one of the databases. */
const EDGE_TEXT = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\u0000none',
  '%',
  '_',
  '\\',
  "'",
  '"',
  '%_\\',
  ';--',
  'ООО',
  '𝟘',
  '\uD800',
  '\uDFFF',
  'none',
  'null',
  'true',
  '-1',
  '0',
  '1',
  '01',
  '1.5',
  '1e3',
  '0x10',
  ' 5 ',
  'NaN',
  'Infinity',
  '-0',
  '2147483647',
  '2147483648',
  '4294967296',
  '9007199254740993',
  '9223372036854775808',
  '1e309',
  '2025-01-01',
  '2025-02-30',
  '0000-01-01',
  '0100-01-01',
  '9999-12-31',
  '+275760-09-13',
  '2025-1-1',
  'in',
  'out',
  'any',
  'admin',
  'manager',
  'user',
  'pending',
  'running',
  'sync_bank_transactions',
  '00000000-0000-0000-0000-000000000000',
  'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF',
  '__proto__',
  'constructor',
];

/** Text of any kind, NUL and lone surrogates included. */
export const hostileText = (): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...EDGE_TEXT) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }).map((s) => `${s}\u0000${s}`) },
    { weight: 1, arbitrary: fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(String) },
    { weight: 1, arbitrary: fc.integer({ min: 2 ** 31 - 3, max: 2 ** 31 + 3 }).map(String) },
    { weight: 1, arbitrary: fc.constantFrom('x'.repeat(101), 'я'.repeat(1001), 'a'.repeat(5000)) },
  );

/** A JSON value of any type, hostile text and out-of-range numbers included. */
export const hostileJson = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 4, arbitrary: hostileText() },
    { weight: 1, arbitrary: fc.constantFrom(0, -1, 1, 2 ** 31 - 1, 2 ** 31, 2 ** 32, 2 ** 53, 2 ** 63, 1e308, -1e308, 0.5, -0) },
    { weight: 1, arbitrary: fc.integer() },
    { weight: 1, arbitrary: fc.double() },
    { weight: 1, arbitrary: fc.constantFrom(null, true, false, {}, [], [''], ['\u0000'], [1], { a: '\u0000' }) },
    { weight: 1, arbitrary: fc.array(hostileText(), { maxLength: 3 }) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  );

/** A text the path or query string can carry: mostly a value, sometimes raw (unencoded) URL text. */
export type UrlText = { value: string } | { raw: string };

const urlText = (good: readonly string[]): fc.Arbitrary<UrlText> => {
  const hostile = [
    { weight: 4, arbitrary: hostileText().map((value): UrlText => ({ value })) },
    {
      weight: 1,
      arbitrary: fc.constantFrom('%00', '%ZZ', '%', '%C0%80', '%ED%A0%80', '%FF', '..', '%2e%2e', '%2F').map((raw): UrlText => ({ raw })),
    },
  ];
  if (!good.length) return fc.oneof(...hostile);
  return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...good).map((value): UrlText => ({ value })) }, ...hostile);
};

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Percent-encodes a value (lone surrogates become U+FFFD, as a browser would send them). */
export function encodeUrlText(t: UrlText): string {
  return 'raw' in t ? t.raw : encodeURIComponent(t.value.replace(LONE_SURROGATE, '\uFFFD'));
}

/** Plausible values of the fields the API knows, by name: a request built from them gets past validation. */
export interface KnownValues {
  query: Record<string, string[]>;
  body: Record<string, unknown[]>;
  /** Path parameters, by name: ids that exist. */
  params: Record<string, string[]>;
}

/** The body fields that go together in one request of the API, so that strict bodies are accepted too. */
const BODY_SHAPES = [
  ['username', 'password'],
  ['username', 'password', 'role'],
  ['name', 'direction'],
  ['category_id', 'priority', 'direction', 'operation_kinds', 'keywords', 'counterparty_ref'],
  ['category_id'],
  ['date_from', 'date_to', 'auto_classify'],
];

/** One request body: none, a JSON object of known and unknown fields, or raw text of some content type. */
export type GeneratedBody = { kind: 'none' } | { kind: 'json'; value: unknown } | { kind: 'raw'; contentType: string | null; text: string };

/** A field's value: a plausible one or a hostile one. */
const fieldValue = (good: readonly unknown[] | undefined): fc.Arbitrary<unknown> =>
  good?.length ? fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...good) }, { weight: 2, arbitrary: hostileJson() }) : hostileJson();

/** Request bodies for the API. */
export function bodies(known: KnownValues): fc.Arbitrary<GeneratedBody> {
  const shaped = fc
    .constantFrom(...BODY_SHAPES)
    .chain((shape) => fc.subarray(shape, { minLength: 1 }))
    .chain((keys) => fc.tuple(...keys.map((k) => fieldValue(known.body[k]).map((v) => [k, v] as const))))
    .map((entries) => Object.fromEntries(entries) as unknown);
  const extraField = fc
    .tuple(shaped, fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('__proto__', 'constructor', 'id', '\u0000')), hostileJson())
    .map(([o, k, v]) => JSON.parse(JSON.stringify({ ...(o as object), [k]: v })) as unknown);
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant<GeneratedBody>({ kind: 'none' }) },
    { weight: 6, arbitrary: shaped.map((value): GeneratedBody => ({ kind: 'json', value })) },
    { weight: 1, arbitrary: extraField.map((value): GeneratedBody => ({ kind: 'json', value })) },
    { weight: 1, arbitrary: hostileJson().map((value): GeneratedBody => ({ kind: 'json', value })) },
    {
      weight: 1,
      arbitrary: fc
        .record({
          contentType: fc.constantFrom(
            null,
            'application/json',
            'application/json; charset=latin1',
            'text/plain',
            'application/x-www-form-urlencoded',
            'multipart/form-data; boundary=x',
          ),
          text: fc.oneof(
            fc.constantFrom(
              '{',
              '[]',
              'null',
              '"x"',
              '1',
              '{"__proto__":{"x":1}}',
              '{"name":"\\u0000"}',
              '{"name":"\\ud800"}',
              ' ',
              'a=1&b=2',
              '\u0000',
            ),
            fc.string({ unit: 'binary', maxLength: 30 }),
          ),
        })
        .map((r): GeneratedBody => ({ kind: 'raw', ...r })),
    },
  );
}

/** A query string: known parameters (plausible or hostile values, sometimes repeated) and unknown ones. */
export function queries(known: KnownValues): fc.Arbitrary<string> {
  const names = Object.keys(known.query);
  const param = fc.tuple(
    fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...names).map((value): UrlText => ({ value })) },
      { weight: 1, arbitrary: urlText([]) },
    ),
    fc.array(fc.constant(null), { minLength: 1, maxLength: 2 }),
  );
  return fc
    .array(param, { maxLength: 4 })
    .chain((params) =>
      fc.tuple(
        ...params.map(([name, repeats]) =>
          fc
            .tuple(...repeats.map(() => urlText('value' in name && Object.hasOwn(known.query, name.value) ? known.query[name.value]! : [])))
            .map((values) => values.map((v) => `${encodeUrlText(name)}=${encodeUrlText(v)}`).join('&')),
        ),
      ),
    )
    .map((parts) => parts.filter(Boolean).join('&'));
}

/** A value for the path parameter `name`: an existing id or a hostile one. */
export const pathParam = (known: KnownValues, name: string): fc.Arbitrary<string> => urlText(known.params[name] ?? []).map(encodeUrlText);

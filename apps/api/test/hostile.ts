/** A JSON Schema as the OpenAPI document gives it (the parts the fuzzer reads). */
export type Schema = {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  example?: unknown;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  minimum?: number;
  maximum?: number;
  allOf?: Schema[];
};

/** Values no field should take quietly. */
export const HOSTILE: unknown[] = [
  null,
  true,
  -1,
  0,
  1.5,
  1e308,
  -1e308,
  2147483648,
  '',
  ' ',
  'x'.repeat(20000),
  'NaN',
  'Infinity',
  '1;DROP TABLE unit;--',
  "' OR 1=1 --",
  'SRID=4326;POINT(116 28)',
  'POINT(0 0)',
  '\u0000',
  '😀',
  [],
  [1, 2],
  {},
  { type: 'Point', coordinates: [0, 0] },
  { a: { b: { c: { d: {} } } } },
  // issue 13's kinds: integers beyond what a column (or a double) holds, a lone surrogate, deep nesting, a huge list
  2 ** 53 + 2, // beyond the integers a double holds exactly
  1e20, // beyond bigint
  1e21,
  -2147483649,
  '\uD800',
  'ok\uDFFFok',
  nest(40),
  Array.from({ length: 20_000 }, () => ({})),
];

/** A value nested `depth` levels deep. */
function nest(depth: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
}

/** The same, as they can appear in a path or a query string. */
export function hostileStrings(): string[] {
  return [
    '0',
    '-1',
    '1.5',
    'abc',
    '99999999999',
    '99999999999999999999',
    '9007199254740993',
    '1e21',
    '0x10',
    '1e309',
    'NaN',
    '',
    ' ',
    '1;DROP TABLE unit',
    "' OR '1'='1",
    '%00',
    '\u0000',
    '\uD800',
    'x'.repeat(3000),
    '[]',
    '{}',
    '😀',
    '../../etc/passwd',
  ];
}

const resolve = (s: Schema, all: Record<string, Schema>): Schema =>
  s.$ref ? (all[s.$ref.split('/').pop() ?? ''] ?? {}) : s.allOf?.length ? resolve(s.allOf[0], all) : s;

/** A plausible valid value for a schema (example, first enum value, or something of the type). */
export function validExample(schema: Schema, all: Record<string, Schema>, depth = 0): unknown {
  const s = resolve(schema, all);
  if (s.example !== undefined) return s.example;
  if (s.enum?.length) return s.enum[0];
  if (depth > 4) return null;
  switch (s.type) {
    case 'object':
    case undefined:
      if (!s.properties) return {};
      return Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, validExample(v, all, depth + 1)]));
    case 'array':
      return s.items ? [validExample(s.items, all, depth + 1)] : [];
    case 'number':
    case 'integer':
      return s.minimum !== undefined ? s.minimum : 1;
    case 'boolean':
      return false;
    default:
      return 'text';
  }
}

import { bodyShapeProblem, rawJsonShapeProblem } from './body-shape';

const nested = (n: number) => {
  let v: unknown = 1;
  for (let i = 0; i < n; i++) v = { a: v };
  return v;
};

describe('the shape of a request body, checked before validation', () => {
  it('lets ordinary bodies through', () => {
    expect(bodyShapeProblem({ units: [{ unitId: 1, capability: 'water' }], note: '火已扑灭 🚒' })).toBeNull();
    expect(bodyShapeProblem(undefined)).toBeNull();
    expect(bodyShapeProblem(nested(31))).toBeNull();
  });

  it('refuses a body nested 10,000 levels deep without recursing into it', () => {
    expect(bodyShapeProblem(nested(10_000))).toEqual({ code: 'body_too_deep', message: 'the request is nested deeper than 32 levels' });
    expect(bodyShapeProblem(JSON.parse('['.repeat(5000) + ']'.repeat(5000)))?.code).toBe('body_too_deep');
  });

  it('refuses a list of 350,000 empty objects at once', () => {
    const t = Date.now();
    expect(bodyShapeProblem({ positions: Array.from({ length: 350_000 }, () => ({})) })).toEqual({
      code: 'array_too_long',
      message: 'a list in the request has 350,000 items: at most 10,000',
    });
    expect(Date.now() - t).toBeLessThan(1000); // generous: it is a single length check
    expect(bodyShapeProblem({ a: Array.from({ length: 60 }, () => Array.from({ length: 5000 }, () => 0)) })?.code).toBe('body_too_large');
  });

  it('refuses text PostgreSQL cannot hold, in values and in field names', () => {
    expect(bodyShapeProblem({ name: 'a\u0000b' })?.message).toMatch(/NUL/);
    expect(bodyShapeProblem({ contacts: [{ name: 'x\uD800' }] })).toEqual({
      code: 'bad_text',
      message: 'text must not contain a lone UTF-16 surrogate (half of a character)',
    });
    expect(bodyShapeProblem({ ['k\uDC00']: 1 })?.message).toMatch(/^a field name: .*surrogate/);
    expect(bodyShapeProblem({ ok: '\uD83D\uDE92' })).toBeNull(); // a whole character made of two halves
  });
});

describe('fields that reach the prototype', () => {
  it('refuses __proto__, constructor and prototype like any unknown field (validation used to drop them without a word)', () => {
    for (const k of ['__proto__', 'constructor', 'prototype']) {
      expect(bodyShapeProblem(JSON.parse(`{"name":"x","${k}":{"admin":true}}`))).toEqual({ code: 'unknown_field', message: `property ${k} should not exist` });
      expect(bodyShapeProblem(JSON.parse(`{"units":[{"unitId":1,"${k}":1}]}`))?.code).toBe('unknown_field');
    }
    expect(bodyShapeProblem({ protoType: 1, constructorName: 'x' })).toBeNull();
  });
});

describe('the same limits read off the raw JSON, before parsing', () => {
  const raw = (s: string) => rawJsonShapeProblem(Buffer.from(s));
  it('lets ordinary JSON through, brackets and commas inside strings included', () => {
    expect(raw('{"units":[{"unitId":1,"capability":"water"}],"note":"[[[,,,]]] \\" {"}')).toBeNull();
    expect(raw('[1,2,3]')).toBeNull();
    expect(raw('"' + '['.repeat(100) + '"')).toBeNull();
  });
  it('refuses deep nesting and long lists from the bytes', () => {
    expect(raw('{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000))?.code).toBe('body_too_deep');
    const t = Date.now();
    expect(raw('{"positions":[' + Array.from({ length: 350_000 }, () => '{}').join(',') + ']}')).toEqual({
      code: 'array_too_long',
      message: 'a list in the request has more than 10,000 items',
    });
    expect(Date.now() - t).toBeLessThan(1000);
    expect(raw('[' + Array.from({ length: 10_000 }, () => '0').join(',') + ']')).toBeNull(); // exactly the limit
    expect(raw('[' + Array.from({ length: 10_001 }, () => '0').join(',') + ']')?.code).toBe('array_too_long');
  });
});

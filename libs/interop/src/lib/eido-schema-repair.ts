/**
 * The EIDO schema as published (NENA911/EIDO-JSON, OpenAPI 3.0) read as JSON Schema, with its two
 * upstream defects repaired in memory (the files are read where they are, never changed or copied):
 * `minItems: 1,` (YAML reads the string "1,", and a validator then refuses the whole schema) is read as
 * 1, and a `$ref` with a doubled slash (`NIEMComponents//j.yaml`) is read with one. Answers how many
 * of each it repaired, so a test notices when upstream changes.
 */
export function repairEidoSchema(node: unknown): { minItems: number; refs: number } {
  const fixed = { minItems: 0, refs: 0 };
  const stack: unknown[] = [node];
  while (stack.length) {
    const v = stack.pop();
    if (Array.isArray(v)) {
      stack.push(...v);
      continue;
    }
    if (!v || typeof v !== 'object') continue;
    const o = v as Record<string, unknown>;
    for (const k of ['minItems', 'maxItems', 'minLength', 'maxLength']) {
      if (typeof o[k] === 'string') {
        o[k] = parseInt(o[k], 10);
        fixed.minItems++;
      }
    }
    if (typeof o.$ref === 'string' && /[^:]\/\/+/.test(o.$ref)) {
      o.$ref = o.$ref.replace(/([^:])\/\/+/g, '$1/');
      fixed.refs++;
    }
    for (const k of Object.keys(o)) if (k !== 'example' && k !== 'examples') stack.push(o[k]);
  }
  return fixed;
}

import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readdirSync, readFileSync } from 'fs';
import { load } from 'js-yaml';
import { join } from 'path';
import { EidoProblem, repairEidoSchema } from '@gan119/interop';

const ROOT = 'openapi.yaml#/components/schemas/EmergencyIncidentDataObjectType';

/**
 * Compiles the published EIDO schema (OpenAPI 3.0 YAML and the NIEM components it refers to) from the
 * standards directory, where it is read, never copied; its upstream defects are repaired in memory.
 * Takes about 3 s: done once per process.
 */
export function loadEidoValidator(standardsDir: string): { validate: ValidateFunction; repaired: { minItems: number; refs: number } } {
  const dir = join(standardsDir, 'eido');
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
  addFormats(ajv);
  const repaired = { minItems: 0, refs: 0 };
  const add = (file: string, id: string) => {
    const doc = load(readFileSync(join(dir, file), 'utf8'));
    const r = repairEidoSchema(doc);
    repaired.minItems += r.minItems;
    repaired.refs += r.refs;
    ajv.addSchema(doc as object, id);
  };
  for (const f of readdirSync(join(dir, 'NIEMComponents'))) if (f.endsWith('.yaml')) add(join('NIEMComponents', f), `NIEMComponents/${f}`);
  add('openapi.yaml', 'openapi.yaml');
  const validate = ajv.getSchema(ROOT);
  if (!validate) throw new Error(`the EIDO schema has no ${ROOT}`);
  return { validate, repaired };
}

/** The validator's complaints as field problems (at most 20, the first of each place). */
export function eidoProblems(v: ValidateFunction): EidoProblem[] {
  const seen = new Set<string>();
  const out: EidoProblem[] = [];
  for (const e of v.errors ?? []) {
    const field = (e.instancePath || '/').slice(1).replace(/\//g, '.') || '(document)';
    const missing =
      e.keyword === 'required' ? `${field === '(document)' ? '' : field + '.'}${String((e.params as { missingProperty?: string }).missingProperty)}` : null;
    const key = missing ?? field;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ field: key, message: missing ? 'is required (NENA EIDO)' : `${e.message ?? 'is not valid'} (NENA EIDO)` });
    if (out.length >= 20) break;
  }
  return out;
}

import { TestDb } from '@gan119/testing';
import { DataSource } from 'typeorm';
import { seededTestDb } from '../../test/test-data-source';
import { RunningApp, startApp } from '../../test/test-app';
import SwaggerParser from '@apidevtools/swagger-parser';
import { HOSTILE, hostileStrings, validExample, Schema } from '../../test/hostile';

type Operation = { method: string; path: string; query: string[]; body: Schema | null };
type Spec = {
  paths: Record<string, Record<string, { parameters?: Array<{ in: string; name: string }>; requestBody?: { content?: Record<string, { schema?: Schema }> } }>>;
  components: { schemas: Record<string, Schema> };
};

/** Everything a rejected request must leave as it was. */
const FINGERPRINT = `SELECT json_build_array(
  (SELECT count(*) FROM incident), (SELECT count(*) FROM incident_event), (SELECT count(*) FROM assignment), (SELECT count(*) FROM dispatch_order),
  (SELECT coalesce(sum(version), 0) FROM unit), (SELECT count(*) FROM unit_status_history), (SELECT count(*) FROM road_closure), (SELECT count(*) FROM key_unit),
  (SELECT count(*) FROM response_plan), (SELECT count(*) FROM station), (SELECT count(*) FROM unit), (SELECT count(*) FROM water_source), (SELECT count(*) FROM avl_position),
  (SELECT coalesce(sum(version), 0) FROM incident))::text AS f`;

/**
 * Routes whose answer is a computation the caller waits for, off the event loop or in slices while the
 * API answers others: the sitings, and sign-in (an argon2id hash, slow on purpose, on native threads).
 * Held to 5 s, not 1 s: on two busy cores five concurrent duplicates of a hydrant siting took 883 ms,
 * of a sign-in 2.2 s. Every other request answers within 1 s, which catches work that holds the event
 * loop (a road closure's hierarchy rebuild once did, 1,013 ms).
 */
const COMPUTING = new Set(['POST /api/coverage/hydrants/siting', 'POST /api/coverage/siting', 'POST /api/auth/login']);

/**
 * Derives hostile requests from the OpenAPI document (every route) and sends them to the real app on
 * the real database: wrong types, missing and unknown fields, NaN-like and out-of-range numbers,
 * injection strings, huge strings, nested junk, in bodies, path and query parameters. Every answer
 * must be below 500, and every rejected (4xx) request must leave the database as it was.
 */
describe('fuzz: every route of the OpenAPI document with hostile input', () => {
  let db: TestDb;
  let ds: DataSource;
  let app: RunningApp;
  let spec: Spec;
  beforeAll(async () => {
    ({ db, ds } = await seededTestDb('small'));
    app = await startApp(db.url, { LOG_LEVEL: 'silent' });
    spec = (await (await fetch(`${app.url}/api/docs-json`)).json()) as Spec;
  });
  afterAll(async () => {
    await app?.close();
    await ds?.destroy();
    await db?.drop();
  });

  const operations = (): Operation[] =>
    Object.entries(spec.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, o]) => ({
        method: method.toUpperCase(),
        path,
        query: (o.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
        body: o.requestBody?.content?.['application/json']?.schema ?? null,
      })),
    );

  it('the OpenAPI document is valid (an OpenAPI validator), every templated path declares its parameters, and every list in a request says how long it may be', async () => {
    // swagger-parser validates against the OpenAPI 3 schema and checks path parameters; it mutates what it is given
    await expect(SwaggerParser.validate(structuredClone(spec) as never)).resolves.toBeDefined();
    const undeclared: string[] = [];
    for (const [path, ops] of Object.entries(spec.paths)) {
      const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const [method, o] of Object.entries(ops)) {
        const declared = (o.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
        for (const n of names) if (!declared.includes(n)) undeclared.push(`${method.toUpperCase()} ${path}: {${n}}`);
      }
    }
    expect(undeclared).toEqual([]);
    // every array a request may carry has its maxItems (the body-shape limit is the last line, not the first)
    const unbounded: string[] = [];
    const walk = (schema: Schema | undefined, where: string, seen: Set<string>): void => {
      if (!schema || typeof schema !== 'object') return;
      const ref = (schema as { $ref?: string }).$ref;
      if (ref) {
        const name = ref.split('/').pop()!;
        if (!seen.has(name)) walk(spec.components.schemas[name], `${where}→${name}`, new Set([...seen, name]));
        return;
      }
      const x = schema as {
        type?: string;
        maxItems?: number;
        items?: Schema;
        properties?: Record<string, Schema>;
        oneOf?: Schema[];
        anyOf?: Schema[];
        allOf?: Schema[];
      };
      if (x.type === 'array' && x.maxItems === undefined) unbounded.push(where);
      if (x.items) walk(x.items, `${where}[]`, seen);
      for (const [k, v] of Object.entries(x.properties ?? {})) walk(v, `${where}.${k}`, seen);
      for (const v of [...(x.oneOf ?? []), ...(x.anyOf ?? []), ...(x.allOf ?? [])]) walk(v, where, seen);
    };
    for (const op of operations()) if (op.body) walk(op.body, `${op.method} ${op.path}`, new Set());
    expect(unbounded).toEqual([]);
  });

  it('answers every case below 500 and changes nothing when it refuses', async () => {
    const fingerprint = async () => ((await ds.query(FINGERPRINT)) as Array<{ f: string }>)[0].f;
    const failures: string[] = [];
    let cases = 0;
    let refused = 0;
    let before = await fingerprint();
    const times: number[] = [];
    const slowest: Array<{ ms: number; what: string }> = [];
    /** One request: its status (0: no answer), timed; a 5xx or no answer is a failure. */
    const request = async (op: Operation, path: string, query: string, body: unknown, label: string): Promise<number> => {
      cases++;
      const init: RequestInit = { method: op.method, headers: { 'content-type': 'application/json' } };
      if (op.method !== 'GET') init.body = body === undefined ? undefined : JSON.stringify(body);
      const t0 = performance.now();
      try {
        const res = await fetch(`${app.url}${path}${query}`, init);
        await res.arrayBuffer();
        const ms = performance.now() - t0;
        times.push(ms);
        slowest.push({ ms, what: `${op.method} ${op.path} ${label}` });
        const limit = COMPUTING.has(`${op.method} ${op.path}`) ? 5000 : 1000;
        if (ms > limit) failures.push(`${op.method} ${op.path} ${label}: ${Math.round(ms)} ms`);
        if (res.status >= 500) failures.push(`${op.method} ${op.path} ${label}: ${res.status}`);
        return res.status;
      } catch (e) {
        failures.push(`${op.method} ${op.path} ${label}: no answer (${(e as Error).message})`);
        return 0;
      }
    };
    const send = async (op: Operation, path: string, query: string, body: unknown, label: string) => {
      const status = await request(op, path, query, body, label);
      if (status === 0) return;
      const after = await fingerprint();
      if (status >= 400 && status < 500) {
        refused++;
        if (after !== before) failures.push(`${op.method} ${op.path} ${label}: refused with ${status} but the database changed`);
      }
      before = after;
    };
    const concrete = (path: string, value = '1') => path.replace(/\{[^}]+\}/g, value);
    // a lone surrogate cannot be encoded as UTF-8: sent as the bytes a careless client would send (CESU-8)
    const enc = (v: string) => (/[\uD800-\uDFFF]/.test(v) && !/[\uD800-\uDBFF][\uDC00-\uDFFF]/.test(v) ? '%ED%A0%80' : encodeURIComponent(v));

    for (const op of operations()) {
      const base = op.body ? validExample(op.body, spec.components.schemas) : undefined;
      const params = [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      // path parameters
      for (const p of params)
        for (const v of hostileStrings()) await send(op, op.path.replace(`{${p}}`, enc(v)).replace(/\{[^}]+\}/g, '1'), '', base, `path ${p}=${v.slice(0, 20)}`);
      // query parameters
      for (const q of op.query) for (const v of hostileStrings()) await send(op, concrete(op.path), `?${q}=${enc(v)}`, base, `query ${q}=${v.slice(0, 20)}`);
      if (!op.body || op.method === 'GET') continue;
      // whole bodies of the wrong shape, and an unknown field beside valid ones
      for (const v of [null, [], 'text', 42, {}, { ...(base as object), unexpected: 1 }, { ...(base as object), __proto__: { admin: true } }])
        await send(op, concrete(op.path), '', v, `body ${JSON.stringify(v)?.slice(0, 30)}`);
      // each field (and each field of the first item of an array field) replaced by each hostile value, or missing
      for (const [field, value] of Object.entries((base ?? {}) as Record<string, unknown>)) {
        const { [field]: _gone, ...without } = base as Record<string, unknown>;
        await send(op, concrete(op.path), '', without, `body without ${field}`);
        for (const h of HOSTILE) await send(op, concrete(op.path), '', { ...(base as object), [field]: h }, `body ${field}=${JSON.stringify(h)?.slice(0, 20)}`);
        const first = Array.isArray(value) ? value[0] : typeof value === 'object' && value !== null ? value : null;
        if (first && typeof first === 'object') {
          for (const inner of Object.keys(first)) {
            for (const h of HOSTILE) {
              const item = { ...(first as object), [inner]: h };
              await send(
                op,
                concrete(op.path),
                '',
                { ...(base as object), [field]: Array.isArray(value) ? [item] : item },
                `body ${field}.${inner}=${JSON.stringify(h)?.slice(0, 20)}`,
              );
            }
          }
        }
      }
    }
    // concurrent duplicates: every write route, the same valid request five times at once (two desks, a retry): answers, never a 5xx
    for (const op of operations().filter((o) => o.method !== 'GET')) {
      const base = op.body ? validExample(op.body, spec.components.schemas) : undefined;
      await Promise.all(Array.from({ length: 5 }, () => request(op, concrete(op.path), '', base, 'concurrent duplicate')));
    }
    times.sort((a, b) => a - b);
    // the slowest requests, to see which routes come near the limit
    console.log(
      slowest
        .sort((a, b) => b.ms - a.ms)
        .slice(0, 5)
        .map((x) => `${Math.round(x.ms)} ms ${x.what}`)
        .join('\n'),
    );
    const pct = (q: number) => Math.round(times[Math.min(times.length - 1, Math.floor(q * times.length))]);
    console.log(
      `fuzz: ${cases} cases over ${operations().length} operations, ${refused} refused, ${failures.length} failures; per request p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms, max ${pct(1)} ms`,
    );
    expect(failures).toEqual([]);
    expect(cases).toBeGreaterThan(2000);
  }, 600_000);
});

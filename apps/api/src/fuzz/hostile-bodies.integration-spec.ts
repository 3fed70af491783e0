import { TestDb } from '@gan119/testing';
import { DataSource } from 'typeorm';
import { seededTestDb } from '../../test/test-data-source';
import { RunningApp, startApp } from '../../test/test-app';

type Spec = { paths: Record<string, Record<string, { requestBody?: unknown }>> };

/** The worst bodies an outside tester sent: they must be refused at once, and never hold up anyone else. */
const BODIES: Record<string, string> = {
  'nested 10,000 levels': '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000),
  'an array of 350,000 empty objects': '{"positions":[' + Array.from({ length: 350_000 }, () => '{}').join(',') + ']}',
  'a top-level array of 350,000 empty objects': '[' + Array.from({ length: 350_000 }, () => '{}').join(',') + ']',
  'a lone surrogate': '{"name":"x\\ud800y","contacts":[{"name":"\\udc00"}]}',
};
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];

/**
 * Every route that takes a body, sent each worst body while a cheap request keeps asking the same
 * API process: every worst body is refused (4xx, never 5xx) in well under a second, and no cheap
 * request waits a second (a body that blocked the event loop held every request up); the cheap
 * request's p50 and p99 are printed.
 */
describe('hostile input an outside tester sent: bodies refused at once with the API responsive, ids parsed strictly', () => {
  let db: TestDb;
  let ds: DataSource;
  let app: RunningApp;
  beforeAll(async () => {
    ({ db, ds } = await seededTestDb('none'));
    app = await startApp(db.url, { LOG_LEVEL: 'silent' });
  });
  afterAll(async () => {
    await app?.close();
    await ds?.destroy();
    await db?.drop();
  });

  it('refuses the worst body on every route in well under a second while a cheap request stays fast', async () => {
    const spec = (await (await fetch(`${app.url}/api/docs-json`)).json()) as Spec;
    const routes = Object.entries(spec.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([, o]) => o.requestBody)
        .map(([method]) => ({ method: method.toUpperCase(), path: path.replace(/\{[^}]+\}/g, '1') })),
    );
    expect(routes.length).toBeGreaterThan(20);
    for (let i = 0; i < 20; i++) await fetch(`${app.url}/api/console-config`); // warm: the first requests compile their paths
    let pinging = true;
    const cheap: number[] = [];
    const pinger = (async () => {
      while (pinging) {
        const t = performance.now();
        await fetch(`${app.url}/api/console-config`);
        cheap.push(performance.now() - t);
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    const slow: string[] = [];
    const timed: Array<[string, number]> = [];
    const bad: string[] = [];
    for (const r of routes) {
      for (const [what, body] of Object.entries(BODIES)) {
        const t = performance.now();
        const res = await fetch(`${app.url}${r.path}`, { method: r.method, headers: { 'content-type': 'application/json' }, body });
        const ms = performance.now() - t;
        await res.arrayBuffer();
        if (res.status < 400 || res.status >= 500) bad.push(`${r.method} ${r.path} ${what}: ${res.status}`);
        if (ms > 1000) slow.push(`${r.method} ${r.path} ${what}: ${Math.round(ms)} ms`);
        timed.push([`${r.method} ${r.path} ${what}`, ms]);
      }
    }
    pinging = false;
    await pinger;
    const p99 = quantile(cheap, 0.99);
    console.log(
      timed
        .sort((a, b) => b[1] - a[1])
        .slice(0, 5)
        .map(([w, ms]) => `${w} ${ms.toFixed(0)} ms`)
        .join('\n'),
    );
    console.log(
      `hostile bodies: ${routes.length} routes × ${Object.keys(BODIES).length} bodies; cheap request p50 ${quantile(cheap, 0.5).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms over ${cheap.length}`,
    );
    // and each says what is wrong
    const named = async (body: string) =>
      (await (await fetch(`${app.url}/api/avl/positions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).json()) as {
        statusCode: number;
        error: string;
        message: string;
      };
    expect(await named(BODIES['an array of 350,000 empty objects'])).toMatchObject({ statusCode: 413 }); // over the 1 MB body limit
    expect(await named('{"positions":[' + Array.from({ length: 200_000 }, () => '{}').join(',') + ']}')).toEqual({
      statusCode: 400,
      error: 'array_too_long',
      message: 'a list in the request has more than 10,000 items',
    });
    expect(await named(BODIES['nested 10,000 levels'])).toEqual({
      statusCode: 400,
      error: 'body_too_deep',
      message: 'the request is nested deeper than 32 levels',
    });
    expect(await named(BODIES['a lone surrogate'])).toMatchObject({ statusCode: 400, error: 'bad_text', message: expect.stringMatching(/surrogate/) });
    expect(bad).toEqual([]);
    expect(slow).toEqual([]);
    // a body that blocked the event loop held every request up (18.6 s in the report); the goal of a p99
    // under 100 ms is measured by this spec run alone (29-37 ms here), not asserted beside the rest of the suite
    expect(Math.max(...cheap)).toBeLessThan(1000);
  });

  it('parses ids strictly in one place: hex, exponents, signs, leading zeros, spaces and ids beyond the column are 400s naming the id', async () => {
    const status = async (method: string, path: string, body?: unknown) =>
      (
        await fetch(`${app.url}/api${path}`, {
          method,
          headers: { 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        })
      ).status;
    const [unit] = (await ds.query('SELECT id FROM unit ORDER BY id LIMIT 1')) as Array<{ id: number }>;
    expect(await status('GET', `/units/${unit.id}`)).toBe(200);
    for (const bad of [
      `0x${unit.id.toString(16)}`,
      `0${unit.id}`,
      `+${unit.id}`,
      `${unit.id}.0`,
      `${unit.id}e0`,
      '1e3',
      '%20' + unit.id,
      '-1',
      '0',
      '2147483648',
    ]) {
      const r = await fetch(`${app.url}/api/units/${bad}`);
      expect([bad, r.status]).toEqual([bad, 400]);
      expect(JSON.stringify(await r.json())).toMatch(/id must be a decimal whole number|id must not be/);
    }
    expect(await status('GET', '/incidents/0x10')).toBe(400);
    expect(await status('POST', '/incidents/0x10/merge', { into: 1 })).toBe(400);
    // a closure id beyond bigint, or written as an exponent: 400, not 500
    expect(await status('POST', '/roads/closures/99999999999999999999/reopen', {})).toBe(400);
    expect(await status('POST', '/roads/closures/1e21/reopen', {})).toBe(400);
    expect(await status('POST', '/roads/closures/123456789/reopen', {})).toBe(404);
  });
});

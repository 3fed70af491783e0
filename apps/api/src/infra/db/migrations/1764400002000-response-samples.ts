import { MigrationInterface, QueryRunner } from 'typeorm';
import { addCells } from './1764400001800-response-cells';

/*
 * The station and unit tables' figures, exact and read in one row per key: for each station and unit,
 * month, province or city and origin, the sorted values of each interval ("samples"). A unit answers a
 * hundred-odd calls a month spread over as many time bins, so histogram cells (migration 1800) hold
 * about one cell per response there and save nothing; a sorted array gives p50/p90 by subscript
 * (as percentile_cont takes them) and the share within any threshold by binary search (width_bucket).
 *
 * Measures as in the rollup: 10 responses (a count, no values), 11 acknowledgement, 12 turnout, 13 travel;
 * 15 turnout again by the unit's kind (each kind has its own standard: the share within is counted per kind).
 * Kept exact by statement triggers on response_unit, like the cells, and held with them in bulk writes.
 */
const TZ = 'Asia/Shanghai';
const BATCH_UNITS = `SELECT u.*, 1 AS sign FROM response_unit u JOIN response_incident i ON i.id = u.fact_id
                      WHERE i.origin = b_origin AND i.batch = b_batch AND u.call_at >= lo AND u.call_at < hi`;
const HELD = `IF current_setting('gan119.hold_cells', true) = 'on' THEN RETURN NULL; END IF;`;

const FUNCTIONS = [
  `CREATE FUNCTION response_unit_samples(kind text, station_id int, station_code text, unit_id int, unit_code text, ak real, tu real, tr real)
     RETURNS TABLE (view text, key text, measure smallint, kind text, x real) LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
     SELECT v.view, CASE v.view WHEN 's' THEN coalesce('i:' || station_id, 'c:' || station_code, '')
                                ELSE coalesce('i:' || unit_id, 'c:' || unit_code || chr(31) || coalesce(station_code, '') || chr(31) || coalesce(kind, '')) END,
            m.measure::smallint, CASE WHEN m.measure = 15 THEN coalesce(kind, '') ELSE '' END, m.x
       FROM (VALUES ('s'), ('u')) v (view), (VALUES (10, NULL::real), (11, ak), (12, tu), (13, tr), (15, tu)) m (measure, x)
      WHERE m.measure = 10 OR m.x IS NOT NULL $$`,
  /* a sorted multiset with values added and others taken away (each taken away once) */
  `CREATE FUNCTION stats_merge(old real[], add real[], del real[]) RETURNS real[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
     SELECT coalesce(array_agg(a.v ORDER BY a.v), '{}')
       FROM (SELECT v, row_number() OVER (PARTITION BY v) AS k FROM unnest(old || add) v) a
       LEFT JOIN (SELECT v, count(*) AS c FROM unnest(del) v GROUP BY v) d ON d.v = a.v
      WHERE a.k > coalesce(d.c, 0) $$`,
  /* several rows' values as one sorted array (the read of a key kept in several months or origins) */
  `CREATE AGGREGATE stats_cat(real[]) (SFUNC = array_cat, STYPE = real[], INITCOND = '{}')`,
  `CREATE FUNCTION stats_sort(vals real[]) RETURNS real[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
     SELECT coalesce(array_agg(v ORDER BY v), '{}') FROM unnest(vals) v $$`,
  /* percentile_cont's p of sorted values: between the order statistics around p × (n − 1) */
  `CREATE FUNCTION stats_sorted_pct(vals real[], p float8) RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
     SELECT CASE WHEN cardinality(vals) = 0 THEN NULL
                 ELSE vals[1 + floor(p * (cardinality(vals) - 1))::int]
                      + (p * (cardinality(vals) - 1) - floor(p * (cardinality(vals) - 1)))
                      * (vals[1 + ceil(p * (cardinality(vals) - 1))::int] - vals[1 + floor(p * (cardinality(vals) - 1))::int]) END $$`,
];

/**
 * The samples of a set of unit responses (`src`, with `sign`: +1 added, −1 taken away) merged into the
 * kept rows: existing rows updated, new ones inserted (one inserted meanwhile by another writer is merged
 * into). Values only added (`removes` false: an insert, a batch) are all inserted, merged on conflict:
 * joining a table still being filled in the same transaction, the planner scanned it once per row. A row whose changes cancel out is not touched. Months and places as the cells' (province and
 * city, by local month). Rows are kept per origin, and the writers of one origin take turns (the live
 * refresh holds an advisory lock; an import or the synthetic history is one transaction).
 */
/** Where migration 2000 kept samples: the cells' places of a station or unit (the province and the city, by month). */
export const PROVINCE_CITY = 'response_cell_places(m.view, r.call_at, r.city_adcode, r.county_adcode)';

export function addSamples(src: string, removes = true, places = PROVINCE_CITY): string {
  const cols = 'view, level, geo, at, origin, key, measure, kind';
  const on = cols
    .split(', ')
    .map((c) => `s.${c} = g.${c}`)
    .join(' AND ');
  return `WITH d AS (
      SELECT m.view, p.level, p.geo, p.at, r.origin, m.key, m.measure, m.kind, m.x, r.sign
        FROM ${src} r
        CROSS JOIN LATERAL response_unit_samples(r.kind, r.station_id, r.station_code, r.unit_id, r.unit_code, r.ack_s, r.turnout_s, r.travel_s) m
        CROSS JOIN LATERAL ${places} p),
    g AS (
      SELECT ${cols}, sum(sign)::int AS dn,
             coalesce(array_agg(x ORDER BY x) FILTER (WHERE sign > 0 AND x IS NOT NULL), '{}') AS add,
             coalesce(array_agg(x ORDER BY x) FILTER (WHERE sign < 0 AND x IS NOT NULL), '{}') AS del
        FROM d GROUP BY ${cols}),
    c AS (SELECT * FROM g WHERE dn <> 0 OR add <> del)${
      removes
        ? `,
    u AS (UPDATE response_sample s SET n = s.n + g.dn, vals = stats_merge(s.vals, g.add, g.del) FROM c g WHERE ${on} RETURNING s.${cols.replace(/, /g, ', s.')})`
        : ''
    }
    INSERT INTO response_sample (${cols}, n, vals)
    SELECT ${cols}, g.dn, g.add FROM c g ${removes ? `WHERE NOT EXISTS (SELECT 1 FROM u s WHERE ${on})` : ''} ORDER BY ${cols}
    ON CONFLICT (${cols}) DO UPDATE SET n = response_sample.n + excluded.n, vals = stats_merge(response_sample.vals, excluded.vals, '{}')`;
}

export function samplesTrigger(held: boolean, places = PROVINCE_CITY): string {
  // the kept rows a change takes values from are found through the key: a table filled in the same transaction
  // has no statistics yet, and the planner then scanned it once per changed key
  return `CREATE OR REPLACE FUNCTION response_unit_samples_keep() RETURNS trigger LANGUAGE plpgsql SET work_mem = '256MB' SET enable_seqscan = off AS $$
     BEGIN
       ${held ? HELD : ''}
       IF TG_OP = 'INSERT' THEN ${addSamples('(SELECT *, 1 AS sign FROM new_rows)', false, places)};
       ELSIF TG_OP = 'DELETE' THEN ${addSamples('(SELECT *, -1 AS sign FROM old_rows)', true, places)};
       ELSE ${addSamples('(SELECT *, -1 AS sign FROM old_rows UNION ALL SELECT *, 1 AS sign FROM new_rows)', true, places)};
       END IF;
       RETURN NULL;
     END $$`;
}

/**
 * A bulk write's batch (migration 1900): its cells and now its samples, a local month at a time (cells
 * and samples are kept by month or day, so the months' statements never meet; one statement over a
 * million incidents sorted some sixty million cell rows at once and ran past twenty minutes).
 */
export const addBatch = (
  places = PROVINCE_CITY,
) => `CREATE OR REPLACE FUNCTION response_cells_add_batch(b_origin text, b_batch text) RETURNS void LANGUAGE plpgsql SET work_mem = '1GB' AS $$
  DECLARE
    lo timestamptz;
    hi timestamptz;
  BEGIN
    PERFORM set_config('gan119.hold_cells', 'off', true);
    FOR lo IN SELECT DISTINCT date_trunc('month', call_at, '${TZ}') FROM response_incident WHERE origin = b_origin AND batch = b_batch ORDER BY 1 LOOP
      hi := ((lo AT TIME ZONE '${TZ}') + interval '1 month') AT TIME ZONE '${TZ}';
      ${addCells(`(SELECT *, 1 AS sign FROM response_incident WHERE origin = b_origin AND batch = b_batch AND call_at >= lo AND call_at < hi)`, 'incident')};
      ${addCells(`(${BATCH_UNITS})`, 'unit')};
      ${addSamples(`(${BATCH_UNITS})`, false, places)};
    END LOOP;
  END $$`;

export class ResponseSamples1764400002000 implements MigrationInterface {
  name = 'ResponseSamples1764400002000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of FUNCTIONS) await q.query(sql);
    await q.query(`
      CREATE TABLE response_sample (
        view text NOT NULL,
        level text NOT NULL,
        geo integer NOT NULL,
        at date NOT NULL,
        origin text NOT NULL,
        key text NOT NULL,
        measure smallint NOT NULL,
        kind text NOT NULL,
        n integer NOT NULL,
        vals real[] NOT NULL,
        PRIMARY KEY (view, level, geo, at, origin, key, measure, kind)
      )`);
    await q.query(`SET LOCAL work_mem = '1GB'`);
    await q.query(`SET LOCAL statement_timeout = 0`); // the record already there, once
    await q.query(addSamples('(SELECT *, 1 AS sign FROM response_unit)', false));
    await q.query(samplesTrigger(true));
    for (const op of ['insert', 'update', 'delete']) {
      const ref = op === 'insert' ? 'NEW TABLE AS new_rows' : op === 'delete' ? 'OLD TABLE AS old_rows' : 'OLD TABLE AS old_rows NEW TABLE AS new_rows';
      await q.query(
        `CREATE TRIGGER response_unit_samples_${op} AFTER ${op.toUpperCase()} ON response_unit REFERENCING ${ref} FOR EACH STATEMENT EXECUTE FUNCTION response_unit_samples_keep()`,
      );
    }
    await q.query(addBatch());
  }

  async down(q: QueryRunner): Promise<void> {
    for (const op of ['insert', 'update', 'delete']) await q.query(`DROP TRIGGER response_unit_samples_${op} ON response_unit`);
    await q.query('DROP FUNCTION response_unit_samples_keep()');
    await q.query('DROP TABLE response_sample');
    await q.query('DROP AGGREGATE stats_cat(real[])');
    await q.query('DROP FUNCTION stats_sorted_pct, stats_sort, stats_merge, response_unit_samples');
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * The statistics rollup: histograms of every interval ("cells": how many responses fell in each time
 * bin), per local month (and per local day where a day holds enough to be worth it), per province, city
 * and county, per breakdown (total, hour of day, type, station, unit), per origin. Kept exact by
 * statement triggers on the record (each inserted, updated or deleted fact adds or takes away its
 * cells in the same transaction), so a rollup is never stale and never rebuilt.
 *
 * Bins: 2 s up to 2 min, 5 s to 10 min, 15 s to 30 min, 1 min to 2 h, 10 min to a day, then one bin;
 * each holds (lo, lo + width]. The thresholds the standards use (60, 80 s; 5 min) are bin edges.
 */
const TZ = 'Asia/Shanghai';

const FUNCTIONS = [
  /* bin b holds (lo, lo + width]: a whole-second record's 60 s is within a 60-s threshold, as in the exact share */
  `CREATE FUNCTION stats_bin(x real) RETURNS smallint LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
     SELECT (CASE WHEN x <= 120 THEN greatest(ceil(x / 2) - 1, 0) WHEN x <= 600 THEN 59 + ceil((x - 120) / 5)
                  WHEN x <= 1800 THEN 155 + ceil((x - 600) / 15) WHEN x <= 7200 THEN 235 + ceil((x - 1800) / 60)
                  WHEN x <= 86400 THEN 325 + ceil((x - 7200) / 600) ELSE 458 END)::smallint $$`,
  `CREATE FUNCTION stats_bin_lo(b smallint) RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
     SELECT (CASE WHEN b < 60 THEN b * 2 WHEN b < 156 THEN 120 + (b - 60) * 5 WHEN b < 236 THEN 600 + (b - 156) * 15
                  WHEN b < 326 THEN 1800 + (b - 236) * 60 WHEN b < 458 THEN 7200 + (b - 326) * 600 ELSE 86400 END)::float8 $$`,
  `CREATE FUNCTION stats_bin_width(b smallint) RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
     SELECT (CASE WHEN b < 60 THEN 2 WHEN b < 156 THEN 5 WHEN b < 236 THEN 15 WHEN b < 326 THEN 60 WHEN b < 458 THEN 600 ELSE 0 END)::float8 $$`,
  /* the share of a bin's responses within a threshold (uniform within the bin) */
  `CREATE FUNCTION stats_within(b smallint, threshold float8) RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
     SELECT CASE WHEN threshold IS NULL THEN NULL WHEN stats_bin_width(b) = 0 THEN (stats_bin_lo(b) <= threshold)::int::float8
                 ELSE least(greatest((threshold - stats_bin_lo(b)) / stats_bin_width(b), 0), 1) END $$`,
  /*
   * An incident's measures by breakdown ("view": t total, h hour of day, y type): 0 counts the incident,
   * 1–5 are call-taking, processing, first arrival, response and full plan.
   */
  `CREATE FUNCTION response_incident_measures(call_at timestamptz, type text, ct real, pr real, fa real, rs real, fp real)
     RETURNS TABLE (view text, key text, measure smallint, kind text, bin smallint) LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
     SELECT m.view, CASE m.view WHEN 'h' THEN extract(hour FROM call_at AT TIME ZONE '${TZ}')::int::text WHEN 'y' THEN type ELSE '' END,
            m.measure::smallint, ''::text, stats_bin(m.x)
       FROM (VALUES ('t', 0, 0::real), ('t', 1, ct), ('t', 2, pr), ('t', 3, fa), ('t', 4, rs), ('t', 5, fp),
                    ('h', 0, 0::real), ('h', 2, pr), ('h', 3, fa), ('y', 0, 0::real), ('y', 2, pr), ('y', 3, fa)) m (view, measure, x)
      WHERE m.x IS NOT NULL $$`,
  /*
   * A unit response's measures by breakdown (t, h, s station, u unit): 10 counts the response, 11–14 are
   * acknowledgement, turnout (by the unit's kind: each kind has its standard), travel and order to scene.
   */
  `CREATE FUNCTION response_unit_measures(call_at timestamptz, kind text, station_id int, station_code text, unit_id int, unit_code text,
                                          ak real, tu real, tr real, os real)
     RETURNS TABLE (view text, key text, measure smallint, kind text, bin smallint) LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
     SELECT m.view, CASE m.view WHEN 'h' THEN extract(hour FROM call_at AT TIME ZONE '${TZ}')::int::text
                                WHEN 's' THEN coalesce('i:' || station_id, 'c:' || station_code, '')
                                WHEN 'u' THEN coalesce('i:' || unit_id, 'c:' || unit_code || chr(31) || coalesce(station_code, '') || chr(31) || coalesce(kind, ''))
                                ELSE '' END,
            m.measure::smallint, CASE WHEN m.measure = 12 THEN coalesce(kind, '') ELSE '' END, stats_bin(m.x)
       FROM (VALUES ('t', 10, 0::real), ('t', 11, ak), ('t', 12, tu), ('t', 13, tr), ('t', 14, os), ('h', 10, 0::real), ('h', 12, tu),
                    ('s', 10, 0::real), ('s', 11, ak), ('s', 12, tu), ('s', 13, tr), ('u', 10, 0::real), ('u', 11, ak), ('u', 12, tu), ('u', 13, tr)) m (view, measure, x)
      WHERE m.x IS NOT NULL $$`,
  /*
   * Where a response's cells are kept: every view by local month for the province (p), its city (c)
   * and, for the total and type views, its county (x); the total view also by local day for the
   * province and the city. Geo 0: none (an incident outside every county).
   */
  `CREATE FUNCTION response_cell_places(view text, call_at timestamptz, city int, county int)
     RETURNS TABLE (grain text, at date, level text, geo int, city int) LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
     SELECT g.grain, CASE g.grain WHEN 'm' THEN date_trunc('month', t.l)::date ELSE t.l::date END, p.level, p.geo, p.city
       FROM (SELECT call_at AT TIME ZONE '${TZ}' AS l) t, (VALUES ('m'), ('d')) g (grain),
            (VALUES ('p', 0, 0), ('c', coalesce(city, 0), coalesce(city, 0)), ('x', coalesce(county, 0), coalesce(city, 0))) p (level, geo, city)
      WHERE (g.grain = 'm' OR (view = 't' AND p.level <> 'x')) AND (p.level <> 'x' OR view IN ('t', 'y')) $$`,
];

/**
 * The cells of a set of fact rows (`src`, with a column `sign`: +1 added, -1 taken away), added to the
 * rollup; a cell whose changes cancel out (an update that moved nothing) is not touched. In key order,
 * so that two transactions adding to the same cells wait for each other instead of deadlocking.
 */
export function addCells(src: string, table: 'incident' | 'unit', ordered = true): string {
  const measures =
    table === 'incident'
      ? 'response_incident_measures(r.call_at, r.type, r.call_taking_s, r.processing_s, r.first_arrival_s, r.response_s, r.full_plan_s)'
      : 'response_unit_measures(r.call_at, r.kind, r.station_id, r.station_code, r.unit_id, r.unit_code, r.ack_s, r.turnout_s, r.travel_s, r.order_to_scene_s)';
  return `INSERT INTO response_cell (view, level, grain, geo, at, origin, key, measure, kind, bin, city, n)
    SELECT m.view, p.level, p.grain, p.geo, p.at, r.origin, m.key, m.measure, m.kind, m.bin, min(p.city), sum(r.sign)
      FROM ${src} r CROSS JOIN LATERAL ${measures} m CROSS JOIN LATERAL response_cell_places(m.view, r.call_at, r.city_adcode, r.county_adcode) p
     GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 HAVING sum(r.sign) <> 0 ${ordered ? 'ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10' : ''}
    ON CONFLICT (view, level, grain, geo, at, origin, key, measure, kind, bin) DO UPDATE SET n = response_cell.n + excluded.n`;
}

/** The trigger function that keeps a table's cells; `guard`: plpgsql run first (a later migration's hold). */
export function triggerFunction(table: 'incident' | 'unit', guard = ''): string {
  const changes = (parts: string[]) => `(${parts.join(' UNION ALL ')})`;
  return `CREATE OR REPLACE FUNCTION response_${table}_cells() RETURNS trigger LANGUAGE plpgsql SET work_mem = '256MB' AS $$
     BEGIN${guard ? `\n       ${guard}` : ''}
       IF TG_OP = 'INSERT' THEN ${addCells(changes(['SELECT *, 1 AS sign FROM new_rows']), table)};
       ELSIF TG_OP = 'DELETE' THEN ${addCells(changes(['SELECT *, -1 AS sign FROM old_rows']), table)};
       ELSE ${addCells(changes(['SELECT *, -1 AS sign FROM old_rows', 'SELECT *, 1 AS sign FROM new_rows']), table)};
       END IF;
       RETURN NULL;
     END $$`;
}

function trigger(table: 'incident' | 'unit'): string[] {
  const fn = `response_${table}_cells`;
  return [
    triggerFunction(table),
    `CREATE TRIGGER ${fn}_insert AFTER INSERT ON response_${table} REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
    `CREATE TRIGGER ${fn}_update AFTER UPDATE ON response_${table} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
    `CREATE TRIGGER ${fn}_delete AFTER DELETE ON response_${table} REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
  ];
}

export class ResponseCells1764400001800 implements MigrationInterface {
  name = 'ResponseCells1764400001800';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of FUNCTIONS) await q.query(sql);
    await q.query(`
      CREATE TABLE response_cell (
        view text NOT NULL,
        level text NOT NULL,
        grain text NOT NULL,
        geo integer NOT NULL,
        at date NOT NULL,
        origin text NOT NULL,
        key text NOT NULL,
        measure smallint NOT NULL,
        kind text NOT NULL,
        bin smallint NOT NULL,
        city integer NOT NULL,
        n integer NOT NULL,
        PRIMARY KEY (view, level, grain, geo, at, origin, key, measure, kind, bin)
      )`);
    // the county breakdown of a city reads its counties' cells
    await q.query("CREATE INDEX response_cell_city_idx ON response_cell (view, level, grain, city, at) WHERE level = 'x'");
    // the slowest incidents of a period: read from the slowest down
    await q.query('CREATE INDEX response_incident_response_idx ON response_incident (response_s) WHERE response_s IS NOT NULL');
    // the record already there (a demo's months, a centre's imports): its cells, once
    await q.query(`SET LOCAL work_mem = '1GB'`);
    await q.query(`SET LOCAL statement_timeout = 0`); // a centre with years of imports: minutes, once
    await q.query(addCells('(SELECT *, 1 AS sign FROM response_incident)', 'incident', false));
    await q.query(addCells('(SELECT *, 1 AS sign FROM response_unit)', 'unit', false));
    for (const sql of [...trigger('incident'), ...trigger('unit')]) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['incident', 'unit']) {
      for (const op of ['insert', 'update', 'delete']) await q.query(`DROP TRIGGER response_${t}_cells_${op} ON response_${t}`);
      await q.query(`DROP FUNCTION response_${t}_cells()`);
    }
    await q.query('DROP INDEX response_incident_response_idx');
    await q.query('DROP TABLE response_cell');
    await q.query(
      'DROP FUNCTION response_cell_places, response_unit_measures, response_incident_measures, stats_within, stats_bin_width, stats_bin_lo, stats_bin',
    );
  }
}

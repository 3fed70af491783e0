import type { PlaceCandidate, PlaceInput } from '@gan119/places';
import { normalizeName } from '@gan119/places';
import { DataSource, EntityManager } from 'typeorm';

export type StoredPlace = PlaceCandidate & { kind: string; address: string | null };
export type AreaRow = { adcode: number; name: string; level: 'province' | 'city' | 'county'; parentAdcode: number | null; lon: number; lat: number };

// the gazetteer's own places: by text (trigrams: contained, alike as a whole or as a word) or by pinyin initials
const BY_TEXT = `
  SELECT kind, name, aliases, address, city_adcode AS "cityAdcode", county_adcode AS "countyAdcode", ST_X(geom) AS lon, ST_Y(geom) AS lat
    FROM place
   WHERE search_text LIKE '%' || $1 || '%' OR search_text % $1 OR $1 <% search_text
   ORDER BY greatest(similarity(search_text, $1), word_similarity($1, search_text)) DESC LIMIT $2`;
const BY_INITIALS = `
  SELECT kind, name, aliases, address, city_adcode AS "cityAdcode", county_adcode AS "countyAdcode", ST_X(geom) AS lon, ST_Y(geom) AS lat
    FROM place WHERE initials LIKE '%' || $1 || '%' ORDER BY length(initials), id LIMIT $2`;
// what the system knew before the gazetteer: key units, stations, roads (each name once, with its district)
const OTHERS = `
  WITH q AS (SELECT '%' || replace(replace(replace($1, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%' AS pat)
  (SELECT 'key_unit' AS kind, k.name, NULL::text AS address, a.parent_adcode AS "cityAdcode", k.county_adcode AS "countyAdcode",
          ST_X(ST_PointOnSurface(k.geom)) AS lon, ST_Y(ST_PointOnSurface(k.geom)) AS lat
     FROM key_unit k LEFT JOIN admin_area a ON a.adcode = k.county_adcode, q WHERE k.name ILIKE q.pat LIMIT 10)
  UNION ALL
  (SELECT 'station', s.name, NULL, s.city_adcode, s.county_adcode, ST_X(s.geom), ST_Y(s.geom) FROM station s, q WHERE s.name ILIKE q.pat LIMIT 10)
  UNION ALL
  (SELECT 'road', r.name, NULL, c.parent_adcode, c.adcode, ST_X(r.geom), ST_Y(r.geom)
     FROM (SELECT r.name, r.geom FROM road_name r, q WHERE r.name ILIKE q.pat ORDER BY r.name LIMIT 20) r
     LEFT JOIN LATERAL (SELECT adcode, parent_adcode FROM admin_area WHERE level = 'county' AND ST_Contains(geom, r.geom) LIMIT 1) c ON true)`;

/** SQL for the gazetteer: the places, what else has a name (key units, stations, roads), the areas, reverse look-up, imports. */
export class PlacesRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  /** Places whose names, aliases or address contain or resemble the text (normalized), or whose initials contain it. */
  async byText(rest: string, latin: boolean, limit = 200): Promise<StoredPlace[]> {
    if (latin) return (await this.db.query(BY_INITIALS, [rest, limit])) as StoredPlace[];
    // a typo in a short Chinese name leaves few trigrams in common: lower the word-likeness bar for this query only
    return this.db.transaction(async (tx) => {
      await tx.query(`SELECT set_config('pg_trgm.word_similarity_threshold', '0.3', true)`);
      return (await tx.query(BY_TEXT, [rest, limit])) as StoredPlace[];
    });
  }

  /** Key units, stations and road names containing the text. */
  async others(text: string): Promise<StoredPlace[]> {
    return (await this.db.query(OTHERS, [text])) as StoredPlace[];
  }

  /** Cities and counties with their seats (where a district result is placed, never a corner of it). */
  async areas(): Promise<AreaRow[]> {
    return (await this.db.query(
      `SELECT adcode, name, level, parent_adcode AS "parentAdcode", ST_X(coalesce(seat, ST_PointOnSurface(geom))) AS lon, ST_Y(coalesce(seat, ST_PointOnSurface(geom))) AS lat
         FROM admin_area ORDER BY adcode`,
    )) as AreaRow[];
  }

  /** What is at a point: the nearest gazetteer place and named road (within 500 m), and its city and county. */
  async reverse(
    lon: number,
    lat: number,
  ): Promise<{
    place: { name: string; kind: string; address: string | null; distanceM: number } | null;
    road: { name: string; distanceM: number } | null;
    cityAdcode: number | null;
    countyAdcode: number | null;
  }> {
    const [r] = (await this.db.query(
      `WITH p AS (SELECT ST_SetSRID(ST_MakePoint($1, $2), 4326) AS g)
       SELECT (SELECT json_build_object('name', x.name, 'kind', x.kind, 'address', x.address, 'distanceM', round(ST_Distance(x.geom::geography, p.g::geography)))
                 FROM place x WHERE ST_DWithin(x.geom, p.g, 0.005) ORDER BY x.geom <-> p.g LIMIT 1) AS place,
              (SELECT json_build_object('name', e.name, 'distanceM', round(ST_Distance(e.geom::geography, p.g::geography)))
                 FROM road_edge e WHERE ST_DWithin(e.geom, p.g, 0.005) AND e.name IS NOT NULL AND e.name <> '' ORDER BY e.geom <-> p.g LIMIT 1) AS road,
              (SELECT adcode FROM admin_area WHERE level = 'city' AND ST_Contains(geom, p.g) LIMIT 1) AS "cityAdcode",
              (SELECT adcode FROM admin_area WHERE level = 'county' AND ST_Contains(geom, p.g) LIMIT 1) AS "countyAdcode"
         FROM p`,
      [lon, lat],
    )) as Array<{
      place: { name: string; kind: string; address: string | null; distanceM: number } | null;
      road: { name: string; distanceM: number } | null;
      cityAdcode: number | null;
      countyAdcode: number | null;
    }>;
    return r;
  }

  /**
   * Replaces every place of a source with these, in the caller's transaction: each gets its city and
   * county from its point; a point outside the province (beyond 1 km of it) refuses the whole import,
   * naming the rows. Returns how many were stored.
   */
  async replaceSource(source: string, places: readonly PlaceInput[], demo: boolean): Promise<{ stored: number; outside: string[] }> {
    await this.db.query('DELETE FROM place WHERE source = $1', [source]);
    let stored = 0;
    const outside: string[] = [];
    for (let i = 0; i < places.length; i += 5000) {
      const batch = places.slice(i, i + 5000);
      const rows = (await this.db.query(
        `WITH t AS (
           SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::float8[], $8::float8[], $9::text[], $10::float8[], $11::float8[], $12::text[])
             AS t(ref, kind, name, aliases, address, initials, lon, lat, crs, olon, olat, search)),
         located AS (
           SELECT t.*, ST_SetSRID(ST_MakePoint(t.lon, t.lat), 4326) AS g FROM t),
         inside AS (
           SELECT l.*, (SELECT adcode FROM admin_area WHERE level = 'city' AND ST_Contains(geom, l.g) LIMIT 1) AS city,
                  (SELECT adcode FROM admin_area WHERE level = 'county' AND ST_Contains(geom, l.g) LIMIT 1) AS county,
                  EXISTS (SELECT 1 FROM admin_area WHERE level = 'province' AND ST_DWithin(geom::geography, l.g::geography, 1000)) AS served
             FROM located l),
         ins AS (
           INSERT INTO place (kind, name, aliases, address, initials, search_text, city_adcode, county_adcode, geom, original_crs, original_lon, original_lat, source, demo)
           SELECT kind, name, string_to_array(aliases, chr(31)), nullif(address, ''), initials, search, city, county, g, crs, olon, olat, $13, $14 FROM inside WHERE served
           RETURNING 1)
         SELECT (SELECT count(*)::int FROM ins) AS stored, (SELECT coalesce(array_agg(ref), '{}') FROM inside WHERE NOT served) AS outside`,
        [
          batch.map((p) => p.ref),
          batch.map((p) => p.kind),
          batch.map((p) => p.name),
          batch.map((p) => p.aliases.join('\u001f')),
          batch.map((p) => p.address ?? ''),
          batch.map((p) => p.initials),
          batch.map((p) => p.lon),
          batch.map((p) => p.lat),
          batch.map((p) => p.crs),
          batch.map((p) => p.originalLon),
          batch.map((p) => p.originalLat),
          batch.map((p) => normalizeName([p.name, ...p.aliases, p.address ?? ''].join(' '))),
          source,
          demo,
        ],
      )) as Array<{ stored: number; outside: string[] }>;
      stored += rows[0].stored;
      outside.push(...rows[0].outside);
    }
    return { stored, outside };
  }

  async countBySource(): Promise<Array<{ source: string; demo: boolean; places: number; importedAt: string }>> {
    return (await this.db.query(
      `SELECT source, bool_and(demo) AS demo, count(*)::int AS places, max(imported_at) AS "importedAt" FROM place GROUP BY source ORDER BY source`,
    )) as Array<{ source: string; demo: boolean; places: number; importedAt: string }>;
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The gazetteer (地名地址库): addresses, 小区 and buildings, schools, hospitals, villages, POIs, each
 * with aliases, its district (from its point) and pinyin initials; trigram indexes make the
 * forgiving search fast (pg_trgm works on CJK text in a UTF-8 database).
 */
export class Places1764400000900 implements MigrationInterface {
  name = 'Places1764400000900';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    await q.query(`
      CREATE TABLE place (
        id serial PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('address', 'residential', 'building', 'poi', 'school', 'hospital', 'village', 'other')),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        aliases text[] NOT NULL DEFAULT '{}',
        address text,
        initials text NOT NULL DEFAULT '',
        -- what the text search compares: name, aliases and address, normalized
        search_text text NOT NULL,
        city_adcode integer REFERENCES admin_area (adcode),
        county_adcode integer REFERENCES admin_area (adcode),
        geom geometry(Point, 4326) NOT NULL,
        original_crs text NOT NULL CHECK (original_crs IN ('WGS84', 'GCJ02', 'BD09')),
        original_lon double precision NOT NULL,
        original_lat double precision NOT NULL,
        source text NOT NULL,
        demo boolean NOT NULL DEFAULT false,
        imported_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query('CREATE INDEX place_search_trgm ON place USING gin (search_text gin_trgm_ops)');
    await q.query('CREATE INDEX place_initials_trgm ON place USING gin (initials gin_trgm_ops)');
    await q.query('CREATE INDEX place_geom_idx ON place USING gist (geom)');
    await q.query('CREATE INDEX place_source_idx ON place (source)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE place');
  }
}

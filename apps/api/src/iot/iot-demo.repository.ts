import type { Queryable } from '../infra/db/unit-of-work';

/**
 * The demo terminals, generated in the database (set-based INSERT … SELECT, not a row at a time):
 * buildings around the demo gazetteer's places and at the key units, devices floor by floor in them,
 * pressure sensors on some hydrants. Everything marked demo and replaced as a whole.
 */
export class IotDemoRepository {
  constructor(private readonly db: Queryable) {}

  async clear(): Promise<void> {
    await this.db.query('DELETE FROM iot_notice WHERE building_id IN (SELECT id FROM iot_building WHERE demo)');
    await this.db.query('DELETE FROM iot_alarm WHERE device_id IN (SELECT id FROM iot_device WHERE demo)');
    await this.db.query('DELETE FROM iot_device WHERE demo');
    await this.db.query('DELETE FROM iot_building WHERE demo');
  }

  async buildings(count: number): Promise<number> {
    const [r] = (await this.db.query(
      `WITH src AS (
         SELECT p.name, p.address, NULL::int AS key_unit_id, p.city_adcode, p.county_adcode, p.geom FROM place p WHERE p.demo AND p.kind IN ('residential', 'building', 'school', 'hospital', 'poi')
         UNION ALL
         SELECT k.name, NULL, k.id, NULL, k.county_adcode, ST_PointOnSurface(k.geom) FROM key_unit k
       ), numbered AS (SELECT src.*, row_number() OVER (ORDER BY name) - 1 AS i, count(*) OVER () AS n FROM src),
       ins AS (
         INSERT INTO iot_building (name, address, key_unit_id, duty_contact, floors, city_adcode, county_adcode, demo, geom)
         SELECT s.name || CASE WHEN s.key_unit_id IS NULL THEN (g.k + 1)::text || '栋' ELSE '' END, s.address, s.key_unit_id,
                jsonb_build_object('name', '消防控制室值班员', 'phone', '1' || (3 + (g.k + s.i) % 7)::text || lpad(((((g.k + 1) * 7919 + (s.i + 1) * 104729)) % 1000000000)::text, 9, '0')),
                CASE WHEN (g.k + s.i) % 5 = 0 THEN 18 + ((g.k + s.i) % 15)::int ELSE 3 + ((g.k + s.i) % 6)::int END,
                coalesce(s.city_adcode, (SELECT parent_adcode FROM admin_area WHERE adcode = s.county_adcode)), s.county_adcode, true,
                ST_Translate(s.geom, ((g.k % 9) - 4) * 0.0006, (((g.k / 9) % 9) - 4) * 0.0006)
           FROM numbered s CROSS JOIN LATERAL generate_series(0, CASE WHEN s.key_unit_id IS NULL THEN ceil($1::float8 / s.n)::int ELSE 0 END) AS g(k)
          LIMIT $1
         RETURNING 1)
       SELECT count(*)::int AS n FROM ins`,
      [count],
    )) as Array<{ n: number }>;
    return r.n;
  }

  /** `perBuilding` devices in the demo buildings `ids` (inclusive), numbered from the first demo building `first`: SD000000001 is the first building's transmission device. Heartbeats every hour (transmission devices every minute). */
  async devices(perBuilding: number, ids: [number, number], first: number): Promise<number> {
    const [r] = (await this.db.query(
      `WITH ins AS (
         INSERT INTO iot_device (id, kind, building_id, floor, heartbeat_s, installed_on, owner_contact, demo, geom)
         SELECT 'SD' || lpad(((b.id - $4) * $1 + g.n + 1)::text, 9, '0'), kind, b.id, 1 + (g.n % b.floors), CASE WHEN kind = 'uitd' THEN 60 ELSE 3600 END,
                DATE '2024-01-01' + ((b.id + g.n) % 700), b.duty_contact, true, ST_Translate(b.geom, (g.n % 5) * 0.00004, (g.n / 5 % 5) * 0.00004)
           FROM iot_building b CROSS JOIN generate_series(0, $1 - 1) AS g(n)
           CROSS JOIN LATERAL (SELECT ((hashint4((b.id - $4) * 1000 + g.n)::bigint & 65535) / 65536.0) AS r) h
           -- kinds by share of a building's devices; the first device of each building is its transmission device
           CROSS JOIN LATERAL (SELECT CASE WHEN g.n = 0 THEN 'uitd'
                                   WHEN r < 0.70 THEN 'smoke' WHEN r < 0.78 THEN 'heat' WHEN r < 0.83 THEN 'gas'
                                   WHEN r < 0.91 THEN 'manual_call_point' WHEN r < 0.96 THEN 'sprinkler' ELSE 'electrical_fire' END AS kind) k
          WHERE b.demo AND b.id BETWEEN $2 AND $3
         RETURNING 1)
       SELECT count(*)::int AS n FROM ins`,
      [perBuilding, ...ids, first],
    )) as Array<{ n: number }>;
    return r.n;
  }

  async buildingIdRange(): Promise<[number, number]> {
    const [r] = (await this.db.query('SELECT coalesce(min(id), 0) AS lo, coalesce(max(id), -1) AS hi FROM iot_building WHERE demo')) as Array<{
      lo: number;
      hi: number;
    }>;
    return [r.lo, r.hi];
  }

  /** Pressure sensors on the first `count` demo hydrants (a dry hydrant is then no longer offered). */
  async hydrantSensors(count: number): Promise<number> {
    const [r] = (await this.db.query(
      `WITH ins AS (
         INSERT INTO iot_device (id, kind, water_source_id, heartbeat_s, demo, geom)
         SELECT 'HP' || lpad(w.id::text, 9, '0'), 'hydrant_pressure', w.id, 3600, true, w.geom FROM water_source w WHERE w.kind = 'hydrant' AND w.demo ORDER BY w.id LIMIT $1
         RETURNING 1)
       SELECT count(*)::int AS n FROM ins`,
      [count],
    )) as Array<{ n: number }>;
    return r.n;
  }

  /** Transmission devices answer to their number as GB/T 26875.3 address; the first one to `address` (the public examples'). */
  async addressFirstUitd(address: string): Promise<void> {
    await this.db.query(`UPDATE iot_device SET gb_address = ltrim(substr(id, 3), '0') WHERE demo AND kind = 'uitd' AND gb_address IS NULL`);
    await this.db.query(`UPDATE iot_device SET gb_address = NULL WHERE gb_address = $1 AND demo`, [address]);
    await this.db.query(`UPDATE iot_device SET gb_address = $1 WHERE id = (SELECT min(id) FROM iot_device WHERE demo AND kind = 'uitd')`, [address]);
  }

  /** Removes the demo hydrant sensors (their alarms and notices first); answers how many there were. */
  async clearHydrantSensors(): Promise<number> {
    await this.db.query("DELETE FROM iot_alarm WHERE device_id IN (SELECT id FROM iot_device WHERE demo AND kind = 'hydrant_pressure')");
    await this.db.query("DELETE FROM iot_notice WHERE device_id IN (SELECT id FROM iot_device WHERE demo AND kind = 'hydrant_pressure')");
    const [r] = (await this.db.query(
      "WITH d AS (DELETE FROM iot_device WHERE demo AND kind = 'hydrant_pressure' RETURNING 1) SELECT count(*)::int AS n FROM d",
    )) as Array<{ n: number }>;
    return r.n;
  }

  /**
   * What a monitoring centre sees on an ordinary day: a few faults and low batteries, and one
   * building (and a handful of single devices) that will fall silent — the demo simulator heartbeats
   * every other demo terminal.
   */
  async troubles(): Promise<void> {
    await this.db.query(
      `UPDATE iot_device SET fault = 'GB/T 26875.3: main power fault', trouble_since = now() - interval '3 hours' WHERE demo AND kind = 'uitd' AND id LIKE 'SD%' AND (substr(id, 3)::int - 1) / 20 % 2003 = 5`,
    );
    await this.db.query(
      `UPDATE iot_device SET battery_low = true, trouble_since = now() - interval '2 days' WHERE demo AND kind = 'smoke' AND substr(id, 3)::int % 20011 = 7`,
    );
    await this.db.query(
      `UPDATE iot_device SET owner_contact = owner_contact || '{"demo": "quiet"}' WHERE demo AND (building_id = (SELECT id FROM iot_building WHERE demo ORDER BY id OFFSET 6 LIMIT 1) OR substr(id, 3)::int % 99991 = 11)`,
    );
  }

  async count(): Promise<number> {
    const [r] = (await this.db.query('SELECT count(*)::int AS n FROM iot_device WHERE demo')) as Array<{ n: number }>;
    return r.n;
  }

  async analyze(): Promise<void> {
    await this.db.query('ANALYZE iot_building');
    await this.db.query('ANALYZE iot_device');
  }
}

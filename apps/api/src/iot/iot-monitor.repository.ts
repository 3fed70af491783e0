import type { BuildingTrouble, IotSummary } from '@gan119/iot';
import type { Queryable } from '../infra/db/unit-of-work';

export type Cell = { lon: number; lat: number; devices: number; offline: number; alarms: number };

/** What the monitoring centre (监控中心) reads: troubles by building, counts, and the terminals as map cells. */
export class IotMonitorRepository {
  constructor(private readonly db: Queryable) {}

  /** Buildings with offline, faulty, low-battery or tampered devices, the longest waiting first. */
  async troubles(area: number | null, limit = 200): Promise<BuildingTrouble[]> {
    return (await this.db.query(
      `SELECT b.id AS "buildingId", b.name AS building, b.city_adcode AS "cityAdcode", b.county_adcode AS "countyAdcode", coalesce(b.duty_contact, '{}') AS "dutyContact",
              count(*) FILTER (WHERE d.state = 'offline')::int AS offline, count(*) FILTER (WHERE d.fault IS NOT NULL)::int AS faults,
              count(*) FILTER (WHERE d.battery_low)::int AS "lowBattery", count(*) FILTER (WHERE d.tampered)::int AS tampered,
              min(least(d.offline_since, d.trouble_since)) AS since,
              (json_agg(json_build_object('id', d.id, 'kind', d.kind, 'floor', d.floor, 'state', d.state, 'fault', d.fault, 'batteryLow', d.battery_low,
                 'tampered', d.tampered, 'since', least(d.offline_since, d.trouble_since)) ORDER BY d.id)) AS devices
         FROM iot_device d LEFT JOIN iot_building b ON b.id = d.building_id
        WHERE (d.state = 'offline' OR d.fault IS NOT NULL OR d.battery_low OR d.tampered) AND ($1::int IS NULL OR $1 = 360000 OR $1 IN (b.city_adcode, b.county_adcode))
        GROUP BY b.id ORDER BY since LIMIT $2`,
      [area, limit],
    )) as BuildingTrouble[];
  }

  /** The counts for the tiles: one pass over the devices and one over the open and the day's alarms, within a city or county when given. */
  async summary(area: number | null): Promise<IotSummary> {
    const [r] = (await this.db.query(
      `WITH d AS (
         SELECT count(*)::int AS devices, count(*) FILTER (WHERE d.state = 'offline')::int AS offline, count(*) FILTER (WHERE d.fault IS NOT NULL)::int AS faults,
                count(*) FILTER (WHERE d.battery_low)::int AS "lowBattery"
           FROM iot_device d LEFT JOIN iot_building b ON b.id = d.building_id WHERE ($1::int IS NULL OR $1 = 360000 OR $1 IN (b.city_adcode, b.county_adcode))
       ), a AS (
         SELECT count(*) FILTER (WHERE a.state = 'to_verify')::int AS "toVerify",
                count(*) FILTER (WHERE a.state = 'confirmed' AND a.raised_at > now() - interval '24 hours')::int AS "confirmed24h",
                count(*) FILTER (WHERE a.state = 'cancelled' AND a.raised_at > now() - interval '24 hours')::int AS "cancelled24h"
           FROM iot_alarm a LEFT JOIN iot_building b ON b.id = a.building_id
          WHERE (a.state = 'to_verify' OR a.raised_at > now() - interval '24 hours') AND ($1::int IS NULL OR $1 = 360000 OR $1 IN (b.city_adcode, b.county_adcode))
       )
       SELECT * FROM d, a`,
      [area],
    )) as IotSummary[];
    return r;
  }

  /**
   * The terminals in a box as grid cells (a million points never go to the browser): buildings weighted
   * by the devices they hold, devices outside buildings, the offline and those with an open alarm, each
   * cell at its centre of mass.
   */
  async cells(box: [number, number, number, number], cellDeg: number): Promise<Cell[]> {
    return (await this.db.query(
      `WITH env AS (SELECT ST_MakeEnvelope($1, $2, $3, $4, 4326) AS g),
            pts AS (
              SELECT b.geom, b.devices, 0 AS off, 0 AS al FROM iot_building b, env WHERE b.geom && env.g AND b.devices > 0
              UNION ALL SELECT d.geom, 1, 0, 0 FROM iot_device d, env WHERE d.building_id IS NULL AND d.geom && env.g
              UNION ALL SELECT d.geom, 0, 1, 0 FROM iot_device d, env WHERE d.state = 'offline' AND d.geom && env.g
              UNION ALL SELECT d.geom, 0, 0, 1 FROM iot_alarm a JOIN iot_device d ON d.id = a.device_id, env
                         WHERE a.state IN ('to_verify', 'confirmed') AND a.raised_at > now() - interval '24 hours' AND d.geom && env.g)
       SELECT coalesce(sum(ST_X(geom) * devices) / nullif(sum(devices), 0), avg(ST_X(geom))) AS lon,
              coalesce(sum(ST_Y(geom) * devices) / nullif(sum(devices), 0), avg(ST_Y(geom))) AS lat,
              sum(devices)::int AS devices, sum(off)::int AS offline, sum(al)::int AS alarms
         FROM pts GROUP BY floor(ST_X(geom) / $5), floor(ST_Y(geom) / $5) LIMIT 5000`,
      [...box, cellDeg],
    )) as Cell[];
  }

  /**
   * The offline scan: devices silent for 3 × their heartbeat interval go offline; a building with
   * `buildingThreshold` or more going at once is one notice, the rest a notice each. Answers the counts.
   */
  async scanOffline(intervals: number, buildingThreshold: number): Promise<{ wentOffline: number; buildingNotices: number; deviceNotices: number }> {
    const [r] = (await this.db.query(
      `WITH off AS (
         UPDATE iot_device SET state = 'offline', offline_since = now()
          WHERE state = 'online' AND last_seen < now() - make_interval(secs => 1) * heartbeat_s * $1
         RETURNING id, building_id),
       per AS (SELECT building_id, count(*)::int AS n, min(id) AS one FROM off GROUP BY building_id),
       nb AS (INSERT INTO iot_notice (kind, building_id, devices) SELECT 'building_offline', building_id, n FROM per WHERE building_id IS NOT NULL AND n >= $2 RETURNING 1),
       nd AS (INSERT INTO iot_notice (kind, building_id, device_id) SELECT 'device_offline', o.building_id, o.id FROM off o JOIN per p ON p.building_id IS NOT DISTINCT FROM o.building_id
               WHERE o.building_id IS NULL OR p.n < $2 RETURNING 1)
       SELECT (SELECT count(*) FROM off)::int AS "wentOffline", (SELECT count(*) FROM nb)::int AS "buildingNotices", (SELECT count(*) FROM nd)::int AS "deviceNotices"`,
      [intervals, buildingThreshold],
    )) as Array<{ wentOffline: number; buildingNotices: number; deviceNotices: number }>;
    return r;
  }

  /** Devices the record takes for silent (online, last heard longer ago than `intervals` × their heartbeat): the offline scan's candidates. */
  async silent(intervals: number, limit: number): Promise<Array<{ id: string; demo: boolean; quiet: boolean }>> {
    return (await this.db.query(
      `SELECT id, demo, coalesce(owner_contact->>'demo' = 'quiet', false) AS quiet FROM iot_device
        WHERE state = 'online' AND last_seen < now() - make_interval(secs => 1) * heartbeat_s * $1 LIMIT $2`,
      [intervals, limit],
    )) as Array<{ id: string; demo: boolean; quiet: boolean }>;
  }

  /** The last-seen Redis knows, written to the record for these devices (one statement). */
  async setLastSeen(seen: Array<[string, number]>): Promise<number> {
    if (!seen.length) return 0;
    const [r] = (await this.db.query(
      `WITH u AS (UPDATE iot_device d SET last_seen = greatest(d.last_seen, to_timestamp(s.ms / 1000.0))
                    FROM unnest($1::text[], $2::float8[]) AS s(id, ms) WHERE d.id = s.id RETURNING 1)
       SELECT count(*)::int AS n FROM u`,
      [seen.map((x) => x[0]), seen.map((x) => x[1])],
    )) as Array<{ n: number }>;
    return r.n;
  }

  /** Open notices (offline buildings and devices), newest first. */
  async notices(
    area: number | null,
    limit = 200,
  ): Promise<Array<{ id: number; kind: string; building: string | null; deviceId: string | null; devices: number; openedAt: string }>> {
    return (await this.db.query(
      `SELECT n.id, n.kind, b.name AS building, n.device_id AS "deviceId", n.devices, n.opened_at AS "openedAt"
         FROM iot_notice n LEFT JOIN iot_building b ON b.id = n.building_id WHERE n.closed_at IS NULL AND ($1::int IS NULL OR $1 = 360000 OR $1 IN (b.city_adcode, b.county_adcode)) ORDER BY n.id DESC LIMIT $2`,
      [area, limit],
    )) as Array<{ id: number; kind: string; building: string | null; deviceId: string | null; devices: number; openedAt: string }>;
  }

  /** Notices whose devices are all back online are closed. */
  async closeRecovered(): Promise<number> {
    const [r] = (await this.db.query(
      `WITH c AS (UPDATE iot_notice n SET closed_at = now() WHERE closed_at IS NULL AND NOT EXISTS (
          SELECT 1 FROM iot_device d WHERE d.state = 'offline' AND (d.id = n.device_id OR (n.kind = 'building_offline' AND d.building_id = n.building_id))) RETURNING 1)
       SELECT count(*)::int AS n FROM c`,
    )) as Array<{ n: number }>;
    return r.n;
  }
}

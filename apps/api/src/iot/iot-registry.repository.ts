import type { Queryable } from '../infra/db/unit-of-work';
import type { DeviceIn } from './device-rows';

/** The device registry: imported terminals and the buildings they name. */
export class IotRegistryRepository {
  constructor(private readonly db: Queryable) {}

  /** GB/T 26875.3 addresses already held by other devices than those named. */
  async addressesTaken(pairs: Array<{ id: string; gbAddress: string }>): Promise<Map<string, string>> {
    const rows = (await this.db.query(
      `SELECT d.gb_address AS "gbAddress", d.id FROM unnest($1::text[], $2::text[]) AS p(id, gb) JOIN iot_device d ON d.gb_address = p.gb AND d.id <> p.id`,
      [pairs.map((p) => p.id), pairs.map((p) => p.gbAddress)],
    )) as Array<{ gbAddress: string; id: string }>;
    return new Map(rows.map((r) => [r.gbAddress, r.id]));
  }

  /**
   * The buildings the file names (by name and address), created where new at their devices' centre,
   * with their district and the duty contact and height the file gives. Answers id by name|address.
   */
  async upsertBuildings(devices: DeviceIn[]): Promise<Map<string, number>> {
    const key = (d: DeviceIn) => `${d.building}|${d.address ?? ''}`;
    const byKey = new Map<string, DeviceIn[]>();
    for (const d of devices) byKey.set(key(d), [...(byKey.get(key(d)) ?? []), d]);
    const list = [...byKey.values()];
    const rows = (await this.db.query(
      `WITH input AS (
         SELECT * FROM unnest($1::text[], $2::text[], $3::float8[], $4::float8[], $5::int[], $6::text[], $7::text[]) AS u(name, address, lon, lat, floors, contact, phone)
       ), found AS (
         SELECT DISTINCT ON (i.name, i.address) i.name, i.address, b.id FROM input i
           JOIN iot_building b ON b.name = i.name AND coalesce(b.address, '') = coalesce(i.address, '') AND NOT b.demo ORDER BY i.name, i.address, b.id
       ), updated AS (
         UPDATE iot_building b SET floors = coalesce(i.floors, b.floors),
                duty_contact = CASE WHEN i.contact IS NULL AND i.phone IS NULL THEN b.duty_contact ELSE jsonb_strip_nulls(jsonb_build_object('name', i.contact, 'phone', i.phone)) END
           FROM found f JOIN input i ON i.name = f.name AND coalesce(i.address, '') = coalesce(f.address, '') WHERE b.id = f.id RETURNING b.id, b.name, b.address
       ), created AS (
         INSERT INTO iot_building (name, address, floors, duty_contact, geom, county_adcode, city_adcode)
         SELECT i.name, i.address, coalesce(i.floors, 1), jsonb_strip_nulls(jsonb_build_object('name', i.contact, 'phone', i.phone)), ST_SetSRID(ST_MakePoint(i.lon, i.lat), 4326),
                a.adcode, a.parent_adcode
           FROM input i LEFT JOIN admin_area a ON a.level = 'county' AND ST_Contains(a.geom, ST_SetSRID(ST_MakePoint(i.lon, i.lat), 4326))
          WHERE NOT EXISTS (SELECT 1 FROM found f WHERE f.name = i.name AND coalesce(f.address, '') = coalesce(i.address, ''))
         RETURNING id, name, address)
       SELECT id, name, address FROM updated UNION ALL SELECT id, name, address FROM created`,
      [
        list.map((ds) => ds[0].building),
        list.map((ds) => ds[0].address),
        list.map((ds) => ds.reduce((s, d) => s + d.lon, 0) / ds.length),
        list.map((ds) => ds.reduce((s, d) => s + d.lat, 0) / ds.length),
        list.map((ds) => ds.find((d) => d.floors !== null)?.floors ?? null),
        list.map((ds) => ds.find((d) => d.contactName)?.contactName ?? null),
        list.map((ds) => ds.find((d) => d.contactPhone)?.contactPhone ?? null),
      ],
    )) as Array<{ id: number; name: string; address: string | null }>;
    return new Map(rows.map((r) => [`${r.name}|${r.address ?? ''}`, r.id]));
  }

  /** The devices, inserted or updated by id, in one statement. Answers how many were new. */
  async upsertDevices(devices: DeviceIn[], buildingOf: (d: DeviceIn) => number): Promise<{ created: number; updated: number }> {
    const [r] = (await this.db.query(
      `WITH up AS (
         INSERT INTO iot_device (id, kind, building_id, floor, heartbeat_s, installed_on, gb_address, owner_contact, original_crs, original_lon, original_lat, geom)
         SELECT u.id, u.kind, u.building, u.floor, u.hb, u.installed, u.gb, jsonb_strip_nulls(jsonb_build_object('name', u.contact, 'phone', u.phone)), u.crs, u.olon, u.olat,
                ST_SetSRID(ST_MakePoint(u.lon, u.lat), 4326)
           FROM unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::int[], $6::date[], $7::text[], $8::text[], $9::text[], $10::text[], $11::float8[], $12::float8[], $13::float8[], $14::float8[])
             AS u(id, kind, building, floor, hb, installed, gb, contact, phone, crs, olon, olat, lon, lat)
         ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, building_id = excluded.building_id, floor = excluded.floor, heartbeat_s = excluded.heartbeat_s,
                installed_on = excluded.installed_on, gb_address = excluded.gb_address, owner_contact = excluded.owner_contact, original_crs = excluded.original_crs,
                original_lon = excluded.original_lon, original_lat = excluded.original_lat, geom = excluded.geom, demo = false
         RETURNING (xmax = 0) AS created)
       SELECT count(*) FILTER (WHERE created)::int AS created, count(*) FILTER (WHERE NOT created)::int AS updated FROM up`,
      [
        devices.map((d) => d.id),
        devices.map((d) => d.kind),
        devices.map(buildingOf),
        devices.map((d) => d.floor),
        devices.map((d) => d.heartbeatS),
        devices.map((d) => d.installedOn),
        devices.map((d) => d.gbAddress),
        devices.map((d) => d.contactName),
        devices.map((d) => d.contactPhone),
        devices.map((d) => d.crs),
        devices.map((d) => d.originalLon),
        devices.map((d) => d.originalLat),
        devices.map((d) => d.lon),
        devices.map((d) => d.lat),
      ],
    )) as Array<{ created: number; updated: number }>;
    return r;
  }

  /** Device counts per building again, for the buildings these devices moved between (the insert trigger counts only new rows). */
  async recount(): Promise<void> {
    await this.db.query(
      'UPDATE iot_building b SET devices = c.n FROM (SELECT b2.id, count(d.id)::int AS n FROM iot_building b2 LEFT JOIN iot_device d ON d.building_id = b2.id WHERE NOT b2.demo GROUP BY b2.id) c WHERE b.id = c.id AND b.devices <> c.n',
    );
  }
}

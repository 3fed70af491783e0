import { PROVINCE_ADCODE } from '@gan119/dispatch';
import type { Queryable } from '../infra/db/unit-of-work';

/** Where something is, for choosing the consoles that oversee it. */
export type Area = { cityAdcode: number | null; countyAdcode: number | null };

/** What the live feed reads to address its messages: units' homes and current incidents, an incident's area. */
export class FeedRepository {
  constructor(private readonly ds: Queryable) {}

  /** The home (station's city and county) of each unit. */
  async homes(unitIds: number[]): Promise<Array<{ id: number } & Area>> {
    return (await this.ds.query(
      'SELECT u.id, s.city_adcode AS "cityAdcode", s.county_adcode AS "countyAdcode" FROM unit u JOIN station s ON s.id = u.station_id WHERE u.id = ANY($1::int[])',
      [unitIds],
    )) as Array<{ id: number } & Area>;
  }

  /** The area of the incident each unit is actively assigned to (units on none are absent). */
  async activeIncidentAreas(unitIds: number[]): Promise<Array<{ unitId: number } & Area>> {
    return (await this.ds.query(
      `SELECT a.unit_id AS "unitId", i.city_adcode AS "cityAdcode", i.county_adcode AS "countyAdcode"
         FROM assignment a JOIN incident i ON i.id = a.incident_id WHERE a.status = 'active' AND a.unit_id = ANY($1::int[])`,
      [unitIds],
    )) as Array<{ unitId: number } & Area>;
  }

  /** Each unit's status and home, and its latest incident's area (active, or just left). */
  async statuses(
    unitIds: number[],
  ): Promise<Array<{ id: number; status: string; active: boolean | null; incidentCity: number | null; incidentCounty: number | null } & Area>> {
    return (await this.ds.query(
      `SELECT u.id, u.status, s.city_adcode AS "cityAdcode", s.county_adcode AS "countyAdcode",
              l.active, l.city AS "incidentCity", l.county AS "incidentCounty"
         FROM unit u JOIN station s ON s.id = u.station_id
         LEFT JOIN LATERAL (SELECT a.status = 'active' AS active, i.city_adcode AS city, i.county_adcode AS county
                              FROM assignment a JOIN incident i ON i.id = a.incident_id WHERE a.unit_id = u.id ORDER BY a.id DESC LIMIT 1) l ON true
        WHERE u.id = ANY($1::int[])`,
      [unitIds],
    )) as Array<{ id: number; status: string; active: boolean | null; incidentCity: number | null; incidentCounty: number | null } & Area>;
  }

  async incidentArea(incidentId: number): Promise<Area | null> {
    const rows = (await this.ds.query('SELECT city_adcode AS "cityAdcode", county_adcode AS "countyAdcode" FROM incident WHERE id = $1', [
      incidentId,
    ])) as Area[];
    return rows[0] ?? null;
  }

  /**
   * The units a console oversees: every one for the province's, else those of its city or county and
   * those sent to its incidents from elsewhere (the units whose changes it hears).
   */
  async overseenBy(jurisdiction: number): Promise<Array<{ id: number; status: string }>> {
    return (await this.ds.query(
      `SELECT u.id, u.status FROM unit u JOIN station s ON s.id = u.station_id
        WHERE $1::int = $2::int OR s.city_adcode = $1 OR s.county_adcode = $1
           OR EXISTS (SELECT 1 FROM assignment a JOIN incident i ON i.id = a.incident_id WHERE a.unit_id = u.id AND a.status = 'active' AND (i.city_adcode = $1 OR i.county_adcode = $1))
        ORDER BY u.id`,
      [jurisdiction, PROVINCE_ADCODE],
    )) as Array<{ id: number; status: string }>;
  }
}

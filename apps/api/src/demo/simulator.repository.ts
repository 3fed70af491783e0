import type { Queryable } from '../infra/db/unit-of-work';

/** A unit the demo simulator drives: where it is (last fix, else its station) and where it is going (its incident, or home). */
export type Moving = { id: number; status: string; lon: number; lat: number; toLon: number; toLat: number; since: string };

/** SQL of the demo simulator. */
export class SimulatorRepository {
  constructor(private readonly db: Queryable) {}

  /** Units on their way to an incident (dispatched or en route) or home (returning). */
  async moving(): Promise<Moving[]> {
    return (await this.db.query(
      `SELECT u.id, u.status, coalesce(p.lon, ST_X(s.geom)) AS lon, coalesce(p.lat, ST_Y(s.geom)) AS lat,
              CASE WHEN u.status = 'returning' THEN ST_X(s.geom) ELSE ST_X(i.geom) END AS "toLon",
              CASE WHEN u.status = 'returning' THEN ST_Y(s.geom) ELSE ST_Y(i.geom) END AS "toLat",
              (SELECT max(at) FROM unit_status_history h WHERE h.unit_id = u.id) AS since
         FROM unit u JOIN station s ON s.id = u.station_id
         LEFT JOIN assignment a ON a.unit_id = u.id AND a.status = 'active'
         LEFT JOIN incident i ON i.id = a.incident_id
         LEFT JOIN LATERAL (SELECT lon, lat FROM avl_position WHERE unit_id = u.id ORDER BY ts DESC LIMIT 1) p ON true
        WHERE (u.status IN ('dispatched', 'en_route') AND i.id IS NOT NULL) OR u.status = 'returning'`,
    )) as Moving[];
  }

  /** Of these units, those on an active assignment (the simulator drives them to their incident). */
  async onIncident(ids: number[]): Promise<Set<number>> {
    const rows = (await this.db.query(`SELECT unit_id AS id FROM assignment WHERE status = 'active' AND unit_id = ANY($1::int[])`, [ids])) as Array<{
      id: number;
    }>;
    return new Set(rows.map((r) => r.id));
  }
}

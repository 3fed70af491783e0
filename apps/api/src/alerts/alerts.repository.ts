import type { DeskAlert, DeskAlertKind, DeskAlertResolution } from '@gan119/dispatch';
import { DataSource, EntityManager } from 'typeorm';

const OPEN = `
  SELECT d.id, d.kind, d.incident_id AS "incidentId", d.unit_id AS "unitId", d.order_id AS "orderId", d.details, d.created_at AS "createdAt",
         u.name AS "unitName", u.code AS "unitCode", s.name AS "stationName", a.capability,
         i.type AS "incidentType", i.level AS "incidentLevel", i.address AS "incidentAddress",
         i.city_adcode AS "cityAdcode", i.county_adcode AS "countyAdcode"
    FROM desk_alert d
    JOIN unit u ON u.id = d.unit_id JOIN station s ON s.id = u.station_id
    JOIN incident i ON i.id = d.incident_id
    LEFT JOIN dispatch_order o ON o.id = d.order_id LEFT JOIN assignment a ON a.id = o.assignment_id
   WHERE d.resolved_at IS NULL`;

// an UPDATE's RETURNING comes back from TypeORM as [rows, count]: each is read through a CTE
const RESOLVED = `WITH r AS (UPDATE desk_alert SET resolved_at = now(), resolution = $1, resolved_by = $2 WHERE resolved_at IS NULL`;
const INCIDENTS = ` RETURNING incident_id) SELECT incident_id AS "incidentId" FROM r`;
const RESOLVE_FOR_ORDER = RESOLVED + ` AND order_id = $3` + INCIDENTS;
const RESOLVE_FOR_UNIT = RESOLVED + ` AND incident_id = $3 AND unit_id = $4` + INCIDENTS;
const RESOLVE_FOR_INCIDENT = RESOLVED + ` AND incident_id = $3` + INCIDENTS;

export type AlertRow = DeskAlert & { cityAdcode: number | null; countyAdcode: number | null };

/** SQL for the desk's alerts: raised in the transaction that finds the problem, resolved in the one that deals with it. */
export class AlertsRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  /** Raises an alert; an open one for the same order (or the same unit's request on the same incident) already says it. */
  async raise(a: {
    kind: DeskAlertKind;
    incidentId: number;
    unitId: number;
    orderId?: string | null;
    details?: Record<string, unknown>;
  }): Promise<number | null> {
    const rows = (await this.db.query(
      `INSERT INTO desk_alert (kind, incident_id, unit_id, order_id, details) VALUES ($1, $2, $3, $4, $5::jsonb) ON CONFLICT DO NOTHING RETURNING id`,
      [a.kind, a.incidentId, a.unitId, a.orderId ?? null, JSON.stringify(a.details ?? {})],
    )) as Array<{ id: number }>;
    return rows[0]?.id ?? null;
  }

  /** The open alerts of every incident in a jurisdiction (the province: all), oldest first. */
  async open(jurisdiction: number | null, province: number): Promise<AlertRow[]> {
    return (await this.db.query(
      OPEN + ` AND ($1::int IS NULL OR $1::int = $2::int OR i.city_adcode = $1 OR i.county_adcode = $1) ORDER BY d.created_at, d.id`,
      [jurisdiction, province],
    )) as AlertRow[];
  }

  async openById(id: number, lock = false): Promise<AlertRow | null> {
    const rows = (await this.db.query(OPEN + ` AND d.id = $1` + (lock ? ' FOR NO KEY UPDATE OF d' : ''), [id])) as AlertRow[];
    return rows[0] ?? null;
  }

  /** Resolves one alert; false when it was not open. */
  async resolve(id: number, resolution: DeskAlertResolution, by: string, reason: string | null = null): Promise<boolean> {
    const rows = (await this.db.query(
      `WITH r AS (UPDATE desk_alert SET resolved_at = now(), resolution = $2, resolved_by = $3, reason = $4 WHERE id = $1 AND resolved_at IS NULL RETURNING id) SELECT id FROM r`,
      [id, resolution, by, reason],
    )) as Array<{ id: number }>;
    return rows.length > 0;
  }

  /** The order was acknowledged (late, or by a status reply): its alert is answered. The incidents touched. */
  resolveForOrder(orderId: string, resolution: DeskAlertResolution, by: string): Promise<number[]> {
    return this.resolveAll(RESOLVE_FOR_ORDER, [resolution, by, orderId]);
  }

  /** The unit left the incident (released): every alert about it there is answered. */
  resolveForUnit(incidentId: number, unitId: number, resolution: DeskAlertResolution, by: string): Promise<number[]> {
    return this.resolveAll(RESOLVE_FOR_UNIT, [resolution, by, incidentId, unitId]);
  }

  resolveForIncident(incidentId: number, resolution: DeskAlertResolution, by: string): Promise<number[]> {
    return this.resolveAll(RESOLVE_FOR_INCIDENT, [resolution, by, incidentId]);
  }

  private async resolveAll(sql: string, params: unknown[]): Promise<number[]> {
    const rows = (await this.db.query(sql, params)) as Array<{ incidentId: number }>;
    return [...new Set(rows.map((r) => r.incidentId))];
  }
}

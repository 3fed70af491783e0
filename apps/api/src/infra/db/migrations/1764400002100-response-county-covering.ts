import { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * A county's year is read from the record for the figures the rollup does not keep by county (days,
 * hours, stations, units). Its ten thousand rows lie on nearly every page of the record, which was read
 * whole for them (with random reads). Covering indexes put a county's rows side by side with every
 * column those figures and their filters read, so they are answered by index-only scans: a few hundred
 * pages, and the heap only for pages changed since the last vacuum.
 */
const INCIDENT_COLUMNS = 'origin, city_adcode, type, level, call_taking_s, processing_s, first_arrival_s, response_s, full_plan_s';
const UNIT_COLUMNS = 'origin, city_adcode, type, level, kind, station_id, station_code, unit_id, unit_code, ack_s, turnout_s, travel_s, order_to_scene_s';

export class ResponseCountyCovering1764400002100 implements MigrationInterface {
  name = 'ResponseCountyCovering1764400002100';

  async up(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX response_incident_county_idx, response_unit_county_idx');
    await q.query(`CREATE INDEX response_incident_county_idx ON response_incident (county_adcode, call_at) INCLUDE (${INCIDENT_COLUMNS})`);
    await q.query(`CREATE INDEX response_unit_county_idx ON response_unit (county_adcode, call_at) INCLUDE (${UNIT_COLUMNS})`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX response_incident_county_idx, response_unit_county_idx');
    await q.query('CREATE INDEX response_incident_county_idx ON response_incident (county_adcode, call_at)');
    await q.query('CREATE INDEX response_unit_county_idx ON response_unit (county_adcode, call_at)');
  }
}

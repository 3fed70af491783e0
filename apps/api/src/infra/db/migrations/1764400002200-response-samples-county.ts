import { MigrationInterface, QueryRunner } from 'typeorm';
import { addBatch, addSamples, samplesTrigger } from './1764400002000-response-samples';

/*
 * The station and unit tables of a county's whole months from kept samples too: a county's year read
 * from the record sorted every response of it once per table (for the busiest county, about 45,000
 * twice). Samples are now kept by month for the province, the city and the county of each response
 * (the places of the cells' total view, by month); the counties' samples are added once for the record
 * already there.
 */
const PLACES = `(SELECT * FROM response_cell_places('t', r.call_at, r.city_adcode, r.county_adcode) c WHERE c.grain = 'm')`;
const COUNTIES_ONLY = `(SELECT * FROM response_cell_places('t', r.call_at, r.city_adcode, r.county_adcode) c WHERE c.grain = 'm' AND c.level = 'x')`;

export class ResponseSamplesCounty1764400002200 implements MigrationInterface {
  name = 'ResponseSamplesCounty1764400002200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL work_mem = '1GB'`);
    await q.query(`SET LOCAL statement_timeout = 0`); // the record already there, once
    await q.query(addSamples('(SELECT *, 1 AS sign FROM response_unit)', false, COUNTIES_ONLY));
    await q.query(samplesTrigger(true, PLACES));
    await q.query(addBatch(PLACES));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(samplesTrigger(true));
    await q.query(addBatch());
    await q.query(`DELETE FROM response_sample WHERE level = 'x'`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';
import { addCells, triggerFunction } from './1764400001800-response-cells';

/*
 * Bulk writes of the record (an import, the synthetic history) hold the rollup's triggers and add a
 * batch's cells once, at the end. Cell by cell, a million-row batch written in one transaction updated
 * the same cells thousands of times, each update a new row version the next had to step over: the bench's
 * million incidents took hours. Held for the writing transaction only (a transaction-local setting);
 * anything else that transaction changes must be done before the hold.
 */
const HELD = `IF current_setting('gan119.hold_cells', true) = 'on' THEN RETURN NULL; END IF;`;

/** The cells of a whole batch as it now stands, added once; the hold ends (the rest of the transaction counts again). */
const ADD_BATCH = `CREATE FUNCTION response_cells_add_batch(b_origin text, b_batch text) RETURNS void LANGUAGE plpgsql SET work_mem = '1GB' AS $$
  BEGIN
    PERFORM set_config('gan119.hold_cells', 'off', true);
    ${addCells(`(SELECT *, 1 AS sign FROM response_incident WHERE origin = b_origin AND batch = b_batch)`, 'incident')};
    ${addCells(`(SELECT u.*, 1 AS sign FROM response_unit u JOIN response_incident i ON i.id = u.fact_id WHERE i.origin = b_origin AND i.batch = b_batch)`, 'unit')};
  END $$`;

export class ResponseCellsHeld1764400001900 implements MigrationInterface {
  name = 'ResponseCellsHeld1764400001900';

  async up(q: QueryRunner): Promise<void> {
    for (const t of ['incident', 'unit'] as const) await q.query(triggerFunction(t, HELD));
    await q.query(ADD_BATCH);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP FUNCTION response_cells_add_batch');
    for (const t of ['incident', 'unit'] as const) await q.query(triggerFunction(t));
  }
}

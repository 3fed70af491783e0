import { Injectable } from '@nestjs/common';
import { HISTORY_MAPPINGS, HistoryMappingName } from '@gan119/dispatch';
import { DomainError } from '../common/errors';
import { Db } from '../infra/db/unit-of-work';
import { historyFromCsv } from './history-file';
import { historyFact } from './facts';
import { ResponseFactsRepository } from './response-facts.repository';

const CHUNK = 2000;
const SHOWN = 50;

/**
 * A past response record (CSV, one row per unit response) into the statistics record as one named
 * batch, replacing what that batch held. A file with any row that cannot be read is refused whole,
 * naming the rows (the first 50) and changing nothing. Incidents find their county from their
 * location, units and stations their roster records from their codes.
 */
@Injectable()
export class HistoryImport {
  constructor(private readonly db: Db) {}

  async run(batch: string, content: string, mappingName: HistoryMappingName, utcOffsetMinutes: number) {
    const mapping = HISTORY_MAPPINGS[mappingName];
    let parsed: ReturnType<typeof historyFromCsv>;
    try {
      parsed = historyFromCsv(content, mapping, utcOffsetMinutes);
    } catch (e) {
      throw new DomainError('history_not_csv', `the file is not CSV: ${(e as Error).message}`, 422);
    }
    const missing = parsed.missingColumns;
    if (missing.length) {
      throw new DomainError('history_columns', `the file has no column ${missing.map((c) => `"${c}"`).join(', ')} (mapping ${mappingName})`, 422, {
        columns: missing.join(', '),
      });
    }
    if (parsed.rows === 0) throw new DomainError('history_empty', 'the file has a header and no rows', 422);
    const { incidents, rejected } = parsed;
    if (rejected.length) {
      const shown = rejected.slice(0, SHOWN);
      throw new DomainError(
        'history_rows',
        `${rejected.length} row(s) cannot be read; nothing was imported: ${shown.map((r) => `line ${r.line}: ${r.error}`).join('; ')}`,
        422,
        { count: rejected.length, rows: shown },
      );
    }
    const t0 = Date.now();
    return this.db.transaction(async (tx) => {
      const repo = tx.get(ResponseFactsRepository);
      const replaced = await repo.removeBatch('import', batch);
      await repo.holdCells();
      let written = 0;
      for (let i = 0; i < incidents.length; i += CHUNK)
        written += await repo.upsert(
          'import',
          batch,
          incidents.slice(i, i + CHUNK).map((h) => historyFact(h)),
        );
      const placed = await repo.placeBatch('import', batch);
      await repo.addBatchCells('import', batch);
      return {
        batch,
        rows: parsed.rows,
        incidents: written,
        units: incidents.reduce((n, i) => n + i.units.length, 0),
        inCounty: placed,
        replaced,
        seconds: (Date.now() - t0) / 1000,
      };
    });
  }
}

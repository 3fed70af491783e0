import 'reflect-metadata';
import { readFileSync } from 'fs';
import { basename } from 'path';
import { configFromProcess } from '../config/env';
import { DomainError } from '../common/errors';
import { withDb } from '../infra/db/data-source';
import { importPlaces } from '../places/import-places';

const USAGE = 'usage: nx run api:import-places -- --source <name> --file <places.csv|places.geojson>';

/** Imports a gazetteer file as one source (replacing it); a file with any bad row changes nothing and every bad line is listed. */
async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const arg = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const source = arg('source'),
    file = arg('file');
  if (!source || !file) throw new Error(USAGE);
  try {
    const r = await withDb(configFromProcess({ ROLE: 'worker' }), (db) => importPlaces(db, source, basename(file), readFileSync(file, 'utf8')));
    console.log(JSON.stringify(r));
  } catch (e) {
    const errors = e instanceof DomainError ? (e.details?.errors as string[] | undefined) : undefined;
    if (errors) for (const line of errors) console.error(`[import-places] ${line}`);
    throw e;
  }
}

main().catch((e: unknown) => {
  console.error(`[import-places] ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});

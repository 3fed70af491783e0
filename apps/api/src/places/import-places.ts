import { Injectable } from '@nestjs/common';
import { demoGazetteer, readPlaceFile } from '@gan119/places';
import { Db } from '../infra/db/unit-of-work';
import { DomainError } from '../common/errors';
import { PlacesRepository } from './places.repository';

export const DEMO_SOURCE = 'demo';

/**
 * Imports a gazetteer file (CSV or GeoJSON) as one source, replacing what that source had, in one
 * transaction: a file with any bad row — unreadable, a missing name, a point outside the province —
 * is refused whole with every bad line named (400 invalid_places), and nothing changes.
 */
export async function importPlaces(db: Db, source: string, fileName: string, content: string): Promise<{ source: string; stored: number }> {
  if (source === DEMO_SOURCE) throw new DomainError('invalid_places', `"${DEMO_SOURCE}" is the demo gazetteer's source: name yours otherwise`, 400);
  const { places, errors } = readPlaceFile(fileName, content);
  if (errors.length)
    throw new DomainError('invalid_places', `${fileName}: ${errors.length} problem(s), nothing imported: ${errors.slice(0, 5).join('; ')}`, 400, { errors });
  return db.transaction(async (tx) => {
    const r = await tx.get(PlacesRepository).replaceSource(source, places, false);
    if (r.outside.length) {
      const errs = r.outside.map((ref) => `${ref}: outside Jiangxi`);
      throw new DomainError(
        'invalid_places',
        `${fileName}: ${errs.length} place(s) outside the province, nothing imported: ${errs.slice(0, 5).join('; ')}`,
        400,
        { errors: errs },
      );
    }
    return { source, stored: r.stored };
  });
}

/** The demo gazetteer around every county seat (marked demo), written again on every demo seed. */
export async function loadDemoPlaces(
  db: Db,
  seats: Array<{ adcode: number; name: string; level: string; lonLat: readonly [number, number]; isDistrict: boolean }>,
): Promise<number> {
  const places = demoGazetteer(
    seats.filter((s) => s.level === 'county').map((s) => ({ adcode: s.adcode, name: s.name, lonLat: s.lonLat, isDistrict: s.isDistrict })),
  );
  return db.transaction(async (tx) => (await tx.get(PlacesRepository).replaceSource(DEMO_SOURCE, places, true)).stored);
}

/** The use case for the controller: one gazetteer import. */
@Injectable()
export class PlacesImport {
  constructor(private readonly db: Db) {}
  run(source: string, fileName: string, content: string): Promise<{ source: string; stored: number }> {
    return importPlaces(this.db, source, fileName, content);
  }
}

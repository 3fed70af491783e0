import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, ALL_ROLES } from '../accounts/access';
import { LonLatQuery } from '../common/dto/lonlat.dto';
import { PlacesImport } from './import-places';
import { ImportPlacesBody, PlacesQuery } from './places.dto';
import { AreaRow, PlacesRepository } from './places.repository';
import { districtOf, searchPlaces } from './search-places';

const AREAS_TTL_MS = 10 * 60_000;

@ApiTags('places')
@Allow(...ALL_ROLES)
@Controller('places')
export class PlacesController {
  private areas: { rows: Promise<AreaRow[]>; at: number } | null = null;

  constructor(
    private readonly places: PlacesRepository,
    private readonly imports: PlacesImport,
  ) {}

  /** The cities and counties, read once in a while (they change only with a boundary import). */
  private areaRows(): Promise<AreaRow[]> {
    if (!this.areas || Date.now() - this.areas.at > AREAS_TTL_MS) {
      const rows = this.places.areas();
      this.areas = { rows, at: Date.now() };
      rows.catch(() => (this.areas = null));
    }
    return this.areas.rows;
  }

  @Get()
  @ApiOperation({
    summary:
      "Find the caller's place: gazetteer (addresses, 小区, schools, hospitals, villages), key units, stations, roads and areas; forgiving (missing 市/区/县, partial names, typos, pinyin initials), nearest the dispatcher first; each with its district",
  })
  async search(@Query() p: PlacesQuery) {
    const near = p.near ? (p.near.split(',').map(Number) as [number, number]) : null;
    return { places: await searchPlaces(this.places, await this.areaRows(), p.q, near) };
  }

  @Get('reverse')
  @ApiOperation({
    summary: 'What is at a map click: the nearest gazetteer place and named road (within about 500 m) and the district, as an address to start from',
  })
  async reverse(@Query() p: LonLatQuery) {
    const r = await this.places.reverse(p.lon, p.lat);
    const areas = new Map((await this.areaRows()).map((a) => [a.adcode, a]));
    const district = districtOf(areas, r.cityAdcode, r.countyAdcode);
    const near = r.place && r.place.distanceM <= 150 ? r.place.name : null;
    return { ...r, district, address: [district?.replace(' ', ''), r.road?.name, near].filter(Boolean).join(' ') || null };
  }

  @Get('sources')
  @ApiOperation({ summary: "The gazetteer's sources: how many places each, when imported, whether demo" })
  async sources() {
    return { sources: await this.places.countBySource() };
  }

  @Allow('admin')
  @Post('import')
  @ApiOperation({
    summary:
      'Import a gazetteer file (CSV or GeoJSON, WGS84/GCJ-02/BD-09) as one source, replacing that source; a file with any bad row is refused whole, naming every bad line',
  })
  import(@Body() b: ImportPlacesBody) {
    return this.imports.run(b.source, b.format === 'csv' ? `${b.source}.csv` : `${b.source}.geojson`, b.content);
  }
}

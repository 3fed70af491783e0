import { Body, Controller, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { eidoIncidentView } from '@gan119/interop';
import { actorOf, Allow, RequestWithPrincipal } from '../accounts/access';
import { Jurisdiction } from '../accounts/jurisdiction';
import { DomainError } from '../common/errors';
import { Db } from '../infra/db/unit-of-work';
import { LiveFeed } from '../live/live-feed';
import { EidoSchema } from './eido-schema';
import { importEido } from './import-eido';

/** EIDO files in: an incident from another system, checked against the schema, taken as a new call. */
@ApiTags('partners')
@Controller('eido')
export class EidoController {
  constructor(
    private readonly db: Db,
    private readonly schema: EidoSchema,
    private readonly jurisdiction: Jurisdiction,
    private readonly live: LiveFeed,
  ) {}

  @Post('import')
  @Allow('admin', 'dispatcher')
  @ApiOperation({ summary: 'Imports a NENA EIDO as a new incident (validated against the EIDO schema; 422 naming each field wrong)' })
  async import(@Body() body: unknown, @Req() req: RequestWithPrincipal) {
    // our own reading first (cheap, and enough to refuse most bad files), then the schema (its first use compiles it)
    const read = eidoIncidentView(body, true);
    const problems = 'problems' in read ? [] : await this.schema.problems(body);
    const view = problems.length ? { problems } : read;
    if ('problems' in view)
      throw new DomainError(
        'invalid_eido',
        view.problems
          .map((p) => `${p.field} ${p.message}`)
          .join('; ')
          .slice(0, 2000),
        422,
        { problems: view.problems },
      );
    const loc = view.view.location as NonNullable<typeof view.view.location>;
    await this.jurisdiction.place(req.principal, loc.lon, loc.lat, 'the EIDO’s location');
    const created = await importEido(this.db, view.view, actorOf(req));
    const { id, type, level, address, cityAdcode, countyAdcode } = created.incident;
    this.live.incidentNew({ id, type, level, source: 'agency', address, partner: view.view.agency }, { cityAdcode, countyAdcode });
    return created;
  }
}

import { Body, Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { eidoIncidentView, EidoProblem, inboundFromEido, InboundMessage, incidentToEido, parseSimpleMessage } from '@gan119/interop';
import { Public } from '../accounts/access';
import { IdParam } from '../common/dto/id';
import { DomainError, notFound } from '../common/errors';
import { Db } from '../infra/db/unit-of-work';
import { LiveFeed } from '../live/live-feed';
import { EidoSchema } from './eido-schema';
import { IncidentSnapshotRepository } from './incident-snapshot.repository';
import { Authenticated, PartnerAuth, PartnerRequest } from './partner-auth';
import { PartnerRepository } from './partner.repository';
import { receivePartnerMessage } from './receive-message';

const invalid = (problems: EidoProblem[]) =>
  new DomainError('invalid_message', `${problems.length} problem(s): ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}`.slice(0, 2000), 422, {
    problems,
  });

/**
 * The partners' door (signed with their own key, not a login: see PartnerAuth): an incident or an
 * update as an EIDO or in the simple JSON, answered with our acknowledgement; and a shared incident
 * read back as an EIDO (only one shared with that partner).
 */
@ApiTags('partners')
@Public()
@Controller('partners')
export class PartnerInboxController {
  constructor(
    private readonly auth: PartnerAuth,
    private readonly db: Db,
    private readonly schema: EidoSchema,
    private readonly live: LiveFeed,
  ) {}

  @Post('inbox/eido')
  @ApiOperation({ summary: 'A partner posts an incident (转警) or an update as a NENA EIDO; signed (docs/INTEROP.md); answered with our acknowledgement' })
  async eido(@Req() req: PartnerRequest, @Body() body: unknown, @Res({ passthrough: true }) res: Response) {
    const who = await this.auth.verify(req, 'eido', true);
    return this.take(who, res, async () => {
      // our own reading first (cheap), then the schema (its first use in a process compiles it)
      const view = eidoIncidentView(body, false);
      if ('problems' in view) throw invalid(view.problems);
      const problems = await this.schema.problems(body);
      if (problems.length) throw invalid(problems);
      return inboundFromEido(view.view);
    });
  }

  @Post('inbox/simple')
  @ApiOperation({
    summary: 'A partner without EIDO posts an incident or an update in the simple JSON (docs/INTEROP.md); signed; answered with our acknowledgement',
  })
  async simple(@Req() req: PartnerRequest, @Body() body: unknown, @Res({ passthrough: true }) res: Response) {
    const who = await this.auth.verify(req, 'simple', true);
    return this.take(who, res, () => {
      const r = parseSimpleMessage(body);
      if ('problems' in r) throw invalid(r.problems);
      return Promise.resolve(r.message);
    });
  }

  @Get('incidents/:id/eido')
  @HttpCode(200)
  @ApiOperation({ summary: 'A partner reads an incident shared with it (sent to it or received from it) as an EIDO; signed' })
  async read(@Req() req: PartnerRequest, @Param() p: IdParam) {
    const who = await this.auth.verify(req, 'read', false);
    const shared = (await this.db.get(PartnerRepository).links(p.id)).some((l) => l.partnerId === who.partner.id);
    // an incident not shared with this partner does not exist for it
    if (!shared) {
      const e = notFound(`incident ${p.id}`);
      await this.auth.refused(who.partner.id, 'read', null, e, p.id);
      throw e;
    }
    const s = await this.db.get(IncidentSnapshotRepository).snapshot(p.id);
    if (!s) throw notFound(`incident ${p.id}`);
    await this.db
      .get(PartnerRepository)
      .exchange({ partnerId: who.partner.id, direction: 'in', kind: 'read', key: null, incidentId: p.id, httpStatus: 200, outcome: 'read' });
    return incidentToEido(s, new Date().toISOString());
  }

  /** Reads the message, takes it once, tells the desk; a refusal is logged and changes nothing. */
  private async take(who: Authenticated, res: Response, read: () => Promise<InboundMessage>) {
    try {
      const m = await read();
      const r = await receivePartnerMessage(this.db, who.partner, who.key, who.bodySha256, m);
      res.status(r.status);
      if (r.replayed) {
        res.setHeader('idempotent-replay', 'true');
        await this.db.get(PartnerRepository).exchange({
          partnerId: who.partner.id,
          direction: 'in',
          kind: 'message',
          key: who.key,
          incidentId: r.ack.ourIncidentId,
          httpStatus: r.status,
          outcome: 'replayed',
        });
      }
      if (r.created) {
        const { cityAdcode, countyAdcode, ...incident } = r.created;
        this.live.incidentNew({ ...incident, partner: who.partner.name }, { cityAdcode, countyAdcode });
      }
      if (!r.replayed) await this.live.partnerChanged(r.ack.ourIncidentId);
      return r.ack;
    } catch (e) {
      if (e instanceof DomainError) await this.auth.refused(who.partner.id, 'message', who.key, e);
      throw e;
    }
  }
}

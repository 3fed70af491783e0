import { Body, Controller, Get, Param, Post, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { incidentToEido, REQUEST_KINDS, RequestKind } from '@gan119/interop';
import { actorOf, Allow, CONSOLE_ROLES, RequestWithPrincipal, withinJurisdiction } from '../accounts/access';
import { IdParam } from '../common/dto/id';
import { notFound } from '../common/errors';
import { Db } from '../infra/db/unit-of-work';
import { LiveFeed } from '../live/live-feed';
import { IncidentSnapshotRepository } from './incident-snapshot.repository';
import { OutboxRepository } from './outbox.repository';
import { PartnerRepository } from './partner.repository';
import { ExchangesQuery, LinkParams, PartnerRequestBody } from './partners.dto';
import { cancelRequest, requestPartner } from './request-partner';

/** The console's side of the other agencies: who they are, an incident's requests and transfers with their delivery, asking and withdrawing, the EIDO. */
@ApiTags('partners')
@Allow(...CONSOLE_ROLES)
@Controller()
export class PartnersController {
  constructor(
    private readonly db: Db,
    private readonly live: LiveFeed,
  ) {}

  @Get('partners')
  @ApiOperation({
    summary:
      'The partner agencies (110/120/122 by city, the departments): kind, endpoint, what they may send and receive, whether they are reachable and what waits for them; never their keys',
  })
  async partners() {
    return { partners: await this.db.get(PartnerRepository).list() };
  }

  @Get('partners/exchanges')
  @Allow('admin')
  @ApiOperation({ summary: 'The exchange audit log: every message in or out (accepted, refused, delivered, retried), newest first (200)' })
  async exchanges(@Query() q: ExchangesQuery) {
    return { exchanges: await this.db.get(PartnerRepository).exchanges(q.partner ?? null, 200) };
  }

  @Get('incidents/:id/partners')
  @ApiOperation({
    summary: 'An incident’s links with other agencies (requests out, transfers in) with each message’s delivery, and whom each kind of request would go to',
  })
  async links(@Param() p: IdParam, @Req() req: RequestWithPrincipal) {
    const s = await this.incidentFor(p.id, req);
    const partners = this.db.get(PartnerRepository);
    const links = await partners.links(p.id);
    const messages = await this.db.get(OutboxRepository).forLinks(links.map((l) => l.id));
    const offers = await Promise.all(
      (Object.keys(REQUEST_KINDS) as RequestKind[]).map(async (kind) => {
        const to = (await partners.forKind(REQUEST_KINDS[kind].partner, s.cityAdcode))[0];
        return { kind, partnerId: to?.id ?? null, partnerName: to?.name ?? null };
      }),
    );
    return { links: links.map((l) => ({ ...l, messages: messages.filter((m) => m.linkId === l.id) })), offers };
  }

  @Post('incidents/:id/partner-requests')
  @Allow('admin', 'dispatcher', 'commander')
  @ApiOperation({ summary: 'Asks another agency for help with the incident (an EIDO through the outbox, delivered with retries); 201 with the link' })
  async request(@Param() p: IdParam, @Body() b: PartnerRequestBody, @Req() req: RequestWithPrincipal) {
    await this.incidentFor(p.id, req);
    const r = await requestPartner(this.db, {
      incidentId: p.id,
      kind: b.kind as RequestKind,
      partnerId: b.partnerId,
      note: b.note?.trim() ?? '',
      by: actorOf(req),
    });
    await this.live.partnerChanged(p.id);
    return r;
  }

  @Post('incidents/:id/partner-requests/:linkId/cancel')
  @Allow('admin', 'dispatcher', 'commander')
  @ApiOperation({ summary: 'Withdraws a request not yet closed: the partner is told' })
  async cancel(@Param() p: LinkParams, @Req() req: RequestWithPrincipal) {
    await this.incidentFor(p.id, req);
    const link = await cancelRequest(this.db, p.id, p.linkId, actorOf(req));
    await this.live.partnerChanged(p.id);
    return { link };
  }

  @Get('incidents/:id/eido')
  @ApiOperation({
    summary: 'The incident as a NENA EIDO (NENA-STA-021.1a JSON): type, level, status, location (PIDF-LO), callers, units, agencies, requests and notes',
  })
  async eido(@Param() p: IdParam, @Req() req: RequestWithPrincipal) {
    return incidentToEido(await this.incidentFor(p.id, req), new Date().toISOString());
  }

  private async incidentFor(id: number, req: RequestWithPrincipal) {
    const s = await this.db.get(IncidentSnapshotRepository).snapshot(id);
    if (!s) throw notFound(`incident ${id}`);
    withinJurisdiction(req, s, `incident ${id}`);
    return s;
  }
}

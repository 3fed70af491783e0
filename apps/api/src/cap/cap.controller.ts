import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { capAtomFeed, capContentFrom, CapMsgType, suggestedCap } from '@gan119/interop';
import { actorOf, Allow, CONSOLE_ROLES, Public, RequestWithPrincipal, withinJurisdiction } from '../accounts/access';
import { IdParam } from '../common/dto/id';
import { DomainError, notFound } from '../common/errors';
import { IncidentRepository } from '../dispatch/incident.repository';
import { Db } from '../infra/db/unit-of-work';
import { LiveFeed } from '../live/live-feed';
import { approveCapAlert, discardCapAlert, draftCapAlert } from './cap-alerts';
import { CapDraftBody, CapIdentifierParam, CapIdParam } from './cap.dto';
import { CapRepository } from './cap.repository';

/** Four eyes need two known people: drafting and approving a public alert need a signed-in commander (even where sign-in is optional). */
function signedIn(req: RequestWithPrincipal, what: string): void {
  if (req.principal?.kind !== 'console')
    throw new DomainError('sign_in_required', `${what} a public alert needs a signed-in commander (four eyes: another commander approves)`, 401);
}

/** CAP 1.2 public alerts: drafted from an incident, approved by a second commander, published as an Atom feed of CAP documents. */
@ApiTags('cap')
@Allow(...CONSOLE_ROLES)
@Controller()
export class CapController {
  constructor(
    private readonly db: Db,
    private readonly live: LiveFeed,
  ) {}

  @Get('incidents/:id/cap-alerts')
  @ApiOperation({ summary: 'An incident’s public alerts (drafts, published, superseded) and a suggested draft for its type and place' })
  async list(@Param() p: IdParam, @Req() req: RequestWithPrincipal) {
    const i = await this.incident(p.id, req);
    const { radiusM, ...s } = suggestedCap(i.type, i.address);
    return {
      alerts: await this.db.get(CapRepository).forIncident(p.id),
      suggestion: { ...s, area: { kind: 'circle', center: [i.lon, i.lat], radiusM } },
      incidentClosed: i.state === 'closed',
    };
  }

  @Post('incidents/:id/cap-alerts')
  @Allow('admin', 'commander')
  @ApiOperation({ summary: 'Drafts a public alert (or an Update / Cancel of a published one) for the incident; it waits for a second commander’s approval' })
  async draft(@Param() p: IdParam, @Body() b: CapDraftBody, @Req() req: RequestWithPrincipal) {
    signedIn(req, 'drafting');
    await this.incident(p.id, req);
    const c = capContentFrom(b);
    if ('problems' in c) throw new DomainError('bad_cap', c.problems.map((x) => `${x.field} ${x.message}`).join('; '), 400, { problems: c.problems });
    const alert = await draftCapAlert(this.db, {
      incidentId: p.id,
      msgType: (b.msgType ?? 'Alert') as CapMsgType,
      supersedes: b.supersedes ?? null,
      content: c.content,
      by: actorOf(req),
    });
    await this.live.partnerChanged(p.id);
    return alert;
  }

  @Post('cap-alerts/:id/approve')
  @Allow('admin', 'commander')
  @ApiOperation({ summary: 'Four eyes: a second signed-in commander approves a draft; it is published as CAP 1.2 (feed, partners)' })
  async approve(@Param() p: CapIdParam, @Req() req: RequestWithPrincipal) {
    signedIn(req, 'approving');
    const a = await this.alert(p.id, req);
    const published = await approveCapAlert(this.db, a.id, actorOf(req));
    await this.live.partnerChanged(a.incidentId);
    return published;
  }

  @Post('cap-alerts/:id/discard')
  @Allow('admin', 'commander')
  @ApiOperation({ summary: 'Discards a draft (never published)' })
  async discard(@Param() p: CapIdParam, @Req() req: RequestWithPrincipal) {
    const a = await this.alert(p.id, req);
    const done = await discardCapAlert(this.db, a.id, actorOf(req));
    await this.live.partnerChanged(a.incidentId);
    return done;
  }

  @Get('cap/feed.atom')
  @Public()
  @ApiOperation({
    summary: 'The public alerts in force (and the last day’s cancellations) as an Atom feed; each entry links its CAP 1.2 document and gives its SHA-256',
  })
  async feed(@Res({ passthrough: true }) res: Response) {
    const rows = await this.db.get(CapRepository).feed(200);
    res.type('application/atom+xml; charset=utf-8');
    return capAtomFeed(
      '/api/cap/feed.atom',
      rows[0]?.sentAt ? Date.parse(rows[0].sentAt) : Date.now(),
      rows.map((r) => ({
        identifier: r.identifier,
        title: r.content.headline,
        summary: r.content.instruction,
        sentMs: Date.parse(r.sentAt as string),
        msgType: r.msgType,
        href: `/api/cap/alerts/${r.identifier}.xml`,
        sha256: r.sha256 as string,
      })),
    );
  }

  @Get('cap/alerts/:file')
  @Public()
  @ApiOperation({ summary: 'One published CAP 1.2 document (application/cap+xml), with its SHA-256 in the Digest header' })
  async document(@Param() p: CapIdentifierParam, @Res({ passthrough: true }) res: Response) {
    const d = await this.db.get(CapRepository).document(p.file.replace(/\.xml$/, ''));
    if (!d) throw notFound(`alert ${p.file}`);
    res.type('application/cap+xml; charset=utf-8');
    res.setHeader('digest', `sha-256=${Buffer.from(d.sha256, 'hex').toString('base64')}`);
    return d.xml;
  }

  private async incident(id: number, req: RequestWithPrincipal) {
    const i = await this.db.get(IncidentRepository).byId(id);
    if (!i) throw notFound(`incident ${id}`);
    withinJurisdiction(req, i, `incident ${id}`);
    return i;
  }

  private async alert(id: number, req: RequestWithPrincipal) {
    const a = await this.db.get(CapRepository).byId(id);
    if (!a) throw notFound(`alert ${id}`);
    await this.incident(a.incidentId, req);
    return a;
  }
}

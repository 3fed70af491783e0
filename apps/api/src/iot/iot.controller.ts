import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DEVICE_KINDS, parseBatch } from '@gan119/iot';
import { actorOf, Allow, CONSOLE_ROLES, Public, RequestWithPrincipal } from '../accounts/access';
import { Jurisdiction } from '../accounts/jurisdiction';
import { DomainError, notFound } from '../common/errors';
import { Db } from '../infra/db/unit-of-work';
import { AlarmIdParam, AlarmsQuery, BATCH_SCHEMA, CancelAlarmBody, ClustersQuery, TroublesQuery } from './iot.dto';
import { IotAlarmsRepository } from './iot-alarms.repository';
import { IotIngest } from './iot-ingest';
import { IotMessagesRepository } from './iot-messages.repository';
import { IotMonitorRepository } from './iot-monitor.repository';
import { cancelAlarm, confirmAlarm } from './process-message';
import { DeviceImports } from './import-devices';

const VERIFY: Parameters<typeof Allow> = ['admin', 'dispatcher'];

@ApiTags('IoT terminals (智赣119)')
@Controller('iot')
export class IotController {
  constructor(
    private readonly ingest: IotIngest,
    private readonly db: Db,
    private readonly jurisdiction: Jurisdiction,
    private readonly imports: DeviceImports,
  ) {}

  @Public()
  @Post('messages')
  @HttpCode(200)
  @ApiHeader({ name: 'X-IoT-Key', required: true, description: "the platform's key (one per NB-IoT platform or bridge)" })
  @ApiBody({ schema: BATCH_SCHEMA })
  @ApiOperation({
    summary:
      'A platform pushes a batch of terminal messages (up to 5,000): each is stored once by its messageId before the answer; answers how many were accepted, duplicates, and each refused message with why',
  })
  async push(@Headers('x-iot-key') key: string | undefined, @Body() body: unknown) {
    const platform = await this.ingest.platformOf(key);
    const p = parseBatch(body);
    if (!p.ok) throw new DomainError('validation', p.error, 400);
    const rejected = p.value.rejected.map((r) => ({ messageId: null, index: r.index, error: r.error }));
    return this.ingest.accept(platform, 'http', p.value.messages, rejected);
  }

  @Allow('admin')
  @Post('devices')
  @HttpCode(200)
  @ApiConsumes('text/csv', 'application/geo+json', 'application/json')
  @ApiBody({
    description:
      'CSV with a header row, or a GeoJSON FeatureCollection of Points: id,kind,building,lon,lat[,crs,address,floor,floors,contact_name,contact_phone,installed_on,heartbeat_s,gb_address]. ' +
      `kind: ${DEVICE_KINDS.join(', ')}; crs: WGS84 (default), GCJ02, BD09. A device already registered is updated.`,
  })
  @ApiOperation({ summary: 'Register 智赣119 terminals (and the buildings they name) from a file: all rows or none; bad rows named by line' })
  importDevices(@Body() body: unknown, @Headers('content-type') contentType = '') {
    return this.imports.run(body, contentType);
  }

  @Allow(...CONSOLE_ROLES)
  @Get('alarms')
  @ApiOperation({
    summary:
      '监控中心: IoT alarms, those to verify first (soonest countdown), with the building, its duty contact and key-unit pre-plan, and the device’s false alarms',
  })
  async alarms(@Query() q: AlarmsQuery, @Req() req: RequestWithPrincipal) {
    const alarms = await this.db
      .get(IotAlarmsRepository)
      .list({ state: q.state, hours: q.hours ?? 24, incident: q.incident, jurisdiction: Jurisdiction.listFilter(req.principal), limit: 500 });
    return { alarms, now: new Date().toISOString() };
  }

  @Allow(...CONSOLE_ROLES)
  @Get('alarms/:id')
  @ApiOperation({ summary: 'One alarm with its device’s recent messages' })
  async alarm(@Param() p: AlarmIdParam) {
    const a = await this.db.get(IotAlarmsRepository).view(p.id);
    if (!a) throw notFound(`alarm ${p.id}`);
    return { ...a, history: await this.db.get(IotMessagesRepository).deviceHistory(a.deviceId) };
  }

  @Allow(...VERIFY)
  @Post('alarms/:id/confirm')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'The operator confirms an alarm to verify (it is a fire, or nobody answered): it becomes an incident on the desk, or joins the building’s open one',
  })
  async confirm(@Param() p: AlarmIdParam, @Req() req: RequestWithPrincipal) {
    await this.inJurisdiction(req, p.id);
    const r = await confirmAlarm(this.db, p.id, actorOf(req, 'operator'), this.ingest.rules);
    await this.ingest.announce(r);
    return { alarmId: p.id, incidentId: r.incident?.id ?? null, createdIncident: r.createdIncident };
  }

  @Allow(...VERIFY)
  @Post('alarms/:id/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'The operator cancels an alarm to verify with the reason (no fire): it counts in the device’s false-alarm history' })
  async cancel(@Param() p: AlarmIdParam, @Body() b: CancelAlarmBody, @Req() req: RequestWithPrincipal) {
    await this.inJurisdiction(req, p.id);
    await cancelAlarm(this.db, p.id, actorOf(req, 'operator'), b.reason.trim());
    await this.ingest.announce({ alarmId: p.id, incident: null, createdIncident: false, waterSourceId: null });
    return { alarmId: p.id, state: 'cancelled' };
  }

  @Allow(...CONSOLE_ROLES)
  @Get('troubles')
  @ApiOperation({ summary: 'Offline, faulty, low-battery and tampered terminals by building, the longest waiting first; the open offline notices; the counts' })
  async troubles(@Query() q: TroublesQuery, @Req() req: RequestWithPrincipal) {
    const area = q.area ?? Jurisdiction.listFilter(req.principal);
    const m = this.db.get(IotMonitorRepository);
    return { summary: await m.summary(area), buildings: await m.troubles(area), notices: await m.notices(area) };
  }

  @Allow(...CONSOLE_ROLES)
  @Get('cells')
  @ApiOperation({ summary: 'The terminals in a map box as grid cells (count, offline, open alarms): the map layer, never a million points' })
  async cells(@Query() q: ClustersQuery) {
    const box = q.bbox.split(',').map(Number) as [number, number, number, number];
    if (box[0] >= box[2] || box[1] >= box[3]) throw new DomainError('validation', 'bbox: min must be below max', 400);
    // about 60 screen pixels a cell: 360° spans 256 × 2^zoom pixels
    const cellDeg = (360 / (256 * 2 ** q.zoom)) * 60;
    return { cells: await this.db.get(IotMonitorRepository).cells(box, cellDeg), cellDeg };
  }

  private async inJurisdiction(req: RequestWithPrincipal, id: number): Promise<void> {
    const a = await this.db.get(IotAlarmsRepository).view(id);
    if (!a) throw notFound(`alarm ${id}`);
    await this.jurisdiction.place(req.principal, a.lon, a.lat, `alarm ${id}`);
  }
}

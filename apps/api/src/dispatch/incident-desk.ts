import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { IncidentLevel, IncidentState } from '@gan119/dispatch';
import { DataSource } from 'typeorm';
import { AvlService } from '../forces/avl.service';
import { RoutingService } from '../roads/routing.service';
import { AssignRequest, assignUnits } from './assign-units';
import { AssignmentRepository } from './assignment.repository';
import { createIncident, IncidentIntake } from './create-incident';
import { changeIncidentLevel, changeIncidentState, mergeIncident, releaseUnit, reopenIncident } from './incident-actions';
import { incidentDetail } from './incident-detail';
import { IncidentRepository } from './incident.repository';
import { recommendUnits } from './recommend-units';

/**
 * The desk's use cases on incidents, for the controller (which never sees TypeORM): each runs on the
 * record in its own transaction, as its function says.
 */
@Injectable()
export class IncidentDesk {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly routing: RoutingService,
    private readonly avl: AvlService,
  ) {}

  create = (c: IncidentIntake) => createIncident(this.ds, c);
  list = (f: Parameters<IncidentRepository['list']>[0]) => new IncidentRepository(this.ds).list(f);
  detail = (id: number) => incidentDetail(this.ds, id);
  recommend = (id: number, opts: Parameters<typeof recommendUnits>[2]) => recommendUnits({ ds: this.ds, routing: this.routing, avl: this.avl }, id, opts);
  assign = (req: AssignRequest) => assignUnits(this.ds, req);
  release = (id: number, unitId: number, by: string, why: { reason?: string; note?: string }) => releaseUnit(this.ds, id, unitId, by, why);
  setState = (id: number, to: IncidentState, by: string) => changeIncidentState(this.ds, id, to, by);
  reopen = (id: number, by: string) => reopenIncident(this.ds, id, by);
  setLevel = (id: number, level: IncidentLevel, by: string) => changeIncidentLevel(this.ds, id, level, by);
  merge = (id: number, into: number, by: string) => mergeIncident(this.ds, id, into, by);
  /** Every unit ever assigned to the incident (closing it frees them: their consoles hear it). */
  unitsEverOn = (id: number) => new AssignmentRepository(this.ds).unitsEverOn(id);
}

import { Injectable } from '@nestjs/common';
import type { IncidentLevel, IncidentState } from '@gan119/dispatch';
import { Db } from '../infra/db/unit-of-work';
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
    private readonly db: Db,
    private readonly routing: RoutingService,
    private readonly avl: AvlService,
  ) {}

  create = (c: IncidentIntake) => createIncident(this.db, c);
  list = (f: Parameters<IncidentRepository['list']>[0]) => this.db.get(IncidentRepository).list(f);
  detail = (id: number) => incidentDetail(this.db, id);
  recommend = (id: number, opts: Parameters<typeof recommendUnits>[2]) => recommendUnits({ db: this.db, routing: this.routing, avl: this.avl }, id, opts);
  assign = (req: AssignRequest) => assignUnits(this.db, req);
  release = (id: number, unitId: number, by: string, why: { reason?: string; note?: string }) => releaseUnit(this.db, id, unitId, by, why);
  setState = (id: number, to: IncidentState, by: string) => changeIncidentState(this.db, id, to, by);
  reopen = (id: number, by: string) => reopenIncident(this.db, id, by);
  setLevel = (id: number, level: IncidentLevel, by: string) => changeIncidentLevel(this.db, id, level, by);
  merge = (id: number, into: number, by: string) => mergeIncident(this.db, id, into, by);
  /** Every unit ever assigned to the incident (closing it frees them: their consoles hear it). */
  unitsEverOn = (id: number) => this.db.get(AssignmentRepository).unitsEverOn(id);
}

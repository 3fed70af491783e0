import { LonLat } from '@gan119/geo';
import { Injectable } from '@nestjs/common';
import { Db } from '../infra/db/unit-of-work';
import { conflict, DomainError, notFound } from '../common/errors';
import { RoadRepository } from './road.repository';
import { RoutingService } from './routing.service';

export type CloseRoad = { edgeId?: number; at?: LonLat; reason: string; by: string };

/** Closes a road edge (flooded road, collapsed bridge): recorded, announced, honoured by routing at once. */
export async function closeRoad(
  db: Db,
  routing: RoutingService,
  cmd: CloseRoad,
  allowed: (edgeId: number) => Promise<void> = async () => undefined,
): Promise<{ closureId: number; edgeId: number }> {
  if (cmd.edgeId !== undefined && cmd.at) throw new DomainError('validation', 'give edgeId or at, not both');
  const edgeId = cmd.edgeId ?? (cmd.at ? routing.snap(cmd.at, 200).edgeId : undefined);
  if (edgeId === undefined) throw new DomainError('validation', 'give edgeId or at');
  await allowed(edgeId);
  const closureId = await db.transaction(async (tx) => {
    const repo = tx.get(RoadRepository);
    // the edge's row locked: of two closures of one road at once, the second waits and is told it is closed (not a 500 on the unique index)
    if (!(await repo.edgeExists(edgeId, true))) throw notFound(`road edge ${edgeId}`);
    const existing = await repo.activeClosureOn(edgeId);
    if (existing !== null) throw conflict('already_closed', `road edge ${edgeId} is already closed (closure ${existing})`, { closureId: existing });
    const id = await repo.insertClosure(edgeId, cmd.reason.trim(), cmd.by);
    await repo.announce({ kind: 'closure', edgeId, closed: true });
    return id;
  });
  routing.applyClosure(edgeId, true);
  return { closureId, edgeId };
}

/** Reopens a closed road. */
export async function reopenRoad(db: Db, routing: RoutingService, closureId: number, note: string | null): Promise<{ edgeId: number; stillClosed: boolean }> {
  const result = await db.transaction(async (tx) => {
    const repo = tx.get(RoadRepository);
    const c = await repo.closureById(closureId, true); // locked: of two reopens at once, the second is told it was already lifted
    if (!c) throw notFound(`closure ${closureId}`);
    if (c.reopenedAt) throw conflict('already_reopened', `closure ${closureId} was already lifted at ${new Date(c.reopenedAt).toISOString()}`);
    await repo.reopenClosure(closureId, c.edgeId, note);
    const stillClosed = (await repo.activeClosureOn(c.edgeId)) !== null;
    if (!stillClosed) await repo.announce({ kind: 'closure', edgeId: c.edgeId, closed: false });
    return { edgeId: c.edgeId, stillClosed };
  });
  if (!result.stillClosed) routing.applyClosure(result.edgeId, false);
  return result;
}

/** The use cases for the controller: closing and reopening roads on the record and the resident graph. */
@Injectable()
export class RoadClosures {
  constructor(
    private readonly db: Db,
    private readonly routing: RoutingService,
  ) {}

  close(cmd: CloseRoad, allowed: (edgeId: number) => Promise<void>): Promise<{ closureId: number; edgeId: number }> {
    return closeRoad(this.db, this.routing, cmd, allowed);
  }

  reopen(closureId: number, note: string | null): Promise<{ edgeId: number; stillClosed: boolean }> {
    return reopenRoad(this.db, this.routing, closureId, note);
  }
}

import { Injectable } from '@nestjs/common';
import { Db } from '../infra/db/unit-of-work';
import { notFound } from '../common/errors';
import { IncidentRepository } from './incident.repository';
import { AlertRow, AlertsRepository } from '../alerts/alerts.repository';

/** Dismisses an open alert with the dispatcher's reason, in the incident's timeline too; 404 when it is not open. */
export async function dismissAlert(db: Db, id: number, by: string, reason: string, check: (a: AlertRow) => void): Promise<AlertRow> {
  return db.transaction(async (tx) => {
    const alerts = tx.get(AlertsRepository);
    const a = await alerts.openById(id, true);
    if (!a) throw notFound(`open alert ${id}`);
    check(a);
    await alerts.resolve(id, 'dismissed', by, reason);
    await tx.get(IncidentRepository).event(a.incidentId, by, 'alert_dismissed', { alert: a.kind }, { unitId: a.unitId, reason });
    return a;
  });
}

/** The use case for a controller: dismissing an alert with its reason. */
@Injectable()
export class AlertDismissal {
  constructor(private readonly db: Db) {}
  dismiss(id: number, by: string, reason: string, check: (a: AlertRow) => void): Promise<AlertRow> {
    return dismissAlert(this.db, id, by, reason, check);
  }
}

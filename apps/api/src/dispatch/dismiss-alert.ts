import { DataSource } from 'typeorm';
import { notFound } from '../common/errors';
import { IncidentRepository } from './incident.repository';
import { AlertRow, AlertsRepository } from '../alerts/alerts.repository';

/** Dismisses an open alert with the dispatcher's reason, in the incident's timeline too; 404 when it is not open. */
export async function dismissAlert(ds: DataSource, id: number, by: string, reason: string, check: (a: AlertRow) => void): Promise<AlertRow> {
  return ds.transaction(async (tx) => {
    const alerts = new AlertsRepository(tx);
    const a = await alerts.openById(id, true);
    if (!a) throw notFound(`open alert ${id}`);
    check(a);
    await alerts.resolve(id, 'dismissed', by, reason);
    await new IncidentRepository(tx).event(a.incidentId, by, 'alert_dismissed', { alert: a.kind }, { unitId: a.unitId, reason });
    return a;
  });
}

/** The use case for a controller: dismissing an alert with its reason. */
export class AlertDismissal {
  constructor(private readonly ds: DataSource) {}
  dismiss(id: number, by: string, reason: string, check: (a: AlertRow) => void): Promise<AlertRow> {
    return dismissAlert(this.ds, id, by, reason, check);
  }
}

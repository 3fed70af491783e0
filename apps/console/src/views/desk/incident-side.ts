import type Map from 'ol/Map';
import { CapAreaLayer } from '../../layers/CapAreaLayer';
import { CapPanel } from './CapPanel';
import type { IncidentDetail } from './IncidentPanel';
import { PartnerPanel } from './PartnerPanel';

/**
 * The panels under an incident on the desk and the command view: the other agencies on it (联动) and
 * its public alerts (CAP, with their area on the map). They follow the incident shown, and are read
 * again when the server says another agency's side or an alert changed.
 */
export function incidentSidePanels(map: Map, canRequest: boolean) {
  const layer = new CapAreaLayer();
  map.addLayer(layer);
  const partners = new PartnerPanel(canRequest);
  const cap = new CapPanel({ map, layer });
  let current: { id: number | null; closed: boolean } = { id: null, closed: false };
  const read = (d: IncidentDetail | null) => {
    void partners.show(d?.id ?? null, d?.state === 'closed');
    void cap.show(d);
  };
  let last: IncidentDetail | null = null;
  return {
    elements: [partners.element, cap.element],
    /** the incident panel showed an incident: read its agencies and alerts when it is another one, or it closed or reopened (a unit's status is not theirs) */
    shown(d: IncidentDetail | null): void {
      last = d;
      const now = { id: d?.id ?? null, closed: d?.state === 'closed' };
      if (now.id === current.id && now.closed === current.closed) return;
      current = now;
      read(d);
    },
    /** partner:changed: the incident's agencies or alerts changed — read them again if it is the one shown */
    changed(incidentId: number): void {
      if (incidentId === current.id) read(last);
    },
    render(): void {
      partners.render();
      cap.render();
    },
  };
}

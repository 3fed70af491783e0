import type Map from 'ol/Map';
import { CapAreaLayer } from '../../layers/CapAreaLayer';
import { CapPanel } from './CapPanel';
import type { IncidentDetail } from './IncidentPanel';
import { PartnerPanel } from './PartnerPanel';

/**
 * The panels under an incident on the desk and the command view: the other agencies on it (联动) and
 * its public alerts (CAP, with their area on the map). They follow the incident shown (read again with
 * it when the server says another agency's side or an alert changed).
 */
export function incidentSidePanels(map: Map, canRequest: boolean) {
  const layer = new CapAreaLayer();
  map.addLayer(layer);
  const partners = new PartnerPanel(canRequest);
  const cap = new CapPanel({ map, layer });
  return {
    elements: [partners.element, cap.element],
    shown(d: IncidentDetail | null): void {
      void partners.show(d?.id ?? null, d?.state === 'closed');
      void cap.show(d);
    },
    render(): void {
      partners.render();
      cap.render();
    },
  };
}

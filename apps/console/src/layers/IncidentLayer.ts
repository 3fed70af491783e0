import VectorLayer from 'ol/layer/Vector';
import VectorSource from 'ol/source/Vector';
import Feature from 'ol/Feature';
import Point from 'ol/geom/Point';
import { fromLonLat } from 'ol/proj';
import { Fill, RegularShape, Stroke, Style, Text } from 'ol/style';
import type { FeatureLike } from 'ol/Feature';
import { getJson } from '../api';
import { levelColour, typeLabel } from '../labels';

import type { IncidentChangedMessage, IncidentSummary } from '@gan119/dispatch';
export type { IncidentSummary };

/**
 * Open incidents as stars coloured by 火警分级, labelled with their type: read once, then kept up to
 * date by the server's pushes (`apply`, incident:changed); read again when the live connection comes
 * back or the server says it may have missed changes.
 */
export class IncidentLayer extends VectorLayer<VectorSource> {
  incidents: IncidentSummary[] = [];
  /** the read under way (a later one supersedes it) and the changes pushed since it began */
  private reading = 0;
  private pushedSinceRead: IncidentChangedMessage[] = [];

  constructor(private readonly onLoaded: (list: IncidentSummary[]) => void = () => undefined) {
    super({ source: new VectorSource(), zIndex: 40, properties: { name: 'incidents' }, style: (f: FeatureLike) => IncidentLayer.style(f) });
    void this.reload();
  }

  /**
   * Reads the list again. A change pushed while the read is under way is applied on top of its answer
   * (the answer may have been taken before the change), and an answer overtaken by a later read is dropped.
   */
  async reload(): Promise<void> {
    const mine = ++this.reading;
    this.pushedSinceRead = [];
    const { incidents } = await getJson<{ incidents: IncidentSummary[] }>('/api/incidents?limit=200');
    if (mine !== this.reading) return;
    this.show(this.pushedSinceRead.reduce(withChange, incidents));
  }

  /** A pushed change: the incident is added, redrawn, or (closed, merged) taken off the map. */
  apply(m: IncidentChangedMessage): void {
    this.pushedSinceRead.push(m);
    this.show(withChange(this.incidents, m));
  }

  private show(incidents: IncidentSummary[]): void {
    this.incidents = incidents;
    const features = incidents.map((i) => {
      const f = new Feature({ geometry: new Point(fromLonLat([i.lon, i.lat])), level: i.level, type: i.type, id: i.id });
      f.setId(i.id);
      return f;
    });
    this.getSource()?.clear(true);
    this.getSource()?.addFeatures(features);
    document.body.dataset.incidents = String(incidents.length);
    this.onLoaded(incidents);
  }

  private static style(f: FeatureLike): Style {
    const colour = levelColour(Number(f.get('level')));
    return new Style({
      image: new RegularShape({ points: 5, radius: 12, radius2: 5, fill: new Fill({ color: colour }), stroke: new Stroke({ color: '#fff', width: 2 }) }),
      text: new Text({
        text: `#${f.get('id')} ${typeLabel(String(f.get('type')))}`,
        offsetY: -18,
        font: 'bold 12px "Noto Sans CJK SC", sans-serif',
        fill: new Fill({ color: colour }),
        stroke: new Stroke({ color: '#fff', width: 3 }),
      }),
    });
  }
}

/** The list after one pushed change, newest first as the list reads. */
function withChange(list: IncidentSummary[], m: IncidentChangedMessage): IncidentSummary[] {
  const rest = list.filter((i) => i.id !== m.incident.id);
  const gone = m.change === 'closed' || m.change === 'merged' || m.incident.state === 'closed';
  return gone ? rest : [m.incident, ...rest].sort((a, b) => Date.parse(b.reportedAt) - Date.parse(a.reportedAt));
}

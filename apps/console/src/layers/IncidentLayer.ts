import VectorLayer from 'ol/layer/Vector';
import VectorSource from 'ol/source/Vector';
import Feature from 'ol/Feature';
import Point from 'ol/geom/Point';
import { fromLonLat } from 'ol/proj';
import { Fill, RegularShape, Stroke, Style, Text } from 'ol/style';
import type { FeatureLike } from 'ol/Feature';
import { getJson } from '../api';
import { levelColour, typeLabel } from '../labels';

import type { IncidentSummary } from '@gan119/dispatch';
export type { IncidentSummary };

/** Open incidents as stars coloured by 火警分级, labelled with their type; reloaded on demand and every 10 s. */
export class IncidentLayer extends VectorLayer<VectorSource> {
  incidents: IncidentSummary[] = [];
  private readonly timer: number;

  constructor(private readonly onLoaded: (list: IncidentSummary[]) => void = () => undefined) {
    super({ source: new VectorSource(), zIndex: 40, properties: { name: 'incidents' }, style: (f: FeatureLike) => IncidentLayer.style(f) });
    void this.reload();
    this.timer = window.setInterval(() => void this.reload(), 10000);
  }

  stop(): void {
    window.clearInterval(this.timer);
  }

  async reload(): Promise<void> {
    const { incidents } = await getJson<{ incidents: IncidentSummary[] }>('/api/incidents?limit=200');
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

import VectorLayer from 'ol/layer/Vector';
import VectorSource from 'ol/source/Vector';
import Feature from 'ol/Feature';
import Point from 'ol/geom/Point';
import Translate from 'ol/interaction/Translate';
import type Map from 'ol/Map';
import { fromLonLat, toLonLat } from 'ol/proj';
import { Circle, Fill, Stroke, Style, Text } from 'ol/style';
import type { FeatureLike } from 'ol/Feature';

/** Proposed sites of new stations, numbered in the order proposed; the planner drags them to move them. */
export class SitesLayer extends VectorLayer<VectorSource> {
  private readonly src = new VectorSource();

  constructor(map: Map, onMoved: (sites: Array<{ lon: number; lat: number }>) => void) {
    super({ zIndex: 50, properties: { name: 'siting' }, style: (f: FeatureLike) => SitesLayer.style(f) });
    this.setSource(this.src);
    map.addLayer(this);
    const drag = new Translate({ layers: [this] });
    drag.on('translateend', () => onMoved(this.sites()));
    map.addInteraction(drag);
  }

  show(sites: ReadonlyArray<{ lon: number; lat: number }>): void {
    this.src.clear();
    this.src.addFeatures(sites.map((s, i) => new Feature({ geometry: new Point(fromLonLat([s.lon, s.lat])), rank: i + 1 })));
  }

  /** The sites as they stand now, in their order. */
  sites(): Array<{ lon: number; lat: number }> {
    return this.src
      .getFeatures()
      .sort((a, b) => Number(a.get('rank')) - Number(b.get('rank')))
      .map((f) => {
        const [lon, lat] = toLonLat((f.getGeometry() as Point).getCoordinates());
        return { lon, lat };
      });
  }

  private static style(f: FeatureLike): Style {
    return new Style({
      image: new Circle({ radius: 10, fill: new Fill({ color: '#1565c0' }), stroke: new Stroke({ color: '#fff', width: 2 }) }),
      text: new Text({ text: String(f.get('rank')), font: '600 11px sans-serif', fill: new Fill({ color: '#fff' }) }),
    });
  }
}

import VectorTileLayer from 'ol/layer/VectorTile';
import VectorTileSource from 'ol/source/VectorTile';
import MVT from 'ol/format/MVT';
import { Circle, Fill, Stroke, Style } from 'ol/style';
import type { FeatureLike } from 'ol/Feature';

const COLOUR: Record<string, string> = { in_service: '#1565c0', low_pressure: '#ef6c00', out_of_service: '#9e9e9e' };

/** Hydrants and natural water sources from the API's tiles (from zoom 11), coloured by status. */
export class WaterTileLayer extends VectorTileLayer {
  constructor() {
    const styles = new Map<string, Style>();
    super({
      source: new VectorTileSource({ format: new MVT(), url: '/api/tiles/water/{z}/{x}/{y}.mvt', minZoom: 11, maxZoom: 16 }),
      minZoom: 11,
      zIndex: 15,
      properties: { name: 'water' },
      style: (f: FeatureLike) => {
        const key = `${f.get('kind')}|${f.get('status')}`;
        let s = styles.get(key);
        if (!s) {
          const natural = f.get('kind') !== 'hydrant';
          s = new Style({
            image: new Circle({
              radius: natural ? 6 : 4,
              fill: new Fill({ color: COLOUR[String(f.get('status'))] ?? '#1565c0' }),
              stroke: new Stroke({ color: natural ? '#0d47a1' : '#fff', width: natural ? 2 : 1 }),
            }),
          });
          styles.set(key, s);
        }
        return s;
      },
    });
  }
}

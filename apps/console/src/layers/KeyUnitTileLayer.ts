import VectorTileLayer from 'ol/layer/VectorTile';
import VectorTileSource from 'ol/source/VectorTile';
import MVT from 'ol/format/MVT';
import { Circle, Fill, Stroke, Style, Text } from 'ol/style';
import type { FeatureLike } from 'ol/Feature';

/** Key units (重点单位) from the API's tiles: purple outlined areas or points, named at street zooms. */
export class KeyUnitTileLayer extends VectorTileLayer {
  constructor() {
    super({
      source: new VectorTileSource({ format: new MVT(), url: '/api/tiles/key_units/{z}/{x}/{y}.mvt', maxZoom: 16 }),
      minZoom: 9,
      zIndex: 12,
      declutter: true,
      properties: { name: 'key_units' },
      style: (f: FeatureLike, resolution: number) =>
        new Style({
          stroke: new Stroke({ color: '#6a1b9a', width: 2, lineDash: [6, 3] }),
          fill: new Fill({ color: 'rgba(106, 27, 154, 0.12)' }),
          image: new Circle({ radius: 6, fill: new Fill({ color: 'rgba(106, 27, 154, 0.6)' }), stroke: new Stroke({ color: '#fff', width: 1.5 }) }),
          text:
            resolution < 30
              ? new Text({
                  text: String(f.get('name')),
                  font: '600 12px "Noto Sans CJK SC", sans-serif',
                  fill: new Fill({ color: '#4a148c' }),
                  stroke: new Stroke({ color: '#fff', width: 3 }),
                  overflow: true,
                })
              : undefined,
        }),
    });
  }
}

import VectorLayer from 'ol/layer/Vector';
import VectorSource from 'ol/source/Vector';
import GeoJSON from 'ol/format/GeoJSON';
import { Fill, Stroke, Style, Text } from 'ol/style';
import type { FeatureLike } from 'ol/Feature';
import { getJson } from '../api';
import { lang } from '../i18n/i18n';

type Water = { available: boolean; lakes: object; rivers: object };

const LAKE = new Style({ fill: new Fill({ color: '#b3d9f2' }), stroke: new Stroke({ color: '#64a6d8', width: 1 }) });
const RIVER = new Style({ stroke: new Stroke({ color: '#64a6d8', width: 2 }) });

/** Lakes (Poyang Lake 鄱阳湖 …) and rivers (the Gan, the Yangtze …) under the roads, from the API's data set; named at closer zooms. */
export class LakeRiverLayer extends VectorLayer<VectorSource> {
  readonly ready: Promise<number>;

  constructor() {
    const source = new VectorSource();
    super({ source, zIndex: 2, declutter: true, properties: { name: 'lakes-rivers' }, style: (f: FeatureLike, res: number) => LakeRiverLayer.style(f, res) });
    const fmt = new GeoJSON();
    this.ready = getJson<Water>('/api/basemap/water').then(
      (w) => {
        source.addFeatures([
          ...fmt.readFeatures(w.lakes, { featureProjection: 'EPSG:3857' }),
          ...fmt.readFeatures(w.rivers, { featureProjection: 'EPSG:3857' }),
        ]);
        document.body.dataset.waterBodies = String(source.getFeatures().length);
        return source.getFeatures().length;
      },
      () => 0,
    );
  }

  private static style(f: FeatureLike, resolution: number): Style {
    const lake = f.getGeometry()?.getType().includes('Polygon');
    const name = String((lang() === 'zh-CN' ? f.get('name_zh') : null) ?? f.get('name_en') ?? f.get('name') ?? '');
    if (!name || resolution > 800) return lake ? LAKE : RIVER;
    const s = (lake ? LAKE : RIVER).clone();
    s.setText(
      new Text({
        text: name,
        font: 'italic 12px "Noto Sans CJK SC", sans-serif',
        fill: new Fill({ color: '#1565c0' }),
        stroke: new Stroke({ color: '#fff', width: 3 }),
        placement: lake ? 'point' : 'line',
        overflow: !lake,
      }),
    );
    return s;
  }
}

import VectorLayer from 'ol/layer/Vector';
import VectorSource from 'ol/source/Vector';
import GeoJSON from 'ol/format/GeoJSON';
import { Fill, RegularShape, Stroke, Style, Text } from 'ol/style';
import type { FeatureLike } from 'ol/Feature';
import { getJson } from '../api';

export type StationLayerOptions = { onLoaded?: (count: number) => void; onError?: (e: Error) => void };

const SPECIAL = new Set(['special_team']);

/** Fire stations and team bases: red squares (teams: dark red diamonds), "available/total" at city zooms. */
export class StationLayer extends VectorLayer<VectorSource> {
  readonly ready: Promise<number>;

  constructor(opts: StationLayerOptions = {}) {
    const source = new VectorSource();
    const cache = new Map<string, Style>();
    super({ source, declutter: true, properties: { name: 'stations' }, zIndex: 35, style: (f: FeatureLike, res: number) => StationLayer.style(f, res, cache) });
    this.ready = getJson<object>('/api/stations').then(
      (fc) => {
        source.addFeatures(new GeoJSON().readFeatures(fc, { featureProjection: 'EPSG:3857' }));
        opts.onLoaded?.(source.getFeatures().length);
        return source.getFeatures().length;
      },
      (e: Error) => {
        opts.onError?.(e);
        return 0;
      },
    );
  }

  /**
   * The units at each station now (available / total), from the live unit layer, so the label follows
   * every dispatch and return instead of the count read when the page opened.
   */
  setCounts(counts: ReadonlyMap<number, { available: number; total: number }>): void {
    for (const f of this.getSource()?.getFeatures() ?? []) {
      const c = counts.get(Number(f.get('id')));
      if (c && (c.available !== f.get('available') || c.total !== f.get('units'))) f.setProperties({ available: c.available, units: c.total });
    }
  }

  private static style(f: FeatureLike, resolution: number, cache: Map<string, Style>): Style {
    const team = SPECIAL.has(String(f.get('kind')));
    const label = resolution < 40 ? `${f.get('name')} ${f.get('available')}/${f.get('units')}` : '';
    const key = `${team}|${label}|${resolution < 300}`;
    let s = cache.get(key);
    if (!s) {
      s = new Style({
        image: new RegularShape({
          points: 4,
          radius: resolution < 300 ? (team ? 8 : 7) : 4,
          angle: team ? 0 : Math.PI / 4,
          fill: new Fill({ color: team ? '#7f0000' : '#d32f2f' }),
          stroke: new Stroke({ color: '#fff', width: 1.5 }),
          declutterMode: 'none',
        }),
        text: label
          ? new Text({
              text: label,
              offsetY: -16,
              font: '12px "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif',
              fill: new Fill({ color: '#b71c1c' }),
              stroke: new Stroke({ color: '#fff', width: 3 }),
            })
          : undefined,
      });
      cache.set(key, s);
    }
    return s;
  }
}

import VectorLayer from 'ol/layer/Vector';
import VectorSource from 'ol/source/Vector';
import GeoJSON from 'ol/format/GeoJSON';
import { Fill, Stroke, Style, Text } from 'ol/style';
import type { FeatureLike } from 'ol/Feature';
import { getJson } from '../api';

export type BoundaryLevel = 'province' | 'city' | 'county';

export type BoundaryLayerOptions = {
  level: BoundaryLevel;
  /** Simplification tolerance in degrees asked of the API. */
  simplify?: number;
  stroke: string;
  width: number;
  fill?: string;
  labels?: boolean;
  minZoom?: number;
  maxZoom?: number;
  onError?: (e: Error) => void;
};

/** Administrative boundaries of one level, fetched as GeoJSON from the API (no internet needed). */
export class BoundaryLayer extends VectorLayer<VectorSource> {
  readonly ready: Promise<number>;

  constructor(opts: BoundaryLayerOptions) {
    const source = new VectorSource();
    const base = new Style({
      stroke: new Stroke({ color: opts.stroke, width: opts.width }),
      fill: opts.fill ? new Fill({ color: opts.fill }) : undefined,
    });
    super({
      source,
      minZoom: opts.minZoom,
      maxZoom: opts.maxZoom,
      properties: { name: `boundary-${opts.level}` },
      style: opts.labels ? (f: FeatureLike) => BoundaryLayer.labelled(base, f) : base,
    });
    const url = `/api/admin-areas?level=${opts.level}&simplify=${opts.simplify ?? 0}`;
    this.ready = getJson<object>(url).then(
      (fc) => {
        source.addFeatures(new GeoJSON().readFeatures(fc, { featureProjection: 'EPSG:3857' }));
        return source.getFeatures().length;
      },
      (e: Error) => {
        opts.onError?.(e);
        return 0;
      },
    );
  }

  private static labelled(base: Style, f: FeatureLike): Style {
    const s = base.clone();
    s.setText(
      new Text({
        text: String(f.get('name') ?? ''),
        font: '600 13px "Noto Sans CJK SC", "Microsoft YaHei", sans-serif',
        fill: new Fill({ color: '#263238' }),
        stroke: new Stroke({ color: 'rgba(255,255,255,0.9)', width: 3 }),
        overflow: true,
      }),
    );
    return s;
  }
}

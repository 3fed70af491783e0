import VectorLayer from 'ol/layer/Vector';
import VectorSource from 'ol/source/Vector';
import GeoJSON from 'ol/format/GeoJSON';
import { Fill, Stroke, Style, Text } from 'ol/style';
import type { FeatureLike } from 'ol/Feature';
import MultiPolygon from 'ol/geom/MultiPolygon';
import Polygon from 'ol/geom/Polygon';
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

  private static labelled(base: Style, f: FeatureLike): Style[] {
    const label = new Style({ geometry: BoundaryLayer.labelPoint });
    label.setText(
      new Text({
        text: String(f.get('name') ?? ''),
        font: '600 13px "Noto Sans CJK SC", "Microsoft YaHei", sans-serif',
        fill: new Fill({ color: '#263238' }),
        stroke: new Stroke({ color: 'rgba(255,255,255,0.9)', width: 3 }),
        overflow: true,
      }),
    );
    return [base, label];
  }

  /** One label per area, at the interior point of its largest part (not one per island). */
  private static labelPoint(f: FeatureLike) {
    const g = f.getGeometry();
    if (g instanceof MultiPolygon) {
      const largest = g.getPolygons().reduce((a: Polygon, b: Polygon) => (b.getArea() > a.getArea() ? b : a));
      return largest.getInteriorPoint();
    }
    return g instanceof Polygon ? g.getInteriorPoint() : undefined;
  }
}

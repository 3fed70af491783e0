import type Map from 'ol/Map';
import VectorLayer from 'ol/layer/Vector';
import VectorSource from 'ol/source/Vector';
import GeoJSON from 'ol/format/GeoJSON';
import { transformExtent } from 'ol/proj';
import { Stroke, Style } from 'ol/style';
import type { FeatureLike } from 'ol/Feature';
import { getJson } from '../api';

/** From this zoom the gaps are drawn street by street (a box of at most 0.5° a side). */
export const GAP_MIN_ZOOM = 13;
const STYLES = {
  radius: new Style({ stroke: new Stroke({ color: '#d32f2f', width: 4 }) }),
  spacing: new Style({ stroke: new Stroke({ color: '#ffa000', width: 3, lineDash: [6, 4] }) }),
};

/**
 * The hydrant gaps of the built-up streets in view (GB 50974): red where no in-service hydrant is
 * within 150 m along the street, dashed amber where one is but hydrants stand more than 120 m apart.
 * Read again for the view when it moves (zoomed in); nothing drawn farther out.
 */
export class HydrantGapLayer extends VectorLayer<VectorSource> {
  private seq = 0;

  constructor(
    private readonly map: Map,
    private readonly onShown: (n: number | null, total: number | null) => void,
    private readonly onError: (e: Error) => void,
  ) {
    super({
      zIndex: 30,
      properties: { name: 'hydrant-gaps' },
      source: new VectorSource(),
      style: (f: FeatureLike) => STYLES[f.get('kind') as 'radius' | 'spacing'] ?? STYLES.radius,
    });
    map.on('moveend', () => void this.refresh());
  }

  async refresh(): Promise<void> {
    const source = this.getSource();
    if (!source || !this.getVisible()) return;
    const view = this.map.getView();
    const my = ++this.seq;
    if ((view.getZoom() ?? 0) < GAP_MIN_ZOOM) {
      source.clear();
      this.onShown(null, null);
      return;
    }
    const [a, b, c, d] = transformExtent(view.calculateExtent(this.map.getSize()), 'EPSG:3857', 'EPSG:4326');
    try {
      const fc = await getJson<{ total: number; features: unknown[] }>(
        `/api/coverage/hydrants/gaps?bbox=${[a, b, c, d].map((x) => x.toFixed(5)).join(',')}&limit=5000`,
      );
      if (my !== this.seq) return;
      source.clear();
      source.addFeatures(new GeoJSON().readFeatures(fc, { featureProjection: 'EPSG:3857' }));
      this.onShown(fc.features.length, fc.total);
    } catch (e) {
      if (my === this.seq) this.onError(e as Error);
    }
  }
}

import VectorLayer from 'ol/layer/Vector';
import VectorSource from 'ol/source/Vector';
import GeoJSON from 'ol/format/GeoJSON';
import { Fill, Stroke, Style } from 'ol/style';
import type { FeatureLike } from 'ol/Feature';

/** The colour of each threshold's area: 3 min dark green, 5 green, 8 amber, 10 orange. */
const COLOURS: Record<number, string> = { 180: '27,94,32', 300: '67,160,71', 480: '251,192,45', 600: '239,108,0' };

/** One station's reach: an area per threshold, the largest underneath, each outlined in its colour. */
export class ReachLayer extends VectorLayer<VectorSource> {
  private readonly src = new VectorSource();

  constructor() {
    super({ zIndex: 30, properties: { name: 'station-reach' }, style: (f: FeatureLike) => ReachLayer.style(f) });
    this.setSource(this.src);
  }

  show(areas: ReadonlyArray<{ seconds: number; polygon: object | null }>): void {
    this.src.clear();
    const format = new GeoJSON();
    for (const a of [...areas].reverse()) {
      if (!a.polygon) continue;
      const f = format.readFeature({ type: 'Feature', geometry: a.polygon, properties: { seconds: a.seconds } }, { featureProjection: 'EPSG:3857' });
      this.src.addFeatures(Array.isArray(f) ? f : [f]);
    }
  }

  clear(): void {
    this.src.clear();
  }

  private static style(f: FeatureLike): Style {
    const c = COLOURS[Number(f.get('seconds'))] ?? '120,144,156';
    return new Style({ fill: new Fill({ color: `rgba(${c},0.18)` }), stroke: new Stroke({ color: `rgba(${c},0.95)`, width: 2 }) });
  }
}

import VectorTileLayer from 'ol/layer/VectorTile';
import VectorTileSource from 'ol/source/VectorTile';
import MVT from 'ol/format/MVT';
import { Stroke, Style } from 'ol/style';
import type { FeatureLike } from 'ol/Feature';

/** Minutes from the nearest station, in the 5-minute rule's steps: within 3, 5, 8, 10, 20, beyond. */
export const FIRST_ENGINE_STEPS: Array<{ upTo: number; colour: string }> = [
  { upTo: 3, colour: '#1b5e20' },
  { upTo: 5, colour: '#43a047' },
  { upTo: 8, colour: '#fbc02d' },
  { upTo: 10, colour: '#fb8c00' },
  { upTo: 20, colour: '#e53935' },
  { upTo: Infinity, colour: '#6d1b7b' },
];

/**
 * The roads coloured by minutes to the first engine (the nearest station, driving), from the API's
 * vector tiles of the layer the worker keeps current (closures and station changes included).
 */
export class FirstEngineTileLayer extends VectorTileLayer {
  constructor() {
    const styles = new Map<string, Style>();
    super({
      source: new VectorTileSource({ format: new MVT(), url: '/api/tiles/first_engine/{z}/{x}/{y}.mvt', minZoom: 7, maxZoom: 16 }),
      minZoom: 8,
      zIndex: 13,
      opacity: 0.9,
      properties: { name: 'first-engine' },
      style: (f: FeatureLike, res: number) => {
        const minutes = Number(f.get('minutes'));
        const step = FIRST_ENGINE_STEPS.findIndex((s) => minutes < s.upTo);
        const wide = res < 20 ? 4 : res < 80 ? 3 : 2;
        const key = `${step}|${wide}`;
        let s = styles.get(key);
        if (!s) {
          s = new Style({ stroke: new Stroke({ color: FIRST_ENGINE_STEPS[step]?.colour ?? '#6d1b7b', width: wide }) });
          styles.set(key, s);
        }
        return s;
      },
    });
  }
}

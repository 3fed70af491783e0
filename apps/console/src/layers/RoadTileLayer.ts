import VectorTileLayer from 'ol/layer/VectorTile';
import VectorTileSource from 'ol/source/VectorTile';
import MVT from 'ol/format/MVT';
import { Stroke, Style, Text, Fill } from 'ol/style';
import type { FeatureLike } from 'ol/Feature';

export type RoadTileLayerOptions = {
  /** tile URL template of the API's road tiles */
  url?: string;
  /** called with the number of tiles loaded so far (for progress and tests) */
  onTiles?: (loaded: number, failed: number) => void;
};

type ClassStyle = { colour: string; casing: string; width: number; z: number };
const CLASS_STYLE: Record<string, ClassStyle> = {
  motorway: { colour: '#f29d52', casing: '#b3662b', width: 4, z: 9 },
  motorway_link: { colour: '#f29d52', casing: '#b3662b', width: 2, z: 8 },
  trunk: { colour: '#fbc36a', casing: '#b7873a', width: 3.2, z: 8 },
  trunk_link: { colour: '#fbc36a', casing: '#b7873a', width: 1.8, z: 7 },
  primary: { colour: '#fde293', casing: '#b39a4f', width: 2.6, z: 7 },
  primary_link: { colour: '#fde293', casing: '#b39a4f', width: 1.6, z: 6 },
  secondary: { colour: '#ffffff', casing: '#9e9e9e', width: 2.2, z: 6 },
  secondary_link: { colour: '#ffffff', casing: '#9e9e9e', width: 1.4, z: 5 },
  tertiary: { colour: '#ffffff', casing: '#aaaaaa', width: 1.8, z: 5 },
};
const MINOR: ClassStyle = { colour: '#ffffff', casing: '#c2c2c2', width: 1.2, z: 4 };

/** The offline basemap's roads: the API's PostGIS vector tiles, drawn by class, closures in red. */
export class RoadTileLayer extends VectorTileLayer {
  constructor(opts: RoadTileLayerOptions = {}) {
    let loaded = 0;
    let failed = 0;
    const source = new VectorTileSource({ format: new MVT(), url: opts.url ?? '/api/tiles/roads/{z}/{x}/{y}.mvt', maxZoom: 16 });
    source.on('tileloadend', () => opts.onTiles?.(++loaded, failed));
    source.on('tileloaderror', () => opts.onTiles?.(loaded, ++failed));
    const cache = new Map<string, Style[]>();
    super({
      source,
      declutter: true,
      properties: { name: 'roads' },
      style: (f: FeatureLike, resolution: number) => RoadTileLayer.style(f, resolution, cache),
    });
  }

  private static style(f: FeatureLike, resolution: number, cache: Map<string, Style[]>): Style[] {
    const cls = String(f.get('class'));
    const closed = f.get('closed') === true;
    const s = CLASS_STYLE[cls] ?? MINOR;
    const scale = resolution > 600 ? 0.5 : resolution > 150 ? 0.75 : 1;
    const name = resolution < 20 ? String(f.get('name') ?? '') : '';
    const key = `${cls}|${closed}|${scale}|${name}`;
    let styles = cache.get(key);
    if (!styles) {
      styles = [
        new Style({ stroke: new Stroke({ color: closed ? '#b71c1c' : s.casing, width: s.width * scale + 1.5 }), zIndex: s.z }),
        new Style({
          stroke: new Stroke({ color: closed ? '#ef5350' : s.colour, width: s.width * scale, lineDash: closed ? [6, 4] : undefined }),
          zIndex: s.z + 10,
          text: name
            ? new Text({
                text: name,
                placement: 'line',
                font: '12px "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif',
                fill: new Fill({ color: '#37474f' }),
                stroke: new Stroke({ color: '#fff', width: 3 }),
              })
            : undefined,
        }),
      ];
      cache.set(key, styles);
    }
    return styles;
  }
}

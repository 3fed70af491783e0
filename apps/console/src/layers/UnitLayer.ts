import VectorLayer from 'ol/layer/Vector';
import VectorSource from 'ol/source/Vector';
import Feature from 'ol/Feature';
import Point from 'ol/geom/Point';
import { fromLonLat } from 'ol/proj';
import { Circle, Fill, Stroke, Style, Text } from 'ol/style';
import type { FeatureLike } from 'ol/Feature';
import { getJson } from '../api';

export const STATUS_COLOUR: Record<string, string> = {
  available: '#2e7d32', dispatched: '#f57c00', en_route: '#ffa000', on_scene: '#c62828', returning: '#1565c0', out_of_service: '#757575', in_drill: '#6a1b9a',
};

type Unit = { id: number; name: string; kind: string; status: string; home: { lon: number; lat: number }; station: { id: number } };
type Live = { unitId: number; lon: number; lat: number; stale: boolean; ts: string };

export type UnitLayerOptions = { refreshMs?: number; onLoaded?: (units: number, live: number) => void; onError?: (e: Error) => void };

/**
 * Every unit: at its live AVL position when it reports (stale ones hollow), otherwise around its
 * station; coloured by status. Refreshed by polling until live events arrive over websockets.
 */
export class UnitLayer extends VectorLayer<VectorSource> {
  private timer: number | undefined;

  constructor(private readonly opts: UnitLayerOptions = {}) {
    const cache = new Map<string, Style>();
    super({ source: new VectorSource(), declutter: true, zIndex: 30, properties: { name: 'units' }, style: (f: FeatureLike, res: number) => UnitLayer.style(f, res, cache) });
    void this.refresh();
    this.timer = window.setInterval(() => void this.refresh(), opts.refreshMs ?? 5000);
  }

  stop(): void {
    window.clearInterval(this.timer);
  }

  async refresh(): Promise<void> {
    try {
      const [{ units }, { positions }] = await Promise.all([getJson<{ units: Unit[] }>('/api/units?limit=2000'), getJson<{ positions: Live[] }>('/api/avl/live')]);
      const live = new Map(positions.map((p) => [p.unitId, p]));
      const perStation = new Map<number, number>();
      const features = units.map((u) => {
        const p = live.get(u.id);
        let at: [number, number];
        if (p) at = [p.lon, p.lat];
        else {
          // parked around the station on a small ring, so each can be seen
          const k = perStation.get(u.station.id) ?? 0;
          perStation.set(u.station.id, k + 1);
          const a = (k * 2 * Math.PI) / 8;
          at = [u.home.lon + 0.0006 * Math.cos(a) * (1 + Math.floor(k / 8)), u.home.lat + 0.0005 * Math.sin(a) * (1 + Math.floor(k / 8))];
        }
        const f = new Feature({ geometry: new Point(fromLonLat(at)), name: u.name, status: u.status, stale: p?.stale ?? false, live: !!p });
        f.setId(u.id);
        return f;
      });
      const source = this.getSource();
      source?.clear(true);
      source?.addFeatures(features);
      this.opts.onLoaded?.(units.length, positions.length);
    } catch (e) {
      this.opts.onError?.(e as Error);
    }
  }

  private static style(f: FeatureLike, resolution: number, cache: Map<string, Style>): Style {
    const status = String(f.get('status'));
    const stale = f.get('stale') === true;
    const label = resolution < 8 ? String(f.get('name')) : '';
    const key = `${status}|${stale}|${label}|${resolution < 150}`;
    let s = cache.get(key);
    if (!s) {
      const colour = STATUS_COLOUR[status] ?? '#000';
      s = new Style({
        image: new Circle({
          radius: resolution < 150 ? 5 : 2.5,
          fill: new Fill({ color: stale ? '#ffffff' : colour }),
          stroke: new Stroke({ color: colour, width: stale ? 2.5 : 1 }),
          declutterMode: 'none', // every unit is drawn; only the labels make way for each other
        }),
        text: label ? new Text({ text: label, offsetY: 12, font: '11px "Noto Sans CJK SC", sans-serif', fill: new Fill({ color: '#263238' }), stroke: new Stroke({ color: '#fff', width: 3 }) }) : undefined,
      });
      cache.set(key, s);
    }
    return s;
  }
}

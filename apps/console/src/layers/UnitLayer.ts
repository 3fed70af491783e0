import VectorLayer from 'ol/layer/Vector';
import VectorSource from 'ol/source/Vector';
import Feature from 'ol/Feature';
import Point from 'ol/geom/Point';
import { fromLonLat } from 'ol/proj';
import { Circle, Fill, Stroke, Style, Text } from 'ol/style';
import type { FeatureLike } from 'ol/Feature';
import type { PositionMessage, Snapshot } from '@gan119/dispatch';
import { getJson } from '../api';

export const STATUS_COLOUR: Record<string, string> = {
  available: '#2e7d32',
  dispatched: '#f57c00',
  en_route: '#ffa000',
  on_scene: '#c62828',
  returning: '#1565c0',
  out_of_service: '#757575',
  in_drill: '#6a1b9a',
};

/** metres per pixel above which units at one spot are drawn stacked, not fanned out (about zoom 13) */
const SPREAD_MAX_RESOLUTION = 20;

export type UnitInfo = {
  id: number;
  code: string;
  name: string;
  kind: string;
  status: string;
  cityAdcode: number;
  home: { lon: number; lat: number };
  station: { id: number; name: string };
};
type Live = { unitId: number; lon: number; lat: number; stale: boolean; ts: string };

export type UnitLayerOptions = { refreshMs?: number; onLoaded?: (units: number, live: number) => void; onChange?: () => void; onError?: (e: Error) => void };

/**
 * Every unit: at its live AVL position when it reports (stale ones hollow), otherwise around its
 * station; coloured by status. Loaded over REST, then kept current by the live feed (snapshot, status
 * and positions); a slow REST refresh stays as the safety net while the feed is down.
 */
export class UnitLayer extends VectorLayer<VectorSource> {
  private timer: number | undefined;
  readonly units = new Map<number, UnitInfo>();
  private readonly live = new Map<number, Live>();
  private filter: (u: UnitInfo) => boolean = () => true;
  /** settles after the first load (whether it succeeded or not) */
  readonly ready: Promise<void>;

  constructor(private readonly opts: UnitLayerOptions = {}) {
    const cache = new Map<string, Style>();
    super({
      source: new VectorSource(),
      declutter: true,
      zIndex: 30,
      properties: { name: 'units' },
      style: (f: FeatureLike, res: number) => UnitLayer.style(f, res, cache),
    });
    this.ready = this.refresh();
    this.timer = window.setInterval(() => void this.refresh(), opts.refreshMs ?? 30000);
  }

  stop(): void {
    window.clearInterval(this.timer);
  }

  async refresh(): Promise<void> {
    try {
      const [{ units }, { positions }] = await Promise.all([
        getJson<{ units: UnitInfo[] }>('/api/units?limit=2000'),
        getJson<{ positions: Live[] }>('/api/avl/live'),
      ]);
      this.units.clear();
      units.forEach((u) => this.units.set(u.id, u));
      this.live.clear();
      positions.forEach((p) => this.live.set(p.unitId, p));
      this.redraw();
      this.opts.onLoaded?.(units.length, positions.length);
    } catch (e) {
      this.opts.onError?.(e as Error);
    }
  }

  /** What a console receives on (re)connect: every unit's status and position. */
  applySnapshot(s: Snapshot): void {
    for (const u of s.units) {
      const info = this.units.get(u.unitId);
      if (info) info.status = u.status;
      if (u.lon !== null && u.lat !== null && u.ts) this.live.set(u.unitId, { unitId: u.unitId, lon: u.lon, lat: u.lat, ts: u.ts, stale: u.stale });
    }
    this.redraw();
  }

  setStatus(unitId: number, status: string): void {
    const info = this.units.get(unitId);
    if (!info) return;
    info.status = status;
    const f = this.getSource()?.getFeatureById(unitId);
    if (f && this.filter(info)) {
      f.set('status', status);
      this.spread();
    } else this.redraw();
    this.opts.onChange?.();
  }

  moveTo(positions: PositionMessage[]): void {
    for (const p of positions) {
      this.live.set(p.unitId, { unitId: p.unitId, lon: p.lon, lat: p.lat, ts: p.ts, stale: false });
      const f = this.getSource()?.getFeatureById(p.unitId) as Feature<Point> | null | undefined;
      if (f) {
        f.getGeometry()?.setCoordinates(fromLonLat([p.lon, p.lat]));
        f.set('stale', false);
        f.set('live', true);
      }
    }
    this.spread();
    document.body.dataset.liveUnits = String(this.live.size);
    const last = positions[positions.length - 1];
    if (last) document.body.dataset.lastMoved = `${last.unitId}@${last.lon.toFixed(5)},${last.lat.toFixed(5)}`;
  }

  setFilter(fn: (u: UnitInfo) => boolean): void {
    this.filter = fn;
    this.redraw();
  }

  /** Where the unit is: its fresh AVL position, else its station. */
  position(unitId: number): [number, number] | null {
    const p = this.live.get(unitId);
    if (p && !p.stale) return [p.lon, p.lat];
    const u = this.units.get(unitId);
    return u ? [u.home.lon, u.home.lat] : null;
  }

  private redraw(): void {
    const perStation = new Map<number, number>();
    const features: Feature[] = [];
    for (const u of this.units.values()) {
      if (!this.filter(u)) continue;
      const p = this.live.get(u.id);
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
      features.push(f);
    }
    const source = this.getSource();
    source?.clear(true);
    source?.addFeatures(features);
    this.spread();
    this.opts.onChange?.();
  }

  /**
   * Units at the same spot (the engines of one incident, on scene) are drawn on a ring around it, a
   * fixed number of pixels out at every zoom, so none hides another or the incident's star beneath.
   */
  private spread(): void {
    const source = this.getSource();
    if (!source) return;
    const groups = new Map<string, Feature[]>();
    for (const f of source.getFeatures()) {
      if (!f.get('live')) {
        f.set('offset', undefined, true);
        continue;
      }
      const [x, y] = (f.getGeometry() as Point).getCoordinates();
      const key = `${Math.round(x / 25)}:${Math.round(y / 25)}`; // 25 m cells in the map's metres
      const g = groups.get(key);
      if (g) g.push(f);
      else groups.set(key, [f]);
    }
    for (const g of groups.values()) {
      const ring = g.length > 1 || g[0].get('status') === 'on_scene';
      const r = Math.min(48, Math.max(16, (g.length * 18) / (2 * Math.PI)));
      g.forEach((f, k) => {
        const a = Math.PI / 2 + (2 * Math.PI * k) / g.length;
        const next = ring ? [Math.round(r * Math.cos(a)), Math.round(r * Math.sin(a))] : undefined;
        const prev = f.get('offset') as number[] | undefined;
        if (prev?.[0] !== next?.[0] || prev?.[1] !== next?.[1]) f.set('offset', next);
      });
    }
  }

  private static style(f: FeatureLike, resolution: number, cache: Map<string, Style>): Style {
    const base = UnitLayer.baseStyle(f, resolution, cache);
    const offset = f.get('offset') as [number, number] | undefined;
    const geometry = f.getGeometry();
    // only at street zooms: from further out a ring of pixels would put the engines kilometres from their scene
    if (!offset || resolution > SPREAD_MAX_RESOLUTION || !(geometry instanceof Point)) return base;
    const [x, y] = geometry.getCoordinates();
    const s = base.clone();
    s.setGeometry(new Point([x + offset[0] * resolution, y + offset[1] * resolution]));
    return s;
  }

  private static baseStyle(f: FeatureLike, resolution: number, cache: Map<string, Style>): Style {
    const status = String(f.get('status'));
    const stale = f.get('stale') === true;
    const busy = status !== 'available';
    const label = resolution < 8 || (busy && resolution < 80) ? String(f.get('name')) : '';
    const key = `${status}|${stale}|${label}|${resolution < 150}`;
    let s = cache.get(key);
    if (!s) {
      const colour = STATUS_COLOUR[status] ?? '#000';
      s = new Style({
        image: new Circle({
          radius: busy ? 7 : resolution < 150 ? 5 : 2.5,
          fill: new Fill({ color: stale ? '#ffffff' : colour }),
          stroke: new Stroke({ color: busy ? '#fff' : colour, width: stale ? 2.5 : busy ? 2 : 1 }),
          declutterMode: 'none', // every unit is drawn; only the labels make way for each other
        }),
        text: label
          ? new Text({
              text: label,
              offsetY: 14,
              font: '11px "Noto Sans CJK SC", sans-serif',
              fill: new Fill({ color: '#263238' }),
              stroke: new Stroke({ color: '#fff', width: 3 }),
            })
          : undefined,
        zIndex: busy ? 2 : 1,
      });
      cache.set(key, s);
    }
    return s;
  }
}

import type Map from 'ol/Map';
import { applyHashView, createMap } from './map/createMap';
import { BoundaryLayer } from './layers/BoundaryLayer';
import { RoadTileLayer } from './layers/RoadTileLayer';
import { StationLayer } from './layers/StationLayer';
import { WaterTileLayer } from './layers/WaterTileLayer';
import { UnitLayer } from './layers/UnitLayer';
import { KeyUnitTileLayer } from './layers/KeyUnitTileLayer';
import { Basemap, onlineBasemapLayer } from './layers/OnlineBasemapLayer';
import { LakeRiverLayer } from './layers/LakeRiverLayer';
import { getJson } from './api';
import { lang, onLang, setLang, t } from './i18n/i18n';
import { session, signOut } from './auth';
import { setChildren } from './labels';
import type { MessageKey } from './i18n/catalogue';

export const el = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

export type ViewName = 'command' | 'dispatch' | 'monitor' | 'stats' | 'coverage' | 'drills' | 'tablet';
export const VIEWS: Array<{ name: ViewName; key: MessageKey }> = [
  { name: 'dispatch', key: 'viewDispatch' },
  { name: 'command', key: 'viewCommand' },
  { name: 'monitor', key: 'viewMonitor' },
  { name: 'stats', key: 'viewStats' },
  { name: 'coverage', key: 'viewCoverage' },
  { name: 'drills', key: 'viewDrills' },
  { name: 'tablet', key: 'viewTablet' },
];

type Region = { name: string; synthetic: boolean; attribution: string; source: string };

export type ConsoleConfig = { basemap: Basemap | null; authRequired: boolean; demoTokens: boolean };

export type Shell = {
  config: Promise<ConsoleConfig>;
  map: Map;
  units: UnitLayer;
  panel: HTMLElement;
  view: ViewName;
  params: URLSearchParams;
  showError(e: Error): void;
  setLive(state: 'up' | 'down'): void;
  refreshRoads(): void;
};

/** The page every view shares: top bar (title, views, data note, live state, language), the basemap and the units. */
export function createShell(): Shell {
  const params = new URLSearchParams(location.search);
  const view = (VIEWS.find((v) => v.name === params.get('view'))?.name ?? 'command') as ViewName;
  document.body.classList.add(view);
  let regions: Region[] = [];
  let basemap: Basemap | null = null;
  let live: 'up' | 'down' | null = null;

  const renderChrome = () => {
    document.title = `${t('appTitle')} · ${t(VIEWS.find((v) => v.name === view)?.key ?? 'viewCommand')}`;
    el('app-title').textContent = t('appTitle');
    el('lang-toggle').textContent = t('langToggle');
    el('views').replaceChildren(
      ...VIEWS.map((v) =>
        Object.assign(document.createElement('a'), {
          href: `?view=${v.name}${v.name === 'tablet' && params.get('unit') ? `&unit=${params.get('unit')}` : ''}`,
          textContent: t(v.key),
          className: v.name === view ? 'current' : '',
        }),
      ),
    );
    el('attribution').textContent = [t('attributionBoundaries'), ...new Set(regions.map((r) => r.attribution)), basemap?.attribution]
      .filter(Boolean)
      .join(' · ');
    const note = el('data-note');
    if (!note.classList.contains('error')) {
      note.textContent =
        regions.length === 0
          ? t('roadsNone')
          : regions.some((r) => r.synthetic)
            ? t('roadsSynthetic')
            : `${t('roadsReal')}${regions.map((r) => r.source).join(', ')}`;
      note.classList.toggle(
        'synthetic',
        regions.some((r) => r.synthetic),
      );
    }
    const who = session();
    setChildren(
      el('user'),
      ...(who
        ? [
            `${who.user.displayName} `,
            Object.assign(document.createElement('button'), {
              id: 'sign-out',
              type: 'button',
              textContent: t('signOut'),
              onclick: () => void signOut().then(() => location.reload()),
            }),
          ]
        : []),
    );
    const ls = el('live-state');
    ls.textContent = live === null ? '' : live === 'up' ? t('liveUp') : t('liveDown');
    ls.className = live ?? '';
  };
  const showError = (e: Error) => {
    if (!session() && /sign in/.test(e.message)) return; // the sign-in form says it
    el('data-note').textContent = `${t('loadFailed')}${e.message}`;
    el('data-note').classList.add('error');
  };

  const map = createMap(el('map'));
  map.on('moveend', () => (document.body.dataset.zoom = String(Math.round(map.getView().getZoom() ?? 0))));
  const province = new BoundaryLayer({ level: 'province', stroke: '#c62828', width: 3, fill: 'rgba(255,248,225,0.35)', onError: showError });
  const cities = new BoundaryLayer({ level: 'city', simplify: 0.002, stroke: '#6d4c41', width: 1.5, labels: true, onError: showError });
  const counties = new BoundaryLayer({ level: 'county', simplify: 0.001, stroke: 'rgba(109,76,65,0.45)', width: 0.8, minZoom: 8, onError: showError });
  const roads = new RoadTileLayer({
    onTiles: (loaded, failed) => {
      document.body.dataset.roadTiles = String(loaded);
      document.body.dataset.roadTileErrors = String(failed);
    },
  });
  const stations = new StationLayer({ onLoaded: (n) => (document.body.dataset.stations = String(n)), onError: showError });
  const units = new UnitLayer({
    onLoaded: (n, liveUnits) => {
      document.body.dataset.units = String(n);
      document.body.dataset.liveUnits = String(liveUnits);
    },
    onError: showError,
    onChange: () => stationCounts(),
  });
  // station labels follow the units' statuses (throttled: AVL and status changes come in bursts)
  let countsTimer: number | undefined;
  const stationCounts = () => {
    if (countsTimer !== undefined) return;
    countsTimer = window.setTimeout(() => {
      countsTimer = undefined;
      const counts = new globalThis.Map<number, { available: number; total: number }>();
      for (const u of units.units.values()) {
        const c = counts.get(u.station.id) ?? { available: 0, total: 0 };
        c.total++;
        if (u.status === 'available') c.available++;
        counts.set(u.station.id, c);
      }
      stations.setCounts(counts);
    }, 500);
  };
  [province, new LakeRiverLayer(), roads, counties, cities, new KeyUnitTileLayer(), new WaterTileLayer(), stations, units].forEach((l) => map.addLayer(l));
  const config = getJson<ConsoleConfig>('/api/console-config');
  void config.then((c) => {
    basemap = c.basemap;
    if (basemap) {
      map.addLayer(onlineBasemapLayer(basemap));
      document.body.dataset.basemap = basemap.crs;
      renderChrome();
    }
  }, showError);
  void getJson<{ regions: Region[] }>('/api/roads/regions').then((r) => {
    regions = r.regions;
    renderChrome();
  }, showError);
  el('lang-toggle').addEventListener('click', () => setLang(lang() === 'zh-CN' ? 'en' : 'zh-CN'));
  onLang(renderChrome);
  void Promise.all([province.ready, cities.ready, counties.ready]).then(([p, c, k]) => {
    document.body.dataset.boundaries = `${p},${c},${k}`;
    const extent = province.getSource()?.getExtent();
    if (!applyHashView(map) && p > 0 && extent && !document.body.dataset.focused) map.getView().fit(extent, { padding: [40, 40, 40, 40] });
  });
  return {
    config,
    map,
    units,
    panel: el('panel'),
    view,
    params,
    showError,
    refreshRoads: () => roads.getSource()?.refresh(),
    setLive: (state) => {
      live = state;
      document.body.dataset.live = state;
      renderChrome();
    },
  };
}

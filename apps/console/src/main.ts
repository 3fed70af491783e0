import 'ol/ol.css';
import './style.css';
import { applyHashView, createMap } from './map/createMap';
import { BoundaryLayer } from './layers/BoundaryLayer';
import { RoadTileLayer } from './layers/RoadTileLayer';
import { StationLayer } from './layers/StationLayer';
import { WaterTileLayer } from './layers/WaterTileLayer';
import { UnitLayer } from './layers/UnitLayer';
import { KeyUnitTileLayer } from './layers/KeyUnitTileLayer';
import { getJson } from './api';
import { lang, onLang, setLang, t } from './i18n/i18n';

const el = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

type Region = { name: string; synthetic: boolean; attribution: string; source: string };
let regions: Region[] = [];

function renderChrome(): void {
  document.title = t('appTitle');
  el('app-title').textContent = t('appTitle');
  el('lang-toggle').textContent = t('langToggle');
  const roads = regions.map((r) => r.attribution);
  el('attribution').textContent = [t('attributionBoundaries'), ...new Set(roads)].join(' · ');
  const note = el('data-note');
  if (!note.classList.contains('error')) {
    note.textContent = regions.length === 0 ? t('roadsNone') : regions.some((r) => r.synthetic) ? t('roadsSynthetic') : `${t('roadsReal')}${regions.map((r) => r.source).join(', ')}`;
    note.classList.toggle('synthetic', regions.some((r) => r.synthetic));
  }
}

function showError(e: Error): void {
  el('data-note').textContent = `${t('loadFailed')}${e.message}`;
  el('data-note').classList.add('error');
}

const map = createMap(el('map'));
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
const water = new WaterTileLayer();
const units = new UnitLayer({
  onLoaded: (n, live) => {
    document.body.dataset.units = String(n);
    document.body.dataset.liveUnits = String(live);
  },
  onError: showError,
});
[province, roads, counties, cities, new KeyUnitTileLayer(), water, stations, units].forEach((l) => map.addLayer(l));
void getJson<{ regions: Region[] }>('/api/roads/regions').then(
  (r) => {
    regions = r.regions;
    renderChrome();
  },
  showError,
);

el('lang-toggle').addEventListener('click', () => setLang(lang() === 'zh-CN' ? 'en' : 'zh-CN'));
onLang(renderChrome);

void Promise.all([province.ready, cities.ready, counties.ready]).then(([p, c, k]) => {
  document.body.dataset.boundaries = `${p},${c},${k}`;
  const extent = province.getSource()?.getExtent();
  if (!applyHashView(map) && p > 0 && extent) map.getView().fit(extent, { padding: [40, 40, 40, 40] });
});

import 'ol/ol.css';
import './style.css';
import { createMap } from './map/createMap';
import { BoundaryLayer } from './layers/BoundaryLayer';
import { lang, onLang, setLang, t } from './i18n/i18n';

const el = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function renderChrome(): void {
  document.title = t('appTitle');
  el('app-title').textContent = t('appTitle');
  el('lang-toggle').textContent = t('langToggle');
  el('attribution').textContent = `${t('attributionBoundaries')} · ${t('attributionOsm')}`;
}

function showError(e: Error): void {
  el('data-note').textContent = `${t('loadFailed')}${e.message}`;
  el('data-note').classList.add('error');
}

const map = createMap(el('map'));
const province = new BoundaryLayer({ level: 'province', stroke: '#c62828', width: 3, fill: 'rgba(255,248,225,0.35)', onError: showError });
const cities = new BoundaryLayer({ level: 'city', simplify: 0.002, stroke: '#6d4c41', width: 1.5, labels: true, onError: showError });
const counties = new BoundaryLayer({ level: 'county', simplify: 0.001, stroke: 'rgba(109,76,65,0.45)', width: 0.8, minZoom: 8, onError: showError });
[province, counties, cities].forEach((l) => map.addLayer(l));

el('lang-toggle').addEventListener('click', () => setLang(lang() === 'zh-CN' ? 'en' : 'zh-CN'));
onLang(renderChrome);

void Promise.all([province.ready, cities.ready, counties.ready]).then(([p, c, k]) => {
  document.body.dataset.boundaries = `${p},${c},${k}`;
  const extent = province.getSource()?.getExtent();
  if (p > 0 && extent) map.getView().fit(extent, { padding: [40, 40, 40, 40] });
});

import type Map from 'ol/Map';
import Draw from 'ol/interaction/Draw';
import VectorLayer from 'ol/layer/Vector';
import VectorSource from 'ol/source/Vector';
import GeoJSON from 'ol/format/GeoJSON';
import { Fill, Stroke, Style } from 'ol/style';
import { postJson } from '../../api';
import { errorText } from '../../i18n/errors';
import { t } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/catalogue';
import { duration, h, setChildren, textLine } from '../../labels';
import { pct } from '../stats/tables';
import type { AreaFigures } from '@gan119/dispatch';

/** POST /api/coverage/area: the report's figures for the drawn area, and what stands in it. */
type AreaAnswer = Pick<AreaFigures, 'roadKm' | 'withinKm' | 'roadShare' | 'places' | 'placesWithin' | 'keyUnits' | 'keyUnitsWithin'> & {
  thresholds: number[];
  km2: number;
  stations: Array<{ id: number; name: string; roadKm: number }>;
  placeTimes: Array<{ id: number; name: string; seconds: number | null }>;
  computedMs: number;
};
const THRESHOLD_KEYS: MessageKey[] = ['covWithin3', 'covWithin5', 'covWithin8', 'covWithin10'];

/**
 * 圈定区域: the planner draws an area on the map (a development zone, a planned district) and reads its
 * road within 3/5/8/10 minutes of the nearest station, its places and key units, the stations nearest
 * to its roads and its places farthest from any — what the province's report says, for that area.
 */
export function areaPanel(map: Map, turnout: () => 'excluded' | 'included') {
  const source = new VectorSource();
  map.addLayer(
    new VectorLayer({ source, zIndex: 46, style: new Style({ stroke: new Stroke({ color: '#0d47a1', width: 3, lineDash: [10, 6] }), fill: new Fill({ color: 'rgba(13,71,161,0.08)' }) }) }),
  );
  const element = h('section', { className: 'section', id: 'coverage-area' });
  const status = h('div', { className: 'hint', id: 'area-status' });
  const statusLine = textLine(status);
  let draw: Draw | null = null;
  let answer: AreaAnswer | null = null;
  let drawn: object | null = null;

  async function measure(): Promise<void> {
    if (!drawn) return;
    statusLine.say(() => t('covAreaComputing'));
    document.body.dataset.areaLoading = 'true';
    try {
      answer = await postJson<AreaAnswer>('/api/coverage/area', { polygon: drawn, turnout: turnout() });
      const a = answer;
      statusLine.say(() => `${a.km2} km² · ${t('covComputedIn')} ${(a.computedMs / 1000).toFixed(1)} s`);
    } catch (e) {
      answer = null;
      statusLine.say(() => errorText(e));
    }
    delete document.body.dataset.areaLoading;
    document.body.dataset.areaRoadKm = answer ? String(answer.roadKm) : '';
    render();
  }

  function start(): void {
    if (draw) map.removeInteraction(draw);
    source.clear();
    draw = new Draw({ source, type: 'Polygon' });
    draw.on('drawend', (e) => {
      map.removeInteraction(draw as Draw);
      draw = null;
      const g = e.feature.getGeometry();
      if (!g) return;
      drawn = new GeoJSON().writeGeometryObject(g, { featureProjection: 'EPSG:3857', dataProjection: 'EPSG:4326', decimals: 6 });
      void measure();
    });
    map.addInteraction(draw);
    statusLine.say(() => t('covAreaHint'));
    render();
  }

  function render(): void {
    statusLine.again();
    const a = answer;
    setChildren(
      element,
      h(
        'div',
        { className: 'stats-head' },
        h('h3', { textContent: t('covArea2') }),
        h('button', { type: 'button', id: 'area-draw', className: draw ? 'active' : '', textContent: t('covAreaDraw'), onclick: start }),
      ),
      status,
      a
        ? h(
            'table',
            { id: 'area-table' },
            h('thead', {}, h('tr', {}, h('th', {}), ...THRESHOLD_KEYS.map((k) => h('th', { textContent: t(k) })))),
            h(
              'tbody',
              {},
              h('tr', {}, h('td', { textContent: `${t('covRoadKm')} ${a.roadKm}` }), ...a.withinKm.map((km, i) => h('td', { textContent: `${km} (${pct(a.roadShare[i])})` }))),
              h('tr', {}, h('td', { textContent: `${t('covPlaces')} ${a.places}` }), ...a.placesWithin.map((n) => h('td', { textContent: String(n) }))),
              h('tr', {}, h('td', { textContent: `${t('covKeyUnits')} ${a.keyUnits}` }), ...a.keyUnitsWithin.map((n) => h('td', { textContent: String(n) }))),
            ),
          )
        : null,
      a?.stations.length ? h('div', { className: 'hint', id: 'area-stations' }, `${t('covAreaStations')}: ${a.stations.map((s) => `${s.name} ${s.roadKm} km`).join('、')}`) : null,
      a?.placeTimes.length
        ? h(
            'div',
            { className: 'hint' },
            `${t('covAreaFarthest')}: ${a.placeTimes
              .slice(0, 5)
              .map((p) => `${p.name} ${p.seconds === null ? t('covBeyond10') : duration(p.seconds)}`)
              .join('、')}`,
          )
        : null,
    );
  }

  render();
  return { element, render, refresh: () => void measure() };
}

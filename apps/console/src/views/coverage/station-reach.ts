import type Map from 'ol/Map';
import type { MapBrowserEvent } from 'ol';
import { fromLonLat } from 'ol/proj';
import { getJson } from '../../api';
import { errorText } from '../../i18n/errors';
import { t } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/catalogue';
import { h, setChildren } from '../../labels';
import { ReachLayer } from '../../layers/ReachLayer';
import type { StationLayer } from '../../layers/StationLayer';

type Reach = {
  station: { id: number; code: string; name: string; lon: number; lat: number };
  turnout: 'excluded' | 'included';
  turnoutSeconds: number;
  thresholds: Array<{ seconds: number; vertices: number; roadKm: number; areaKm2: number; polygon: object | null }>;
};

const KEYS: Record<number, MessageKey> = { 180: 'covWithin3', 300: 'covWithin5', 480: 'covWithin8', 600: 'covWithin10' };

/**
 * A station picked on the map: its areas within 3, 5, 8 and 10 minutes drawn around it, and a card
 * with the road and area each reaches (driving only or after its turnout, as the view counts it).
 */
export function stationReach(map: Map, stations: StationLayer, turnout: () => 'excluded' | 'included') {
  const layer = new ReachLayer();
  map.addLayer(layer);
  const card = h('section', { className: 'section', id: 'coverage-station' });
  let shown: number | null = null;
  let last: Reach | null = null;
  let seq = 0;

  const render = (r: Reach | null, error = '') => {
    last = r;
    if (!r) return setChildren(card, ...(error ? [h('div', { className: 'hint', textContent: error })] : [h('div', { className: 'hint', textContent: t('covPickStation') })]));
    setChildren(
      card,
      h('h3', { textContent: `${r.station.name} · ${t(r.turnout === 'included' ? 'covWithTurnout' : 'covDrivingOnly')}` }),
      h(
        'table',
        {},
        h('thead', {}, h('tr', {}, ...(['covTime', 'covRoadKm', 'covAreaKm2'] as MessageKey[]).map((k) => h('th', { textContent: t(k) })))),
        h(
          'tbody',
          {},
          ...r.thresholds.map((x) =>
            h(
              'tr',
              { dataset: { seconds: String(x.seconds) } },
              h('td', { textContent: t(KEYS[x.seconds] ?? 'covTime') }),
              h('td', { className: 'num', textContent: String(x.roadKm) }),
              h('td', { className: 'num', textContent: String(x.areaKm2) }),
            ),
          ),
        ),
      ),
    );
  };

  const load = async (id: number) => {
    const mine = ++seq;
    shown = id;
    try {
      const r = await getJson<Reach>(`/api/coverage/stations/${id}/reach?turnout=${turnout()}`);
      if (mine !== seq) return;
      layer.show(r.thresholds);
      // the areas in view, the station in the middle
      const extent = layer.getSource()?.getExtent();
      const view = map.getView();
      if (extent && Number.isFinite(extent[0])) view.fit(extent, { padding: [60, 60, 60, 60], maxZoom: 13 });
      view.setCenter(fromLonLat([r.station.lon, r.station.lat]));
      document.body.dataset.focused = '1'; // the page's first fit to the province leaves it so
      render(r);
      document.body.dataset.coverageStation = String(id);
    } catch (e) {
      if (mine === seq) render(null, errorText(e));
    }
  };

  map.on('singleclick', (e: MapBrowserEvent) => {
    const f = map.forEachFeatureAtPixel(e.pixel, (x) => x, { layerFilter: (l) => l === stations, hitTolerance: 4 });
    if (f && f.get('id') !== undefined) void load(Number(f.get('id')));
  });
  render(null);
  return {
    element: card,
    /** drawn again after the view's turnout changed */
    refresh: () => (shown === null ? undefined : void load(shown)),
    pick: (id: number) => load(id),
    /** again in the language now chosen */
    rerender: () => render(last),
  };
}

import type Map from 'ol/Map';
import { fromLonLat } from 'ol/proj';
import { getJson, postJson } from '../../api';
import { downloadCsv } from '../../csv';
import { errorText } from '../../i18n/errors';
import { t } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/catalogue';
import { h, setChildren, textLine } from '../../labels';
import { GAP_MIN_ZOOM, HydrantGapLayer } from '../../layers/HydrantGapLayer';
import { PlacePointsLayer } from '../../layers/PlacePointsLayer';
import { pct, statsTable } from '../stats/tables';
import type { Row } from '../stats/charts';

type Figures = {
  streetKm: number;
  coveredKm: number;
  coveredShare: number | null;
  spacedShare: number | null;
  gaps: number;
  gapKm: number;
  repairKm: number;
  hydrants: { in_service: number; out_of_service: number; low_pressure: number; off_street: number };
};
type County = Figures & { adcode: number; name: string; cityName: string | null };
type Check = { province: Figures; cities: Array<Figures & { name: string }>; counties: County[]; computedMs: number };
type Sites = { k: number; coveredKmBefore: number; coveredKmAfter: number; streetKm: number; sites: Array<{ rank: number; lon: number; lat: number; gainM: number }>; computedMs: number };

const COLUMNS = [
  { head: 'hyCounty' as MessageKey, cell: (r: Row) => `${(r as County).cityName ?? ''} ${(r as County).name}` },
  { head: 'hyStreetKm' as MessageKey, cell: (r: Row) => String((r as County).streetKm), numeric: true },
  { head: 'hyWithin150' as MessageKey, cell: (r: Row) => pct((r as County).coveredShare), numeric: true },
  { head: 'hySpacing' as MessageKey, cell: (r: Row) => pct((r as County).spacedShare), numeric: true },
  { head: 'hyGaps' as MessageKey, cell: (r: Row) => String((r as County).gaps), numeric: true },
  { head: 'hyBroken' as MessageKey, cell: (r: Row) => String((r as County).hydrants.out_of_service + (r as County).hydrants.low_pressure), numeric: true },
  { head: 'hyRepairKm' as MessageKey, cell: (r: Row) => String((r as County).repairKm), numeric: true },
];

/**
 * 消火栓 (GB 50974): how much of the built-up streets lies within 150 m of an in-service hydrant along
 * the street, and within 60 m (hydrants ≤ 120 m apart); the gaps drawn street by street when zoomed in;
 * the counties worst first; K new hydrants sited to close the biggest gaps (blue dots, CSV).
 */
export function hydrantPanel(map: Map, onError: (e: Error) => void) {
  const element = h('section', { className: 'section', id: 'coverage-hydrants' });
  const status = h('div', { className: 'hint', id: 'hydrant-status' });
  const statusLine = textLine(status);
  const gapNote = h('div', { className: 'hint', id: 'hydrant-gap-note' });
  const gapLine = textLine(gapNote);
  const k = h('input', { type: 'number', id: 'hydrant-k', min: '1', max: '11000', value: '500' });
  const sitesLayer = new PlacePointsLayer('hydrant-sites', '#00c853', 7);
  const gaps = new HydrantGapLayer(
    map,
    (n, total) => {
      gapLine.say(() => (n === null ? t('hyZoomIn') : `${t('hyGapsInView')}: ${n}${total !== null && total > n ? ` / ${total}` : ''}`));
      document.body.dataset.hydrantGaps = n === null ? '' : String(n);
    },
    onError,
  );
  map.addLayer(gaps);
  map.addLayer(sitesLayer);
  let check: Check | null = null;
  let sites: Sites | null = null;

  const csv = () =>
    sites &&
    downloadCsv(
      'gan119-hydrant-sites.csv',
      (['covRank', 'covLon', 'covLat', 'hyGainM'] as MessageKey[]).map((x) => t(x)),
      sites.sites.map((s) => [s.rank, s.lon.toFixed(6), s.lat.toFixed(6), s.gainM]),
    );

  async function site(): Promise<void> {
    statusLine.say(() => t('hySiting'));
    document.body.dataset.hydrantSiting = 'running';
    try {
      sites = await postJson<Sites>('/api/coverage/hydrants/siting', { k: Number(k.value) });
      sitesLayer.show(sites.sites.map((s) => ({ id: s.rank, name: `#${s.rank} +${s.gainM} m`, lon: s.lon, lat: s.lat })));
      const x = sites;
      statusLine.say(() => `${t('hySited')} ${x.sites.length} · ${t('hyWithin150')} ${x.coveredKmBefore} → ${x.coveredKmAfter} km / ${x.streetKm} km (${(x.computedMs / 1000).toFixed(1)} s)`);
      document.body.dataset.hydrantSiting = String(x.sites.length);
    } catch (e) {
      statusLine.say(() => errorText(e));
      document.body.dataset.hydrantSiting = 'error';
    }
    render();
  }

  function render(): void {
    statusLine.again();
    gapLine.again();
    const p = check?.province;
    setChildren(
      element,
      h(
        'div',
        { className: 'stats-head' },
        h('h3', { textContent: t('hyTitle') }),
        h('label', { textContent: `${t('hyK')} ` }, k),
        h('button', { type: 'button', id: 'hydrant-site', textContent: t('hySite'), onclick: () => void site() }),
        sites ? h('button', { type: 'button', className: 'export', dataset: { format: 'csv' }, textContent: t('statsCsv'), onclick: csv }) : null,
      ),
      p
        ? h(
            'div',
            { className: 'kpis', id: 'hydrant-figures' },
            ...(
              [
                ['hyStreetKm', `${p.streetKm}`],
                ['hyWithin150', pct(p.coveredShare)],
                ['hySpacing', pct(p.spacedShare)],
                ['hyGaps', String(p.gaps)],
                ['hyBroken', `${p.hydrants.out_of_service} + ${p.hydrants.low_pressure}`],
                ['hyRepairKm', `${p.repairKm}`],
              ] as Array<[MessageKey, string]>
            ).map(([key, v]) => h('div', { className: 'kpi', dataset: { figure: key } }, h('span', { className: 'kpi-name', textContent: t(key) }), h('b', { textContent: v }))),
          )
        : null,
      status,
      gapNote,
      h('div', { className: 'hint' }, t('hyLegend')),
      sites
        ? statsTable({
            id: 'hydrant-sites',
            title: 'hySitesTable',
            columns: [
              { head: 'covRank', cell: (r) => String(r.rank), numeric: true },
              { head: 'hyGainM', cell: (r) => String(r.gainM), numeric: true },
              { head: 'covLon', cell: (r) => Number(r.lon).toFixed(5), numeric: true },
              { head: 'covLat', cell: (r) => Number(r.lat).toFixed(5), numeric: true },
            ],
            rows: sites.sites as unknown as Row[],
            shown: 10,
            // to street level there: the gaps around it are drawn
            onPick: (r) => map.getView().animate({ center: fromLonLat([Number(r.lon), Number(r.lat)]), zoom: GAP_MIN_ZOOM + 2, duration: 300 }),
          })
        : null,
      check ? statsTable({ id: 'hydrant-county', title: 'hyByCounty', columns: COLUMNS, rows: [...check.counties].filter((c) => c.streetKm > 0).sort((a, b) => (a.coveredShare ?? 2) - (b.coveredShare ?? 2)) as unknown as Row[], shown: 15 }) : null,
    );
  }

  async function load(): Promise<void> {
    statusLine.say(() => t('hyChecking'));
    try {
      check = await getJson<Check>('/api/coverage/hydrants');
      const x = check;
      statusLine.say(() => `${t('covComputedIn')} ${(x.computedMs / 1000).toFixed(1)} s · ${t('hyZoomHint').replace('{z}', String(GAP_MIN_ZOOM))}`);
      document.body.dataset.hydrantsLoaded = '1';
    } catch (e) {
      statusLine.say(() => errorText(e));
    }
    render();
    void gaps.refresh();
  }

  render();
  return { element, load, render };
}

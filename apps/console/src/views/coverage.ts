import { fromLonLat } from 'ol/proj';
import { getJson } from '../api';
import { errorText } from '../i18n/errors';
import { lang, onLang, t } from '../i18n/i18n';
import type { MessageKey } from '../i18n/catalogue';
import { duration, h, setChildren, textLine } from '../labels';
import { CountyChoroplethLayer } from '../layers/CountyChoroplethLayer';
import { FIRST_ENGINE_STEPS, FirstEngineTileLayer } from '../layers/FirstEngineTileLayer';
import { PlacePointsLayer } from '../layers/PlacePointsLayer';
import { StationLayer } from '../layers/StationLayer';
import type { Shell } from '../shell';
import { pct, statsTable } from './stats/tables';
import type { Row } from './stats/charts';
import { sitingPanel } from './coverage/siting-panel';
import { hydrantPanel } from './coverage/hydrant-panel';
import { areaPanel } from './coverage/area-panel';
import { stationReach } from './coverage/station-reach';
import { AreaFigures, CoverageAnswer, coverageColour } from './coverage/types';

const THRESHOLD_KEYS: MessageKey[] = ['covWithin3', 'covWithin5', 'covWithin8', 'covWithin10'];
const PLACE_KINDS: Record<string, MessageKey> = {
  residential: 'covKindResidential',
  village: 'covKindVillage',
  school: 'covKindSchool',
  hospital: 'covKindHospital',
};
const num = (v: unknown) => (v === null || v === undefined ? '—' : String(v));
const asRows = <T extends object>(xs: T[]) => xs as unknown as Row[];
/** A county's share of places within 5 minutes (no places: last). */
const placeShare = (c: AreaFigures) => (c.places ? c.placesWithin[1] / c.places : 2);

/**
 * 覆盖分析: how much of the province the stations reach within 3, 5, 8 and 10 minutes on the roads
 * (GB 51080 / 建标152 draw station districts on 5 minutes): counties coloured on the map by the share of
 * their road within the chosen time, the places beyond 5 minutes marked, tables by city, county,
 * capability and key unit; driving only or with each station's turnout.
 */
export async function coverageView(shell: Shell): Promise<void> {
  const counties = new CountyChoroplethLayer(shell.showError);
  const outside = new PlacePointsLayer('coverage-outside', '#c62828');
  const stations = new StationLayer({ onError: shell.showError });
  const firstEngine = new FirstEngineTileLayer();
  firstEngine.setVisible(shell.params.get('roads') !== 'off');
  shell.map.addLayer(counties);
  shell.map.addLayer(firstEngine);
  shell.map.addLayer(outside);
  shell.map.addLayer(stations);
  let turnout: 'excluded' | 'included' = shell.params.get('turnout') === 'included' ? 'included' : 'excluded';
  let k = 1; // the map's threshold: 5 minutes
  let answer: CoverageAnswer | null = null;
  let seq = 0;
  const reach = stationReach(shell.map, stations, () => turnout);
  const countyNames = new Map<number, string>();
  const siting = sitingPanel(
    shell.map,
    () => turnout,
    (adcode) => (adcode === null ? '—' : (countyNames.get(adcode) ?? String(adcode))),
  );
  const hydrants = hydrantPanel(shell.map, shell.showError);
  const area = areaPanel(shell.map, () => turnout);
  const controls = h('div', { className: 'section', id: 'coverage-controls' });
  const status = h('div', { className: 'section hint', id: 'coverage-status' });
  const statusLine = textLine(status);
  const say = statusLine.say;
  const body = h('div', { id: 'coverage-body' });
  const legend = h('div', { className: 'section hint', id: 'coverage-legend' });

  const renderControls = () =>
    setChildren(
      controls,
      h('label', { textContent: `${t('covTurnout')} ` }),
      ...(['excluded', 'included'] as const).map((v) =>
        h('button', {
          type: 'button',
          className: turnout === v ? 'active' : '',
          dataset: { turnout: v },
          textContent: t(v === 'excluded' ? 'covDrivingOnly' : 'covWithTurnout'),
          onclick: () => {
            turnout = v;
            renderControls();
            void load();
            reach.refresh();
            area.refresh();
          },
        }),
      ),
      h('label', { textContent: ` ${t('covMapThreshold')} ` }),
      ...THRESHOLD_KEYS.map((key, i) =>
        h('button', {
          type: 'button',
          className: k === i ? 'active' : '',
          dataset: { threshold: String(i) },
          textContent: t(key),
          onclick: () => {
            k = i;
            renderControls();
            paintMap();
          },
        }),
      ),
      h('br'),
      h('button', {
        type: 'button',
        id: 'first-engine-toggle',
        className: firstEngine.getVisible() ? 'active' : '',
        textContent: t('covFirstEngineLayer'),
        title: t('covFirstEngineHint'),
        onclick: () => {
          firstEngine.setVisible(!firstEngine.getVisible());
          renderControls();
        },
      }),
      firstEngine.getVisible()
        ? h(
            'span',
            { className: 'first-engine-legend', id: 'first-engine-legend' },
            ...FIRST_ENGINE_STEPS.map((s, i) =>
              h('span', { style: `border-bottom: 4px solid ${s.colour}` }, s.upTo === Infinity ? `>${FIRST_ENGINE_STEPS[i - 1].upTo}` : `≤${s.upTo}`),
            ),
            ` ${t('covMinutes')}`,
          )
        : null,
    );

  const paintMap = () => {
    if (!answer) return;
    const a = answer;
    counties.show(
      new Map(
        a.counties.map((c) => [
          c.adcode,
          { value: c.places ? c.placesWithin[k] / c.places : null, label: `${c.placesWithin[k]}/${c.places} · ${t('covRoadShort')} ${pct(c.roadShare[k])}` },
        ]),
      ),
      a.thresholds[k],
      coverageColour,
    );
    outside.show(a.outside);
    document.body.dataset.coverageThreshold = String(a.thresholds[k]);
    document.body.dataset.coverageDots = String(outside.getSource()?.getFeatures().length ?? 0);
  };

  const areaColumns = (first: MessageKey, name: (r: AreaFigures) => string) => [
    { head: first, cell: (r: Row) => name(r as unknown as AreaFigures) },
    { head: 'covRoadKm' as MessageKey, cell: (r: Row) => num(r.roadKm), numeric: true },
    ...THRESHOLD_KEYS.map((key, i) => ({ head: key, cell: (r: Row) => pct((r as unknown as AreaFigures).roadShare[i]), numeric: true })),
    { head: 'covBuiltUpWithin5' as MessageKey, cell: (r: Row) => pct((r as unknown as AreaFigures).builtUpShare[1]), numeric: true },
    { head: 'covPlacesWithin5' as MessageKey, cell: (r: Row) => `${(r as unknown as AreaFigures).placesWithin[1]}/${num(r.places)}`, numeric: true },
    { head: 'covKeyUnitsWithin5' as MessageKey, cell: (r: Row) => `${(r as unknown as AreaFigures).keyUnitsWithin[1]}/${num(r.keyUnits)}`, numeric: true },
  ];

  const render = () => {
    if (!answer) return setChildren(body);
    const a = answer;
    const countyName = new Map(a.counties.map((c) => [c.adcode, c.name]));
    for (const [k, v] of countyName) countyNames.set(k, v);
    const cityName = new Map(a.cities.map((c) => [c.adcode, c.name]));
    const p = a.province;
    const tile = (label: MessageKey, value: string, id: string, colour?: string) =>
      h(
        'div',
        { className: 'kpi', id, style: colour ? `border-top: 4px solid ${colour}` : '' },
        h('span', { className: 'kpi-name', textContent: t(label) }),
        h('b', { textContent: value }),
      );
    setChildren(
      body,
      h(
        'section',
        { className: 'section', id: 'coverage-summary' },
        h('h3', { textContent: `${t('covProvince')} · ${t('covRoadWithin')}` }),
        h(
          'div',
          { className: 'kpis' },
          ...THRESHOLD_KEYS.map((key, i) => tile(key, pct(p.roadShare[i]), `coverage-road-${a.thresholds[i]}`, coverageColour(p.roadShare[i]))),
          tile('covBuiltUpWithin5', pct(p.builtUpShare[1]), 'coverage-built-up', coverageColour(p.builtUpShare[1])),
          tile('covPlacesWithin5', `${p.placesWithin[1]} / ${p.places}`, 'coverage-places'),
          tile('covKeyUnitsWithin5', `${p.keyUnitsWithin[1]} / ${p.keyUnits}`, 'coverage-key-units'),
          tile('covStations', `${a.stations.onNetwork} / ${a.stations.total}`, 'coverage-stations'),
        ),
      ),
      statsTable({ id: 'coverage-city', title: 'covByCity', rows: asRows(a.cities), shown: 20, columns: areaColumns('covArea', (r) => r.name) }),
      statsTable({
        id: 'coverage-county',
        title: 'covByCounty',
        rows: asRows([...a.counties].sort((x, y) => placeShare(x) - placeShare(y) || (x.roadShare[1] ?? 2) - (y.roadShare[1] ?? 2))),
        shown: 100,
        columns: areaColumns('covArea', (r) => `${cityName.get(r.cityAdcode ?? 0) ?? ''} ${r.name}`),
      }),
      statsTable({
        id: 'coverage-capability',
        title: 'covCapabilities',
        rows: asRows(a.capabilities),
        columns: [
          { head: 'covCapability', cell: (r) => String(lang() === 'en' ? r.en : r.zh) },
          { head: 'covStations', cell: (r) => num(r.stations), numeric: true },
          { head: 'covKeyUnitsWithin5', cell: (r) => `${num(r.keyUnitsWithin)}/${num(r.keyUnits)}`, numeric: true },
        ],
      }),
      statsTable({
        id: 'coverage-key-unit',
        title: 'covKeyUnitTable',
        rows: asRows(a.keyUnits),
        columns: [
          { head: 'covName', cell: (r) => String(r.name) },
          { head: 'covArea', cell: (r) => countyName.get(Number(r.countyAdcode)) ?? '—' },
          { head: 'covFirstDue', cell: (r) => (r.firstSeconds === null ? t('covBeyond10') : duration(Number(r.firstSeconds))), numeric: true },
          { head: 'covSecondDue', cell: (r) => num(r.stationsWithin8), numeric: true },
        ],
      }),
      statsTable({
        id: 'coverage-outside',
        title: 'covOutside',
        rows: asRows(a.outside),
        columns: [
          { head: 'covName', cell: (r) => String(r.name) },
          { head: 'covKind', cell: (r) => (PLACE_KINDS[String(r.kind)] ? t(PLACE_KINDS[String(r.kind)]) : String(r.kind)) },
          { head: 'covArea', cell: (r) => countyName.get(Number(r.countyAdcode)) ?? '—' },
          { head: 'covTime', cell: (r) => (r.seconds === null ? t('covBeyond10') : duration(Number(r.seconds))), numeric: true },
        ],
        onPick: (r) => shell.map.getView().animate({ center: fromLonLat([Number(r.lon), Number(r.lat)]), zoom: 12, duration: 300 }),
      }),
    );
    paintMap();
  };

  const load = async () => {
    const mine = ++seq;
    const t0 = performance.now();
    say(() => t('covComputing'));
    document.body.dataset.coverageLoading = 'true';
    try {
      const a = await getJson<CoverageAnswer>(`/api/coverage/report?turnout=${turnout}`);
      if (mine !== seq) return;
      answer = a;
      const took = ((performance.now() - t0) / 1000).toFixed(1);
      say(
        () =>
          `${t(a.turnout === 'included' ? 'covWithTurnout' : 'covDrivingOnly')} · ${t('covComputedIn')} ${took} s${a.network.synthetic ? ` · ${t('covSynthetic')}` : ''}`,
      );
      render();
      document.body.dataset.coverageTurnout = a.turnout;
    } catch (e) {
      if (mine === seq) say(() => errorText(e));
    } finally {
      if (mine === seq) delete document.body.dataset.coverageLoading;
    }
  };

  setChildren(shell.panel, controls, status, reach.element, area.element, siting.element, hydrants.element, body, legend);
  onLang(() => {
    renderControls();
    legend.textContent = t('covLegend');
    statusLine.again();
    render();
    reach.rerender();
    siting.render();
    hydrants.render();
    area.render();
  });
  shell.map.getView().animate({ center: fromLonLat([115.7, 27.6]), zoom: 7, duration: 0 });
  await load();
  // then the hydrant checks of the built-up streets (a second or so on the province's streets)
  void hydrants.load();
  // ?station=ID: that station's reach, centred (a link from elsewhere, or a shared view)
  const picked = Number(shell.params.get('station'));
  if (Number.isInteger(picked) && picked > 0) {
    await reach.pick(picked);
  }
}

import { getJson, postJson } from '../api';
import { errorText } from '../i18n/errors';
import { onLang, t } from '../i18n/i18n';
import type { MessageKey } from '../i18n/catalogue';
import { chip, clock, h, setChildren, typeLabel } from '../labels';
import { DrillLayer } from '../layers/DrillLayer';
import { StationLayer } from '../layers/StationLayer';
import { connectLive } from '../live/live';
import type { Shell } from '../shell';
import { pct, statsTable } from './stats/tables';
import type { Row } from './stats/charts';
import { scheduleForm } from './drills/schedule-form';
import type { DrillDetail, DrillPart, DrillResultsAnswer, DrillSummary, LeagueRow } from './drills/types';

const STATE: Record<DrillSummary['state'], { key: MessageKey; colour: string }> = {
  live: { key: 'drLive', colour: '#7b1fa2' },
  scheduled: { key: 'drScheduled', colour: '#1565c0' },
  ended: { key: 'drEnded', colour: '#455a64' },
  cancelled: { key: 'drCancelledState', colour: '#9e9e9e' },
};
const s = (v: number | null) => (v === null ? '—' : String(Math.round(v)));
const asRows = <T extends object>(xs: T[]) => xs as unknown as Row[];
const by = (x: 'status' | 'avl' | null) => (x === null ? '' : t(x === 'avl' ? 'drByAvl' : 'drByStatus'));
/** A time against its standard: red when over it. */
const timed = (v: number | null, ok: boolean) => h('span', { className: v !== null && !ok ? 'error-text' : '' }, s(v));

const PART_COLUMNS = [
  { head: 'drUnits' as MessageKey, cell: (r: Row) => (r as DrillPart).unitName },
  { head: 'drStation' as MessageKey, cell: (r: Row) => (r as DrillPart).station.name },
  { head: 'drOutcome' as MessageKey, cell: (r: Row) => t(`drOutcome_${(r as DrillPart).outcome}` as MessageKey) },
  { head: 'drAck' as MessageKey, cell: (r: Row) => s((r as DrillPart).score.ackS), numeric: true },
  {
    head: 'drTurnout' as MessageKey,
    cell: (r: Row) => {
      const x = (r as DrillPart).score;
      return h('span', {}, timed(x.turnoutS, x.turnoutOk), x.rolledBy ? ` ${by(x.rolledBy)}` : '');
    },
    numeric: true,
  },
  {
    head: 'drArrival' as MessageKey,
    cell: (r: Row) => {
      const x = (r as DrillPart).score;
      return h('span', {}, timed(x.arrivalS, x.arrivalOk), x.arrivedBy ? ` ${by(x.arrivedBy)}` : '');
    },
    numeric: true,
  },
  { head: 'drScore' as MessageKey, cell: (r: Row) => s((r as DrillPart).score.score), numeric: true },
  { head: 'drPassed' as MessageKey, cell: (r: Row) => ((r as DrillPart).score.score === null ? '—' : (r as DrillPart).score.passed ? '✓' : '✗') },
];
const leagueColumns = (label: MessageKey) => [
  { head: label, cell: (r: Row) => String((r as LeagueRow).label) },
  { head: 'drDrills' as MessageKey, cell: (r: Row) => String((r as LeagueRow).drills), numeric: true },
  { head: 'drPassRate' as MessageKey, cell: (r: Row) => pct((r as LeagueRow).passRate), numeric: true },
  { head: 'drMeanScore' as MessageKey, cell: (r: Row) => String((r as LeagueRow).meanScore), numeric: true },
  { head: 'drMedTurnout' as MessageKey, cell: (r: Row) => s((r as LeagueRow).medianTurnoutS), numeric: true },
  { head: 'drMedArrival' as MessageKey, cell: (r: Row) => s((r as LeagueRow).medianArrivalS), numeric: true },
  { head: 'drNotArrived' as MessageKey, cell: (r: Row) => String((r as LeagueRow).notArrived), numeric: true },
];

/**
 * 演练 (三随三实): order a drill (random stations and a random moment, or a chosen station), follow the
 * live drills on the map (station → drill point, the units' own markers moving) with each unit's times
 * against the standards as they come in, and the league tables by 支队 and station with the worst
 * unit drills. Live: the drill feed over the socket, and every few seconds while a drill runs.
 */
export async function drillsView(shell: Shell): Promise<void> {
  document.body.classList.add('drills');
  const stations = new StationLayer({ onError: shell.showError });
  const layer = new DrillLayer();
  shell.map.addLayer(stations);
  shell.map.addLayer(layer);
  let list: DrillSummary[] = [];
  const details = new Map<number, DrillDetail>();
  let results: DrillResultsAnswer | null = null;
  let focus: number | null = shell.params.get('drill') ? Number(shell.params.get('drill')) : null;
  let fitted = false;
  const form = scheduleForm((id) => {
    focus = id;
    fitted = false;
    void refresh();
  });
  const liveBox = h('div', { id: 'drills-live' });
  const tables = h('div', { id: 'drills-results' });
  setChildren(shell.panel, form.el, liveBox, tables);

  const act = async (path: string) => {
    try {
      await postJson(path, {});
    } catch (e) {
      shell.showError(new Error(errorText(e)));
    }
    await refresh();
  };

  function renderLive(): void {
    const shown = list.filter((d) => d.state === 'live' || d.state === 'scheduled' || d.id === focus).slice(0, 8);
    const recent = list.filter((d) => !shown.includes(d)).slice(0, 10);
    setChildren(
      liveBox,
      h('h3', { className: 'section' }, t('drList')),
      list.length ? null : h('div', { className: 'section hint', id: 'drills-none' }, t('drNone')),
      ...shown.map((d) => {
        const x = details.get(d.id);
        const first = x?.units[0];
        return h(
          'section',
          { className: 'section drill-live', dataset: { drill: String(d.id), state: d.state } },
          h(
            'div',
            { className: 'row' },
            chip(t(STATE[d.state].key), STATE[d.state].colour),
            h('b', {}, ` #${d.id} `),
            first ? `${typeLabel(first.point.type)} · ${first.point.address ?? ''} · ` : '',
            d.firedAt ? `${clock(d.firedAt)}` : `${t('drScheduled')} ${new Date(d.fireAt).toLocaleString()}`,
            d.state === 'scheduled' ? h('button', { onclick: () => void act(`/api/drills/${d.id}/fire`) }, t('drFireNow')) : null,
            d.state === 'live' || d.state === 'scheduled' ? h('button', { onclick: () => void act(`/api/drills/${d.id}/cancel`) }, t('drCancel')) : null,
          ),
          x?.units.length ? statsTable({ id: `drill-${d.id}-units`, title: 'drUnits', columns: PART_COLUMNS, rows: asRows(x.units) }) : null,
        );
      }),
      recent.length
        ? h(
            'div',
            { className: 'section hint' },
            ...recent.map((d) =>
              h(
                'a',
                { href: '#', onclick: (e: Event) => (e.preventDefault(), (focus = d.id), (fitted = false), void refresh()) },
                `#${d.id} ${t(STATE[d.state].key)} `,
              ),
            ),
          )
        : null,
    );
  }

  function renderResults(): void {
    if (!results) return;
    setChildren(
      tables,
      statsTable({ id: 'drills-league', title: 'drLeague', columns: leagueColumns('drDetachment'), rows: asRows(results.byDetachment) }),
      statsTable({ id: 'drills-stations', title: 'drByStation', columns: leagueColumns('drStation'), rows: asRows(results.byStation), shown: 15 }),
      statsTable({ id: 'drills-worst', title: 'drWorst', columns: PART_COLUMNS, rows: asRows(results.worst) }),
    );
  }

  function drawMap(): void {
    const marks = [...details.values()]
      .filter((d) => d.state === 'live' || d.id === focus)
      .flatMap((d) => {
        const seen = new Set<number>();
        return d.units
          .filter((u) => !seen.has(u.station.id) && seen.add(u.station.id))
          .map((u) => ({
            drillId: d.id,
            station: u.station,
            point: u.point,
            arrived: d.units.filter((x) => x.station.id === u.station.id).every((x) => x.outcome === 'arrived'),
            label: `${t('drBadge')} #${d.id}`,
          }));
      });
    layer.show(marks);
    const extent = layer.extent();
    if (extent && !fitted) {
      shell.map.getView().fit(extent, { padding: [80, 80, 80, 80], maxZoom: 15 });
      fitted = true;
    }
  }

  let busy = false;
  async function refresh(): Promise<void> {
    if (busy) return;
    busy = true;
    try {
      const [l, r] = await Promise.all([
        getJson<{ drills: DrillSummary[] }>('/api/drills?limit=50'),
        getJson<DrillResultsAnswer>('/api/drills/results?days=90'),
      ]);
      list = l.drills;
      results = r;
      const want = list.filter((d) => d.state === 'live' || d.state === 'scheduled' || d.id === focus).slice(0, 8);
      for (const d of want) details.set(d.id, await getJson<DrillDetail>(`/api/drills/${d.id}`));
      renderLive();
      renderResults();
      drawMap();
      document.body.dataset.drillsLoaded = String(list.length);
    } catch (e) {
      shell.showError(e as Error);
    } finally {
      busy = false;
    }
  }

  // a station clicked on the map is the chosen station of the next drill
  shell.map.on('singleclick', (e) => {
    const f = shell.map.forEachFeatureAtPixel(e.pixel, (x) => x, { layerFilter: (l) => l === stations, hitTolerance: 4 });
    if (f) form.pickStation(Number(f.get('id')));
  });
  onLang(() => {
    form.render();
    renderLive();
    renderResults();
    drawMap();
  });
  const live = await connectLive({ kind: 'console' }, shell.setLive);
  live.on('drill:changed', () => void refresh());
  // the units' positions (leaving the station, reaching the point) are read every few seconds while a drill runs
  setInterval(() => {
    if (list.some((d) => d.state === 'live' || d.state === 'scheduled')) void refresh();
  }, 5000);
  await refresh();
}

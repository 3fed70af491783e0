import { fromLonLat } from 'ol/proj';
import { UNIT_STATUSES } from '@gan119/resources';
import { getJson, postJson } from '../api';
import type { RecommendationResponse } from '@gan119/dispatch';
import { IncidentPanel } from './desk/IncidentPanel';
import { incidentSidePanels } from './desk/incident-side';
import { Legend } from './desk/Legend';
import { OverlayLayer } from '../layers/OverlayLayer';
import { onLang, t } from '../i18n/i18n';
import { levelShort, setChildren, chip, h, levelColour, statusLabel, typeLabel, kindLabel } from '../labels';
import { IncidentLayer, IncidentSummary } from '../layers/IncidentLayer';
import { STATUS_COLOUR, UnitInfo } from '../layers/UnitLayer';
import { connectLive } from '../live/live';
import type { Shell } from '../shell';
import { closureTool } from './closures';

/**
 * 指挥: the live map of every unit (moving with AVL, coloured by status, stale ones hollow),
 * incidents by level, stations, hydrants, key units; filters by city, kind and status; the status
 * board; an incident's detail with its whole timeline.
 */
export async function commandView(shell: Shell): Promise<void> {
  let incidents: IncidentSummary[] = [];
  const cities = (
    await getJson<{ features: Array<{ properties: { adcode: number; name: string } }> }>('/api/admin-areas?level=city&simplify=0.05')
  ).features.map((f) => f.properties);
  const filter = { city: '', status: '', kind: '' };
  // the commander reads an incident's whole life (units, acknowledgements, times on scene, timeline); the desk acts on it
  const side = incidentSidePanels(shell.map, true);
  const panel = new IncidentPanel({ canAct: false, changed: () => undefined, shown: (d) => side.shown(d) });
  const overlay = new OverlayLayer();
  shell.map.addLayer(overlay);

  const board = h('div', { className: 'section', id: 'status-board' });
  const list = h('div', { className: 'section', id: 'incident-list' });
  const detailBox = h('div', { id: 'incident-detail' }, panel.element, ...side.elements);
  const busy = h('div', { className: 'section', id: 'busy-units' });
  setChildren(shell.panel, board, list, detailBox, busy, closureTool(shell.map, shell.refreshRoads));

  const units = (): UnitInfo[] => [...shell.units.units.values()];
  const matches = (u: UnitInfo) =>
    (!filter.city || String(u.cityAdcode) === filter.city) && (!filter.status || u.status === filter.status) && (!filter.kind || u.kind === filter.kind);

  function renderBoard(): void {
    const inCity = units().filter((u) => !filter.city || String(u.cityAdcode) === filter.city);
    const counts = new Map<string, number>();
    inCity.forEach((u) => counts.set(u.status, (counts.get(u.status) ?? 0) + 1));
    const select = (id: string, value: string, options: Array<[string, string]>, on: (v: string) => void) => {
      const s = h('select', { id }, ...options.map(([v, text]) => h('option', { value: v, textContent: text })));
      s.value = value;
      s.onchange = () => on(s.value);
      return s;
    };
    const kinds = [...new Set(units().map((u) => u.kind))].sort();
    setChildren(
      board,
      h('h2', {}, t('statusBoard'), h('span', { className: 'hint' }, `${inCity.length} ${t('unitsCount')}`)),
      h(
        'div',
        { className: 'row' },
        select('filter-city', filter.city, [['', t('allCities')], ...cities.map((c): [string, string] => [String(c.adcode), c.name])], (v) =>
          setFilter('city', v),
        ),
        select('filter-status', filter.status, [['', t('allStatuses')], ...UNIT_STATUSES.map((s): [string, string] => [s, statusLabel(s)])], (v) =>
          setFilter('status', v),
        ),
        select('filter-kind', filter.kind, [['', t('allKinds')], ...kinds.map((k): [string, string] => [k, kindLabel(k)])], (v) => setFilter('kind', v)),
      ),
      h(
        'div',
        { className: 'board' },
        ...UNIT_STATUSES.map((s) =>
          h(
            'div',
            { style: `background:${STATUS_COLOUR[s]}`, dataset: { status: s, count: String(counts.get(s) ?? 0) } },
            h('b', {}, String(counts.get(s) ?? 0)),
            statusLabel(s),
          ),
        ),
      ),
    );
    const moving = units()
      .filter((u) => u.status !== 'available' && matches(u))
      .slice(0, 200);
    setChildren(
      busy,
      h('h2', {}, `${t('unitsOnDuty')} (${moving.length})`),
      h(
        'table',
        { className: 'list' },
        ...moving.map((u) =>
          h(
            'tr',
            { className: 'clickable', dataset: { unit: String(u.id), status: u.status }, onclick: () => centre(shell.units.position(u.id)) },
            h('td', {}, u.name, h('div', { className: 'why' }, u.station.name)),
            h('td', {}, chip(statusLabel(u.status), STATUS_COLOUR[u.status] ?? '#607d8b')),
          ),
        ),
      ),
    );
  }

  function renderList(): void {
    setChildren(
      list,
      h('h2', {}, `${t('openIncidents')} (${incidents.length})`),
      h(
        'table',
        { className: 'list' },
        ...incidents.map((i) =>
          h(
            'tr',
            { className: `clickable${panel.detail?.id === i.id ? ' selected' : ''}`, dataset: { incident: String(i.id) }, onclick: () => void open(i.id) },
            h('td', {}, chip(levelShort(i.level), levelColour(i.level))),
            h('td', {}, `#${i.id} ${typeLabel(i.type)}`, h('div', { className: 'why' }, [i.countyName ?? i.cityName, i.address].filter(Boolean).join(' · '))),
            h('td', {}, t(`state_${i.state}` as 'state_new')),
          ),
        ),
      ),
    );
  }

  const render = () => {
    renderBoard();
    renderList();
    panel.render();
  };

  function setFilter(k: keyof typeof filter, v: string): void {
    filter[k] = v;
    shell.units.setFilter(matches);
    render();
  }

  function centre(p: [number, number] | null): void {
    if (p) shell.map.getView().animate({ center: fromLonLat(p), zoom: Math.max(shell.map.getView().getZoom() ?? 12, 13), duration: 300 });
  }

  async function open(id: number): Promise<void> {
    await panel.show(id);
    const d = panel.detail;
    if (!d) return;
    centre([d.lon, d.lat]);
    render();
    live.emit('incident:watch', { incidentId: id }, () => undefined);
    await showAssembly(d);
  }

  /** A disaster's assembly point, each team's way to it and on to the scene: what the desk sees, on the commander's map. */
  async function showAssembly(d: IncidentSummary): Promise<void> {
    overlay.setAssembly(null);
    overlay.setPoint([d.lon, d.lat], `#${d.id}`);
    if (d.state === 'closed' || d.level < 4) return;
    const rec = await postJson<RecommendationResponse>(`/api/incidents/${d.id}/recommendation`, { routes: false }).catch(() => null);
    const a = rec?.assembly;
    if (a && panel.detail?.id === d.id)
      overlay.setAssembly({
        lon: a.lon,
        lat: a.lat,
        label: `${t('assembly')} ${a.name}`,
        route: (a.route?.coordinates as Array<[number, number]> | undefined) ?? null,
      });
  }

  const legend = new Legend();
  (shell.map.getTargetElement() ?? document.body).append(legend.element);
  onLang(() => legend.render());
  const layer = new IncidentLayer((list) => {
    incidents = list;
    render();
  });
  shell.map.addLayer(layer);
  shell.units.setFilter(matches);
  onLang(render);
  onLang(() => side.render());
  const refreshDetail = () => void panel.refresh();
  const live = await connectLive({ kind: 'console' }, shell.setLive);
  // the snapshot comes once the socket is in its rooms (every (re)connect): incidents changed before it are read now, later ones pushed
  live.on('snapshot', (s) => {
    shell.units.applySnapshot(s);
    void layer.reload();
    renderBoard();
  });
  live.on('unit:status', (m) => {
    shell.units.setStatus(m.unitId, m.status);
    renderBoard();
    refreshDetail();
  });
  live.on('avl:positions', (p) => shell.units.moveTo(p));
  live.on('incident:changed', (m) => layer.apply(m));
  live.on('incidents:reload', () => void layer.reload());
  live.on('order:acked', refreshDetail);
  live.on('order:unacknowledged', refreshDetail);
  live.on('partner:changed', (m) => {
    if (panel.detail?.id === m.incidentId) void panel.refresh();
    side.changed(m.incidentId);
  });
  live.on('alerts:changed', refreshDetail);
}

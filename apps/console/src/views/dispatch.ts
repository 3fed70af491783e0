import { fromLonLat, toLonLat } from 'ol/proj';
import { INCIDENT_LEVELS, INCIDENT_TYPES, UnacknowledgedMessage } from '@gan119/dispatch';
import { CRS_NAMES } from '@gan119/geo';
import { getJson, postJson } from '../api';
import { onLang, t } from '../i18n/i18n';
import { levelShort, setChildren, chip, duration, h, km, levelColour, levelLabel, typeLabel, capabilityLabel } from '../labels';
import { IncidentLayer, IncidentSummary } from '../layers/IncidentLayer';
import { OverlayLayer } from '../layers/OverlayLayer';
import { connectLive } from '../live/live';
import type { Shell } from '../shell';

type Pick = { unitId: number; name: string; capability: string; etaS: number; roadM: number; crossJurisdiction: boolean; why: string; route: { coordinates: Array<[number, number]> } | null };
type Candidate = { unitId: number; name: string; capabilities: string[]; etaS: number | null; etaAtLeastS?: number | null; roadM: number | null; cityName?: string };
type Recommendation = {
  incident: { id: number; type: string; level: number; cityName: string | null };
  alreadyAssigned: Array<{ unitId: number; name: string; capability: string; orderId: string | null; acked: boolean }>;
  picks: Pick[];
  shortfall: Array<{ capability: string; wanted: number; found: number }>;
  candidates: Candidate[];
  synthetic: boolean;
};
type Place = { kind: 'county' | 'city' | 'key_unit' | 'station' | 'road'; name: string; context: string | null; lon: number; lat: number };
type Created = { incident: IncidentSummary; duplicates: Array<{ id: number; type: string; distanceM: number }> };

const ROUTE_COLOURS = ['#1565c0', '#00838f', '#6a1b9a', '#2e7d32', '#ef6c00', '#4527a0', '#ad1457', '#37474f'];

/**
 * 调度台: take a call (map click, typed coordinates in WGS84 / GCJ-02 / BD-09, address), see the
 * proposal as a list and as routes, adjust and assign; duplicate warning with merge; the queue with
 * its timers; unacknowledged-order alerts with the proposed replacement.
 */
export async function dispatchView(shell: Shell): Promise<void> {
  const overlay = new OverlayLayer();
  const incidents = new IncidentLayer((list) => {
    queue = list;
    renderQueue();
  });
  shell.map.addLayer(incidents);
  shell.map.addLayer(overlay);

  let queue: IncidentSummary[] = [];
  let created: Created | null = null;
  let rec: Recommendation | null = null;
  let chosen = new Map<number, { capability: string; etaS: number | null; crossJurisdiction: boolean; name: string }>();
  const orders = new Map<string, { unitId: number; name: string; acked: boolean }>();
  const alerts: UnacknowledgedMessage[] = [];
  let message: { text: string; error: boolean } | null = null;
  let busy = false;

  const form = {
    type: h('select', { id: 'call-type' }),
    level: h('select', { id: 'call-level' }),
    lon: h('input', { id: 'call-lon', type: 'text', className: 'coord', inputMode: 'decimal' }),
    lat: h('input', { id: 'call-lat', type: 'text', className: 'coord', inputMode: 'decimal' }),
    crs: h('select', { id: 'call-crs' }),
    address: h('input', { id: 'call-address', type: 'text', maxLength: 300, style: 'flex:1' }),
    phone: h('input', { id: 'call-phone', type: 'text', maxLength: 20, style: 'width:130px' }),
    submit: h('button', { id: 'call-submit', className: 'primary', type: 'button' }),
    locate: h('button', { id: 'call-locate', type: 'button' }),
  };
  let places: Place[] = [];
  CRS_NAMES.forEach((c) => form.crs.append(h('option', { value: c, textContent: c })));
  const sections = { alerts: h('div'), call: h('div', { className: 'section' }), result: h('div', { className: 'section', id: 'recommendation' }), queue: h('div', { className: 'section', id: 'queue' }) };
  setChildren(shell.panel, sections.alerts, sections.call, sections.result, sections.queue);

  shell.map.on('singleclick', (e) => {
    const [lon, lat] = toLonLat(e.coordinate);
    form.lon.value = lon.toFixed(6);
    form.lat.value = lat.toFixed(6);
    form.crs.value = 'WGS84';
    overlay.setPoint([lon, lat], t('callHere'));
  });

  function renderCall(): void {
    const selType = form.type.value || 'building_fire', selLevel = form.level.value || '1';
    setChildren(form.type, ...INCIDENT_TYPES.map((x) => h('option', { value: x, textContent: typeLabel(x) })));
    setChildren(form.level, ...INCIDENT_LEVELS.map((l) => h('option', { value: String(l), textContent: levelLabel(l) })));
    form.type.value = selType;
    form.level.value = selLevel;
    form.submit.textContent = t('createIncident');
    form.submit.disabled = busy;
    form.address.placeholder = t('addressPlaceholder');
    form.locate.textContent = t('locate');
    form.phone.placeholder = t('callerNumber');
    setChildren(sections.call, 
      h('h2', {}, t('newCall')),
      h('div', { className: 'row' }, h('label', {}, t('incidentType')), form.type, form.level),
      h('div', { className: 'row' }, h('label', {}, t('location')), form.lon, form.lat, form.crs),
      h('div', { className: 'hint' }, t('clickMapHint')),
      h('div', { className: 'row' }, h('label', {}, t('address')), form.address, form.locate),
      places.length
        ? h('ul', { id: 'places', className: 'timeline' }, ...places.map((p) => h('li', {}, h('button', { className: 'link', onclick: () => usePlace(p) }, `${p.name}`), h('span', { className: 'why' }, ` ${t(`place_${p.kind}`)}${p.context ? ` · ${p.context}` : ''}`))))
        : null,
      h('div', { className: 'row' }, h('label', {}, t('caller')), form.phone, form.submit),
      message ? h('div', { className: message.error ? 'error-text' : 'hint', id: 'call-message' }, message.text) : null,
    );
  }

  function renderResult(): void {
    if (!created) {
      setChildren(sections.result, h('h2', {}, t('recommendation')), h('div', { className: 'hint' }, t('noIncidentYet')));
      return;
    }
    const i = created.incident;
    const parts: Array<Node | null> = [
      h('h2', {}, h('span', {}, `#${i.id} ${typeLabel(i.type)} `, chip(levelLabel(i.level), levelColour(i.level))), h('span', { className: 'hint' }, [i.cityName, i.countyName].filter(Boolean).join(' · '))),
    ];
    for (const d of created.duplicates) {
      parts.push(
        h('div', { className: 'warn', dataset: { duplicate: String(d.id) } }, `${t('possibleDuplicate')} #${d.id} ${typeLabel(d.type)} · ${d.distanceM} m `, h('button', { className: 'link', onclick: () => void merge(i.id, d.id) }, `${t('mergeInto')} #${d.id}`)),
      );
    }
    if (!rec) {
      parts.push(h('div', { className: 'hint' }, t('loading')));
      setChildren(sections.result, ...parts);
      return;
    }
    if (rec.alreadyAssigned.length) {
      parts.push(
        h('div', { className: 'hint' }, t('alreadyAssigned')),
        h('ul', { id: 'assigned' }, ...rec.alreadyAssigned.map((a) => {
          const o = [...orders.values()].find((x) => x.unitId === a.unitId);
          return h('li', { dataset: { unit: String(a.unitId), acked: String(!!o?.acked) } }, `${a.name} · ${capabilityLabel(a.capability)} · `, o?.acked ? h('b', { style: 'color:#2e7d32' }, t('acked')) : h('span', { className: 'hint' }, t('awaitingAck')));
        })),
      );
    }
    const rows = rec.picks.map((p, k) =>
      h('tr', { dataset: { unit: String(p.unitId) } },
        h('td', {}, h('input', { type: 'checkbox', checked: chosen.has(p.unitId), onchange: (e: Event) => toggle(p, (e.target as HTMLInputElement).checked) })),
        h('td', {}, h('span', { style: `color:${ROUTE_COLOURS[k % ROUTE_COLOURS.length]};font-weight:600` }, p.name), p.crossJurisdiction ? h('div', { className: 'cross' }, t('crossJurisdiction')) : null, h('div', { className: 'why' }, p.why.replace(/^([a-z_]+)(?= \d+\/\d+)/, (c) => capabilityLabel(c)))),
        h('td', {}, capabilityLabel(p.capability)),
        h('td', {}, duration(p.etaS)),
        h('td', {}, km(p.roadM)),
      ),
    );
    parts.push(
      h('table', { className: 'list', id: 'picks' }, h('tr', {}, h('th', {}, ''), h('th', {}, t('unit')), h('th', {}, t('capability')), h('th', {}, 'ETA'), h('th', {}, t('distance'))), ...rows),
    );
    if (!rec.picks.length && !rec.alreadyAssigned.length) parts.push(h('div', { className: 'hint' }, t('nothingToSend')));
    for (const s of rec.shortfall) parts.push(h('div', { className: 'warn' }, `${t('shortfall')} ${capabilityLabel(s.capability)}: ${s.found}/${s.wanted}`));
    const r = rec;
    const others = r.candidates.filter((c) => !r.picks.some((p) => p.unitId === c.unitId) && !chosen.has(c.unitId)).slice(0, 30);
    const add = h('select', { id: 'add-unit' }, h('option', { value: '', textContent: t('addUnit') }), ...others.map((c) => h('option', { value: String(c.unitId), textContent: `${c.name} · ${c.capabilities.map(capabilityLabel).join('/')} · ${c.etaS === null && c.etaAtLeastS != null ? `> ${duration(c.etaAtLeastS)}` : duration(c.etaS)}` })));
    add.onchange = () => {
      const c = others.find((x) => String(x.unitId) === add.value);
      if (c) {
        chosen.set(c.unitId, { capability: c.capabilities[0], etaS: c.etaS, crossJurisdiction: false, name: c.name });
        renderResult();
      }
    };
    const extra = [...chosen.entries()].filter(([id]) => !r.picks.some((p) => p.unitId === id));
    if (extra.length) parts.push(h('div', { className: 'hint' }, `${t('added')}: ${extra.map(([, c]) => c.name).join('、')}`));
    const assign = h('button', { id: 'assign', className: 'primary', type: 'button', disabled: busy || chosen.size === 0, onclick: () => void assignChosen() }, `${t('assign')} (${chosen.size})`);
    parts.push(h('div', { className: 'row', style: 'margin-top:8px' }, add, assign));
    if (rec.synthetic) parts.push(h('div', { className: 'hint' }, t('syntheticRoutes')));
    setChildren(sections.result, ...parts);
  }

  function renderQueue(): void {
    const now = Date.now();
    setChildren(sections.queue, 
      h('h2', {}, `${t('queue')} (${queue.length})`),
      h('table', { className: 'list' },
        ...queue.map((q) => {
          const s = Math.max(0, (now - Date.parse(q.reportedAt)) / 1000);
          return h('tr', { className: `clickable${created?.incident.id === q.id ? ' selected' : ''}`, dataset: { incident: String(q.id) }, onclick: () => void select({ incident: q, duplicates: [] }) },
            h('td', {}, chip(levelShort(q.level), levelColour(q.level))),
            h('td', {}, `#${q.id} ${typeLabel(q.type)}`, h('div', { className: 'why' }, [q.countyName ?? q.cityName, q.address].filter(Boolean).join(' · '))),
            h('td', {}, t(`state_${q.state}` as 'state_new')),
            h('td', { style: `color:${s > 180 && q.state === 'new' ? '#c62828' : 'inherit'}` }, `${Math.floor(s / 60)}:${String(Math.floor(s % 60)).padStart(2, '0')}`),
          );
        }),
      ),
    );
  }

  function renderAlerts(): void {
    setChildren(sections.alerts, 
      ...alerts.map((a) =>
        h('div', { className: 'alert section', dataset: { alertOrder: a.orderId } },
          h('b', {}, `#${a.incidentId} ${t('notAcked')}`), ` ${t('unitId')} ${a.unitId} · ${capabilityLabel(a.capability)}`,
          a.autoDispatched ? h('div', {}, `${t('autoDispatched')} ${a.proposal?.name ?? a.autoDispatched.unitId}`) : null,
          !a.autoDispatched && a.proposal
            ? h('div', {}, `${t('proposal')} ${a.proposal.name} (${duration(a.proposal.etaS)}) `, h('button', { className: 'link', onclick: () => void sendReplacement(a) }, t('sendInstead')))
            : null,
          h('button', { className: 'link', onclick: () => { alerts.splice(alerts.indexOf(a), 1); renderAlerts(); } }, t('dismiss')),
        ),
      ),
    );
  }

  const render = () => {
    renderAlerts();
    renderCall();
    renderResult();
    renderQueue();
  };
  onLang(render);
  window.setInterval(renderQueue, 1000);

  function toggle(p: Pick, on: boolean): void {
    if (on) chosen.set(p.unitId, { capability: p.capability, etaS: p.etaS, crossJurisdiction: p.crossJurisdiction, name: p.name });
    else chosen.delete(p.unitId);
    drawRoutes();
    renderResult();
  }

  function drawRoutes(): void {
    overlay.setRoutes((rec?.picks ?? []).flatMap((p) => (chosen.has(p.unitId) && p.route ? [{ p, route: p.route }] : [])).map(({ p, route }, k) => ({ coordinates: route.coordinates, label: `${p.name} ${duration(p.etaS)}`, colour: ROUTE_COLOURS[k % ROUTE_COLOURS.length], to: created ? ([created.incident.lon, created.incident.lat] as [number, number]) : undefined })));
  }

  async function select(c: Created): Promise<void> {
    created = c;
    rec = null;
    chosen = new Map();
    overlay.setPoint([c.incident.lon, c.incident.lat]); // the incident layer labels it
    renderResult();
    renderQueue();
    try {
      rec = await postJson<Recommendation>(`/api/incidents/${c.incident.id}/recommendation`, {});
      rec.alreadyAssigned.forEach((a) => {
        if (a.orderId) orders.set(a.orderId, { unitId: a.unitId, name: a.name, acked: a.acked || !!orders.get(a.orderId)?.acked });
      });
      rec.picks.forEach((p) => chosen.set(p.unitId, { capability: p.capability, etaS: p.etaS, crossJurisdiction: p.crossJurisdiction, name: p.name }));
      drawRoutes();
      const extent = overlay.drawnExtent();
      if (extent) shell.map.getView().fit(extent, { padding: [60, 60, 60, 60], maxZoom: 15, duration: 300 });
      document.body.dataset.recommendation = String(c.incident.id);
    } catch (e) {
      message = { text: (e as Error).message, error: true };
      renderCall();
    }
    renderResult();
  }

  async function submit(): Promise<void> {
    busy = true;
    message = null;
    renderCall();
    try {
      const body: Record<string, unknown> = { type: form.type.value, level: Number(form.level.value), source: 'phone', location: { lon: Number(form.lon.value), lat: Number(form.lat.value), crs: form.crs.value } };
      if (!form.lon.value.trim() || !form.lat.value.trim()) throw new Error(t('locationRequired'));
      if (form.address.value.trim()) body.address = form.address.value.trim();
      if (form.phone.value.trim()) body.callerNumber = form.phone.value.trim();
      const c = await postJson<Created>('/api/incidents', body);
      message = { text: `${t('created')} #${c.incident.id}`, error: false };
      await incidents.reload();
      await select(c);
    } catch (e) {
      message = { text: (e as Error).message, error: true };
    } finally {
      busy = false;
      renderCall();
      renderResult();
    }
  }
  form.submit.onclick = () => void submit();

  /** The address typed: the places the system knows by that name (key units, stations, counties, roads). */
  async function locate(): Promise<void> {
    const q = form.address.value.trim();
    if (!q) return;
    try {
      places = (await getJson<{ places: Place[] }>(`/api/places?q=${encodeURIComponent(q.slice(0, 60))}`)).places;
      message = places.length ? null : { text: t('noPlace'), error: true };
    } catch (e) {
      message = { text: (e as Error).message, error: true };
    }
    renderCall();
  }
  form.locate.onclick = () => void locate();
  form.address.onkeydown = (e) => {
    if (e.key === 'Enter') void locate();
  };

  function usePlace(p: Place): void {
    form.lon.value = p.lon.toFixed(6);
    form.lat.value = p.lat.toFixed(6);
    form.crs.value = 'WGS84';
    overlay.setPoint([p.lon, p.lat], t('callHere'));
    shell.map.getView().animate({ center: fromLonLat([p.lon, p.lat]), zoom: 15, duration: 300 });
    places = [];
    renderCall();
  }

  async function assignChosen(): Promise<void> {
    if (!created || !chosen.size) return;
    busy = true;
    renderResult();
    try {
      const units = [...chosen.entries()].map(([unitId, c]) => ({ unitId, capability: c.capability, ...(c.etaS !== null ? { etaS: c.etaS } : {}), crossJurisdiction: c.crossJurisdiction }));
      const r = await postJson<{ assignments: Array<{ unitId: number; orderId: string }> }>(`/api/incidents/${created.incident.id}/assignments`, { units });
      r.assignments.forEach((a) => orders.set(a.orderId, { unitId: a.unitId, name: chosen.get(a.unitId)?.name ?? String(a.unitId), acked: orders.get(a.orderId)?.acked ?? false }));
      message = { text: `${t('assigned')} ${r.assignments.length}`, error: false };
      document.body.dataset.assigned = r.assignments.map((a) => a.unitId).join(',');
      await incidents.reload();
      await select({ incident: { ...created.incident, state: 'dispatched' }, duplicates: [] });
    } catch (e) {
      message = { text: (e as Error).message, error: true };
    } finally {
      busy = false;
      render();
    }
  }

  async function merge(id: number, into: number): Promise<void> {
    try {
      await postJson(`/api/incidents/${id}/merge`, { into });
      await incidents.reload();
      const target = queue.find((q) => q.id === into);
      message = { text: `#${id} → #${into} ${t('merged')}`, error: false };
      if (target) await select({ incident: target, duplicates: [] });
    } catch (e) {
      message = { text: (e as Error).message, error: true };
    }
    renderCall();
  }

  async function sendReplacement(a: UnacknowledgedMessage): Promise<void> {
    if (!a.proposal) return;
    try {
      await postJson(`/api/incidents/${a.incidentId}/assignments`, { units: [{ unitId: a.proposal.unitId, capability: a.capability, etaS: a.proposal.etaS, crossJurisdiction: a.proposal.crossJurisdiction }] });
      alerts.splice(alerts.indexOf(a), 1);
      renderAlerts();
    } catch (e) {
      message = { text: (e as Error).message, error: true };
      renderCall();
    }
  }

  const live = await connectLive({ kind: 'console' }, shell.setLive);
  live.on('snapshot', (s) => shell.units.applySnapshot(s));
  live.on('unit:status', (m) => shell.units.setStatus(m.unitId, m.status));
  live.on('avl:positions', (list) => shell.units.moveTo(list));
  live.on('order:acked', (a) => {
    const o = orders.get(a.orderId);
    if (o) o.acked = true;
    else orders.set(a.orderId, { unitId: a.unitId, name: String(a.unitId), acked: true });
    renderResult();
  });
  live.on('order:unacknowledged', (a) => {
    alerts.unshift(a);
    renderAlerts();
    void incidents.reload();
  });
}

import type { DeskAlert } from '@gan119/dispatch';
import { getJson, postJson } from '../api';
import { onLang, t } from '../i18n/i18n';
import { IncidentLayer } from '../layers/IncidentLayer';
import { OverlayLayer } from '../layers/OverlayLayer';
import { beep, connectLive } from '../live/live';
import type { Shell } from '../shell';
import { setChildren } from '../labels';
import { AlertList } from './desk/AlertList';
import { CallForm, Created } from './desk/CallForm';
import { IncidentPanel } from './desk/IncidentPanel';
import { QueuePanel } from './desk/QueuePanel';
import { RecommendationPanel } from './desk/RecommendationPanel';
import { Legend } from './desk/Legend';
import { incidentSidePanels } from './desk/incident-side';
import { transferBanner } from './desk/transfer-banner';

/**
 * 调度台: the desk, in parts — the call form, the recommendation, the chosen incident's panel (its
 * units, level, state, closing), the queue, and the alerts floating over the map — wired to the live
 * feed. This module only connects them.
 */
export async function dispatchView(shell: Shell): Promise<void> {
  const cities = (
    await getJson<{ features: Array<{ properties: { adcode: number; name: string } }> }>('/api/admin-areas?level=city&simplify=0.05')
  ).features.map((f) => f.properties);
  const overlay = new OverlayLayer();

  const refreshAll = async () => {
    await incidents.reload();
    await panel.refresh();
  };
  /** the dispatcher's latest choice of incident: a slower answer about an earlier one never replaces it */
  let choice = 0;
  /** Opens an incident: its recommendation and its panel. */
  const select = async (c: Created) => {
    choice++;
    await Promise.all([rec.show(c), panel.show(c.incident.id)]);
    queue.render();
  };
  const open = async (id: number) => {
    const mine = ++choice;
    const d = await getJson<Created['incident']>(`/api/incidents/${id}`);
    if (mine === choice) await select({ incident: d, duplicates: [] });
  };

  const form = new CallForm({
    map: shell.map,
    overlay,
    created: async (c) => {
      await incidents.reload();
      await select(c);
    },
  });
  const rec = new RecommendationPanel({
    overlay,
    fit: () => {
      const extent = overlay.drawnExtent();
      if (extent) shell.map.getView().fit(extent, { padding: [60, 60, 60, 60], maxZoom: 15, duration: 300 });
    },
    merge: async (id, into) => {
      await postJson(`/api/incidents/${id}/merge`, { into });
      form.clear(() => `#${id} → #${into} ${t('merged')}`);
      await incidents.reload();
      await open(into);
    },
    // the proposal settles from the assignment's answer (no new road search); the queue and the panel read the record once
    assigned: async (id) => {
      form.clear(() => `${t('assigned')} #${id}`);
      await Promise.all([incidents.reload(), panel.show(id)]);
      queue.render();
    },
  });
  const side = incidentSidePanels(shell.map, true);
  // a change made in the panel (level, state, release) asks for a new proposal, if that incident is still the one shown
  const panel = new IncidentPanel({
    canAct: true,
    shown: (d) => side.shown(d),
    changed: (d) => {
      void incidents.reload();
      if (rec.incidentId === d.id) void rec.show(d.state === 'closed' ? null : { incident: d, duplicates: [] });
    },
  });
  const queue = new QueuePanel({ cities, select: (i) => void select({ incident: i, duplicates: [] }), selected: () => rec.incidentId });
  const alerts = new AlertList({
    replace: async (a: DeskAlert) => {
      const p = a.details.proposal;
      if (!p || !a.orderId || !a.capability) return;
      await postJson(`/api/incidents/${a.incidentId}/assignments`, {
        units: [{ unitId: p.unitId, capability: a.capability, etaS: p.etaS, crossJurisdiction: p.crossJurisdiction, replacesOrderId: a.orderId }],
      });
      await refreshAll();
    },
    release: async (a: DeskAlert) => {
      await postJson(`/api/incidents/${a.incidentId}/release`, { unitId: a.unitId, reason: a.kind === 'release_requested' ? 'no_longer_needed' : 'replaced' });
      await refreshAll();
    },
    open: (id) => void open(id),
  });
  // the map's incidents (pushed by the server as they change) also refresh the queue
  const incidents = new IncidentLayer(() => void queue.reload());
  shell.map.addLayer(incidents);
  shell.map.addLayer(overlay);
  const legend = new Legend();
  const transfers = transferBanner((id) => void open(id));
  (shell.map.getTargetElement() ?? document.body).append(transfers.element, alerts.element, legend.element);
  setChildren(shell.panel, form.element, rec.element, panel.element, ...side.elements, queue.element);

  onLang(() => {
    form.render();
    rec.reword(); // route labels on the map too
    panel.render();
    queue.render();
    alerts.render();
    legend.render();
    side.render();
    transfers.render();
  });
  void alerts.reload();
  // opened from the monitoring centre (a confirmed alarm's incident): straight to it
  const asked = Number(shell.params.get('incident'));
  if (Number.isInteger(asked) && asked > 0) void open(asked);

  const live = await connectLive({ kind: 'console' }, shell.setLive);
  // the snapshot comes once the socket is in its rooms (every (re)connect): what changed before it is read now, what changes after it is pushed
  live.on('snapshot', (s) => {
    shell.units.applySnapshot(s);
    void alerts.reload();
    void incidents.reload();
  });
  live.on('unit:status', (m) => {
    shell.units.setStatus(m.unitId, m.status);
    if (panel.has(m.unitId)) void panel.refresh();
  });
  live.on('avl:positions', (list) => shell.units.moveTo(list));
  live.on('incident:changed', (m) => incidents.apply(m));
  live.on('incidents:reload', () => void incidents.reload());
  // a confirmed IoT alarm is a new incident (the map has it from incident:changed): the desk hears it; another agency's transfer (转警) also stays in view until opened
  live.on('incident:new', (m) => {
    if (m.partner) transfers.arrived(m);
    else if (m.source === 'iot') beep();
  });
  // another agency's side or a public alert changed: the incident shown reads again (its timeline, then the panels beside it)
  live.on('partner:changed', (m) => {
    if (panel.detail?.id === m.incidentId) void panel.refresh();
    side.changed(m.incidentId);
  });
  live.on('order:acked', (a) => {
    if (panel.has(a.unitId)) void panel.refresh();
    void alerts.reload();
  });
  live.on('order:unacknowledged', () => {
    void alerts.reload();
    void refreshAll();
  });
  live.on('alerts:changed', () => void alerts.reload());
}

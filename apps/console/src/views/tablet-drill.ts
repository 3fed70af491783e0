import type { DrillOrderMessage } from '@gan119/dispatch';
import type OlMap from 'ol/Map';
import { fromLonLat } from 'ol/proj';
import { postJson } from '../api';
import { onLang, t } from '../i18n/i18n';
import type { MessageKey } from '../i18n/catalogue';
import { errorText } from '../i18n/errors';
import { chip, clock, duration, h, km, levelColour, levelLabel, setChildren, typeLabel } from '../labels';
import { OverlayLayer } from '../layers/OverlayLayer';
import { beep, LiveSocket } from '../live/live';

type Step = 'ack' | 'en_route' | 'on_scene' | 'finished';
const BUTTONS: Array<{ step: Step; key: MessageKey }> = [
  { step: 'ack', key: 'drBtnAck' },
  { step: 'en_route', key: 'drBtnEnRoute' },
  { step: 'on_scene', key: 'drBtnOnScene' },
  { step: 'finished', key: 'drBtnFinish' },
];
const ENDED: Record<string, MessageKey> = {
  arrived: 'drEndedArrived',
  not_arrived: 'drEndedNotArrived',
  preempted: 'drEndedPreempted',
  cancelled: 'drEndedCancelled',
};

/**
 * The tablet's drill card (三随三实): a drill order is drawn apart from real orders (striped, marked
 * 演练, its own buttons that never change the unit's real status), its point on the map in its own
 * layer. It ends when the unit arrives, time runs out, the commander calls it off, or a real incident
 * takes the unit (the server says which; a real order on screen always comes first).
 */
export function drillCard(map: OlMap, live: LiveSocket, unitId: number, from: () => [number, number] | null): HTMLElement {
  const el = h('div', { id: 'drill-area' });
  const layer = new OverlayLayer();
  map.addLayer(layer);
  const drills = new Map<
    number,
    { order: DrillOrderMessage; steps: Partial<Record<Step, string>>; route?: { seconds: number; meters: number; coordinates: Array<[number, number]> } }
  >();
  let ended: { outcome: string } | null = null;
  let note: { text: string; error: boolean } | null = null;
  const current = () => [...drills.values()].pop() ?? null;

  function render(): void {
    const d = current();
    document.body.dataset.drill = d ? String(d.order.drillId) : '';
    if (!d) {
      layer.setPoint(null);
      layer.setRoutes([]);
      setChildren(el, ended ? h('div', { className: 'section hint', id: 'drill-ended' }, t(ENDED[ended.outcome] ?? 'drEndedNotArrived')) : null);
      return;
    }
    const o = d.order;
    layer.setPoint([o.scenario.lon, o.scenario.lat], t('drBadge'));
    // the road there, labelled with its time in the page's language
    layer.setRoutes(
      d.route ? [{ coordinates: d.route.coordinates, colour: '#7b1fa2', label: duration(d.route.seconds), to: [o.scenario.lon, o.scenario.lat] }] : [],
    );
    const next = BUTTONS.findIndex((b) => !d.steps[b.step]);
    setChildren(
      el,
      h(
        'div',
        { className: 'drill-card', id: 'drill-card', dataset: { drill: String(o.drillId) } },
        h(
          'h2',
          {},
          chip(t('drBadge'), '#6a1b9a'),
          ` ${t('drOrderTitle')} `,
          chip(`${typeLabel(o.scenario.type)} · ${levelLabel(o.scenario.level)}`, levelColour(o.scenario.level)),
        ),
        h('div', { className: 'hint' }, t('drNotReal')),
        h('div', { className: 'big' }, o.scenario.address ?? `${o.scenario.lon.toFixed(5)}, ${o.scenario.lat.toFixed(5)}`),
        h(
          'div',
          {},
          `${t('drStation')}: ${o.station} · ${t('issuedAt')} ${clock(o.issuedAt)}`,
          d.route ? ` · ${t('drDrive')} ${duration(d.route.seconds)} · ${km(d.route.meters)}` : '',
        ),
        h(
          'div',
          { className: 'touch drill-buttons' },
          ...BUTTONS.map((b, i) =>
            h(
              'button',
              { dataset: { step: b.step }, className: i === next ? 'primary' : '', disabled: !!d.steps[b.step], onclick: () => void report(o.drillId, b.step) },
              ((at) => (at ? `${t(b.key)} ✓ ${clock(at)}` : t(b.key)))(d.steps[b.step]),
            ),
          ),
        ),
        note ? h('div', { className: note.error ? 'error-text' : 'hint', id: 'drill-note' }, note.text) : null,
      ),
    );
  }

  async function report(drillId: number, step: Step): Promise<void> {
    const r = await live.emitWithAck('drill:report', { drillId, step });
    const d = drills.get(drillId);
    if (r.ok && d) {
      d.steps[step] = r.at ?? new Date().toISOString();
      note = null;
    } else if (!r.ok) note = { text: errorText(r), error: true };
    render();
  }

  /** The drill point on the map, with the road there from where the unit is and its time. */
  async function show(m: DrillOrderMessage): Promise<void> {
    const to: [number, number] = [m.scenario.lon, m.scenario.lat];
    const at = from();
    map.getView().animate({ center: fromLonLat(to), zoom: 14 });
    if (!at) return;
    const r = await postJson<{ seconds: number; meters: number; geometry: { coordinates: Array<[number, number]> } }>('/api/routes', {
      from: { lon: at[0], lat: at[1] },
      to: { lon: to[0], lat: to[1] },
    }).catch(() => null);
    const d = drills.get(m.drillId);
    if (!r || !d) return;
    d.route = { seconds: r.seconds, meters: r.meters, coordinates: r.geometry.coordinates };
    render(); // draws the road
    const extent = layer.drawnExtent();
    if (extent) map.getView().fit(extent, { padding: [60, 60, 60, 60], maxZoom: 15 });
  }

  live.on('drill:order', (m) => {
    if (m.unitId !== unitId) return;
    const known = drills.get(m.drillId);
    drills.set(m.drillId, { order: m, steps: { ...m.steps, ...(known?.steps ?? {}) } });
    ended = null;
    if (!m.replay && !known) beep();
    render();
    if (!known) void show(m);
  });
  live.on('drill:ended', (m) => {
    if (m.unitId !== unitId || !drills.has(m.drillId)) return;
    drills.delete(m.drillId);
    ended = { outcome: m.outcome };
    note = null;
    render();
  });
  // on a reconnect the server sends the drills still live again: one that ended meanwhile is gone
  live.on('connect', () => {
    drills.clear();
    render();
  });
  onLang(render);
  render();
  return el;
}

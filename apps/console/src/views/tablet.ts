import { fromLonLat } from 'ol/proj';
import type { OrderMessage, OrderWithdrawnMessage } from '@gan119/dispatch';
import { getJson, postJson } from '../api';
import { session } from '../auth';
import { onLang, t } from '../i18n/i18n';
import { errorText, fill } from '../i18n/errors';
import { setChildren, chip, clock, duration, h, km, levelColour, levelLabel, statusLabel, typeLabel, capabilityLabel } from '../labels';
import { OverlayLayer } from '../layers/OverlayLayer';
import { beep, connectLive } from '../live/live';
import type { Shell } from '../shell';
import { drillCard } from './tablet-drill';

type KeyUnit = { name: string; hazards: string[]; preplan: string | null; distanceM: number };
type Water = { id: number; code: string; kind: string; roadM: number | null; straightM: number; seconds: number | null };
type Extras = {
  keyUnits: KeyUnit[];
  water: Water[];
  route: { seconds: number; meters: number; calibrated: boolean; coordinates: Array<[number, number]> } | null;
};

const STATUS_BUTTONS: Array<{ to: string; key: 'btnEnRoute' | 'btnOnScene' | 'btnReturning' | 'btnAvailable'; colour: string }> = [
  { to: 'en_route', key: 'btnEnRoute', colour: '#ef6c00' },
  { to: 'on_scene', key: 'btnOnScene', colour: '#c62828' },
  { to: 'returning', key: 'btnReturning', colour: '#1565c0' },
  { to: 'available', key: 'btnAvailable', colour: '#2e7d32' },
];

/**
 * 车载终端: one unit's tablet. The current order (incident, type, level, address, ETA, key-unit
 * hazards and pre-plan, nearest water), one tap to acknowledge, the status buttons, the route on the
 * map; a sound and a flashing card for a new order; replays after a reconnect are not shown twice.
 */
export async function tabletView(shell: Shell): Promise<void> {
  const own = session()?.user;
  const unitId = own?.role === 'unit' && own.unitId ? own.unitId : Number(shell.params.get('unit'));
  if (!Number.isInteger(unitId) || unitId < 1) {
    const input = h('input', { type: 'number', id: 'unit-id', min: '1' });
    setChildren(
      shell.panel,
      h(
        'div',
        { className: 'section' },
        h('h2', {}, t('viewTablet')),
        h(
          'div',
          { className: 'row' },
          h('label', {}, t('unitId')),
          input,
          h('button', { className: 'primary', onclick: () => (location.search = `?view=tablet&unit=${input.value}`) }, t('open')),
        ),
      ),
    );
    return;
  }
  await shell.units.ready;
  const unit = shell.units.units.get(unitId);
  if (!unit) throw new Error(`${t('unitId')} ${unitId}: ${t('notFound')}`);
  const name = unit.name;
  const overlay = new OverlayLayer();
  shell.map.addLayer(overlay);
  document.body.dataset.focused = '1';

  const orders: OrderMessage[] = []; // newest last; an id once
  const acked = new Set<string>();
  const ended = new Set<string>(); // withdrawn with their assignment (released, incident closed): never current again
  const extras = new Map<string, Extras>();
  let status = unit.status;
  let fresh = false;
  let note: { text: string; error: boolean } | null = null;

  const root = h('div');
  setChildren(shell.panel, root);
  const current = () => {
    const live = orders.filter((o) => !ended.has(o.orderId));
    return [...live].reverse().find((o) => !acked.has(o.orderId)) ?? live[live.length - 1] ?? null;
  };

  function render(): void {
    const o = current();
    const x = o ? extras.get(o.orderId) : undefined;
    const card = o
      ? h(
          'div',
          { className: `order-card${fresh ? ' fresh' : ''}`, id: 'order-card', dataset: { order: o.orderId, acked: String(acked.has(o.orderId)) } },
          h('h2', {}, `${typeLabel(o.incident.type)} `, chip(levelLabel(o.incident.level), levelColour(o.incident.level))),
          h('div', { className: 'big' }, o.incident.address ?? `${o.incident.lon.toFixed(5)}, ${o.incident.lat.toFixed(5)}`),
          // from here the crew drives: the route's time (the dispatcher's ETA also counts the turnout)
          h(
            'div',
            {},
            `${t('incident')} #${o.incident.id} · ${capabilityLabel(o.capability)} · ${x?.route ? `${t('driveTime')} ${duration(x.route.seconds)}${x.route.calibrated ? t('driveCalibrated') : ''} · ${km(x.route.meters)}` : `ETA ${duration(o.etaS)}`}`,
          ),
          h('div', { className: 'hint' }, `${t('issuedAt')} ${clock(o.issuedAt)}`),
          ...(x?.keyUnits ?? []).map((k) =>
            h(
              'div',
              { className: 'warn' },
              h('b', {}, `${t('keyUnit')} ${k.name}`),
              k.hazards.length ? ` · ${t('hazards')}: ${k.hazards.join('、')}` : '',
              k.preplan ? h('div', {}, `${t('prePlan')}: ${k.preplan}`) : null,
            ),
          ),
          // nearest first by the distance shown (the hose or the short drive), not by the drive's time
          x?.water.length
            ? h(
                'div',
                { id: 'tablet-water' },
                `${t('nearestWater')}: `,
                [...x.water]
                  .sort((a, b) => (a.roadM ?? a.straightM) - (b.roadM ?? b.straightM))
                  .slice(0, 3)
                  .map((w) => `${w.code} ${km(w.roadM ?? w.straightM)}`)
                  .join('；'),
              )
            : null,
        )
      : h('div', { className: 'section hint', id: 'no-order' }, t('noOrder'));
    const ack = h(
      'button',
      { className: 'ack', id: 'ack', disabled: !o || acked.has(o.orderId), onclick: () => void acknowledge() },
      o && acked.has(o.orderId) ? t('ackedAlready') : t('ackOrder'),
    );
    setChildren(
      root,
      h('div', { className: 'unit-head', id: 'unit-head', dataset: { status } }, `${name} `, chip(statusLabel(status), '#455a64')),
      card,
      o ? ack : null,
      h(
        'div',
        { className: 'touch' },
        ...STATUS_BUTTONS.map((b) =>
          h('button', { style: `background:${b.colour}`, dataset: { to: b.to }, disabled: status === b.to, onclick: () => void setStatus(b.to) }, t(b.key)),
        ),
      ),
      note ? h('div', { className: `section ${note.error ? 'error-text' : 'hint'}`, id: 'tablet-note' }, note.text) : null,
      orders.length > 1 ? h('div', { className: 'section hint' }, `${t('ordersToday')}: ${orders.length}`) : null,
    );
    document.body.dataset.orders = String(orders.length);
  }

  async function load(o: OrderMessage): Promise<void> {
    const at: [number, number] = [o.incident.lon, o.incident.lat];
    const from = shell.units.position(unitId);
    const [keyUnits, water, route] = await Promise.all([
      getJson<{ features: Array<{ properties: KeyUnit }> }>(`/api/key-units/near?lon=${at[0]}&lat=${at[1]}&radiusM=500`).then(
        (r) => r.features.map((f) => f.properties),
        () => [],
      ),
      getJson<{ sources: Water[] }>(`/api/water-sources/nearest?lon=${at[0]}&lat=${at[1]}&n=3`).then(
        (r) => r.sources,
        () => [],
      ),
      from
        ? postJson<{ seconds: number; meters: number; calibration: object | null; geometry: { coordinates: Array<[number, number]> } }>('/api/routes', {
            from: { lon: from[0], lat: from[1] },
            to: { lon: at[0], lat: at[1] },
          }).then(
            (r) => ({ seconds: r.seconds, meters: r.meters, calibrated: r.calibration !== null, coordinates: r.geometry.coordinates }),
            () => null,
          )
        : Promise.resolve(null),
    ]);
    extras.set(o.orderId, { keyUnits, water, route });
    if (current()?.orderId === o.orderId) show(o);
    render();
  }

  /** The order's route on the map, labelled with its drive time. */
  function routeOf(o: OrderMessage) {
    const r = extras.get(o.orderId)?.route;
    return r ? [{ coordinates: r.coordinates, colour: '#c62828', label: duration(r.seconds), to: [o.incident.lon, o.incident.lat] as [number, number] }] : [];
  }

  function show(o: OrderMessage): void {
    overlay.setPoint([o.incident.lon, o.incident.lat], `#${o.incident.id}`);
    overlay.setRoutes(routeOf(o));
    const extent = overlay.drawnExtent();
    if (extent) shell.map.getView().fit(extent, { padding: [60, 60, 60, 60], maxZoom: 15 });
    else shell.map.getView().animate({ center: fromLonLat([o.incident.lon, o.incident.lat]), zoom: 14 });
  }

  async function acknowledge(): Promise<void> {
    const o = current();
    if (!o) return;
    const r = await live.emitWithAck('order:ack', { orderId: o.orderId });
    if (r.ok) {
      acked.add(o.orderId);
      fresh = false;
      note = { text: `${t('acked')} ${clock(r.ackedAt)}`, error: false };
    } else note = { text: errorText(r), error: true };
    render();
  }

  async function setStatus(to: string): Promise<void> {
    const r = await live.emitWithAck('unit:status', { to });
    if (r.ok) {
      status = r.status ?? to;
      note = null;
      shell.units.setStatus(unitId, status); // its own marker in its status colour (a tablet hears no console feed)
    } else if (r.code === 'illegal_transition' && document.body.dataset.drill)
      note = { text: t('drUseDrillButtons'), error: true }; // on a drill, no real order: the real buttons are not the drill's
    else note = { text: errorText(r), error: !(r.code === 'release_requested') };
    render();
  }

  // the card, and the route's label on the map, in the page's language
  onLang(() => {
    render();
    const o = current();
    if (o) overlay.setRoutes(routeOf(o));
  });
  const live = await connectLive({ kind: 'unit', unitId }, shell.setLive);
  // a drill (演练) is drawn apart, above the real order, with its own buttons
  shell.panel.prepend(drillCard(shell.map, live, unitId, () => shell.units.position(unitId)));
  const add = (o: OrderMessage): void => {
    if (orders.some((x) => x.orderId === o.orderId)) return; // a replay of one already on screen
    orders.push(o);
    orders.sort((x, y) => x.issuedAt.localeCompare(y.issuedAt));
    if (!o.replay) {
      fresh = true;
      beep();
    }
    render();
    show(o);
    void load(o);
  };
  // what happened to this unit elsewhere: a status set by the desk or another device, an order answered by a status reply
  live.on('unit:status', (m) => {
    if (m.unitId !== unitId) return;
    status = m.status;
    shell.units.setStatus(unitId, status);
    render();
  });
  live.on('order:acked', (a) => {
    if (a.unitId !== unitId || acked.has(a.orderId)) return;
    acked.add(a.orderId);
    fresh = false;
    render();
  });
  // the desk released this unit, or closed the incident: its orders there end, and the next one (if any) shows
  const endOrders = (m: Pick<OrderWithdrawnMessage, 'orderIds' | 'incidentId' | 'reason'>): void => {
    const gone = m.orderIds.filter((id) => orders.some((o) => o.orderId === id) && !ended.has(id));
    if (!gone.length) return;
    gone.forEach((id) => ended.add(id));
    fresh = false;
    note = { text: fill(t(m.reason === 'closed' ? 'orderEndedClosed' : 'orderEndedReleased'), { incidentId: m.incidentId }), error: false };
    const next = current();
    if (next) show(next);
    else {
      overlay.setPoint(null);
      overlay.setRoutes([]);
    }
    render();
  };
  live.on('order:withdrawn', (m) => {
    if (m.unitId === unitId) endOrders(m);
  });
  live.on('order:new', (o) => {
    status = status === 'available' ? 'dispatched' : status;
    add(o);
  });
  // on every (re)connect: the unit's status, and the orders it is still on, acknowledged ones included
  // (the server replays only the unacknowledged ones), so a restarted tablet shows what the crew is doing
  const catchUp = async () => {
    const before = orders.map((o) => o.orderId);
    const [u, current] = await Promise.all([
      getJson<{ status: string }>(`/api/units/${unitId}`),
      getJson<{ orders: Array<OrderMessage & { ackedAt: string | null }> }>(`/api/units/${unitId}/orders`),
    ]);
    status = u.status;
    shell.units.setStatus(unitId, status);
    for (const o of current.orders) {
      if (o.ackedAt) acked.add(o.orderId);
      add(o);
    }
    // orders it had before that are no longer current ended while it was away (released, incident closed)
    const still = new Set(current.orders.map((o) => o.orderId));
    for (const id of before.filter((x) => !still.has(x) && !ended.has(x))) {
      const o = orders.find((x) => x.orderId === id);
      if (o) endOrders({ orderIds: [id], incidentId: o.incident.id, reason: 'released' });
    }
    render();
  };
  live.on('connect', () => void catchUp().catch((e: Error) => shell.showError(e)));
  render();
}

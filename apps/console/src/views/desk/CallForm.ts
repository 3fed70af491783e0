import type Map from 'ol/Map';
import { fromLonLat, toLonLat } from 'ol/proj';
import { CallFacts, INCIDENT_LEVELS, INCIDENT_TYPES, IncidentSummary } from '@gan119/dispatch';
import { CRS_NAMES } from '@gan119/geo';
import { getJson, postJson } from '../../api';
import { errorText } from '../../i18n/errors';
import { t } from '../../i18n/i18n';
import { h, levelLabel, setChildren, typeLabel } from '../../labels';
import type { OverlayLayer } from '../../layers/OverlayLayer';
import { CallFactsFields } from './CallFactsFields';

export type Place = { kind: string; name: string; address: string | null; district: string | null; lon: number; lat: number; distanceM: number | null };
export type Created = { incident: IncidentSummary; duplicates: Array<{ id: number; type: string; distanceM: number }> };
type Reverse = {
  district: string | null;
  address: string | null;
  place: { name: string; distanceM: number } | null;
  road: { name: string; distanceM: number } | null;
};

export type CallFormOptions = { map: Map; overlay: OverlayLayer; created(c: Created): Promise<void> };

/**
 * 接警: the call form. The place by map click (answered with the nearest address and district), by
 * coordinates in WGS84 / GCJ-02 / BD-09, or by what the caller says (定位: forgiving search, each
 * result with its district; the chosen one fills the address); type and level; the call-taker's
 * questions that change the plan; the caller's number. Cleared once the call is dispatched.
 */
export class CallForm {
  readonly element = h('div', { className: 'section', id: 'call' });
  private readonly f = {
    type: h('select', { id: 'call-type' }),
    level: h('select', { id: 'call-level' }),
    lon: h('input', { id: 'call-lon', type: 'text', className: 'coord', inputMode: 'decimal' }),
    lat: h('input', { id: 'call-lat', type: 'text', className: 'coord', inputMode: 'decimal' }),
    crs: h('select', { id: 'call-crs' }),
    address: h('input', { id: 'call-address', type: 'text', maxLength: 300, className: 'grow' }),
    phone: h('input', { id: 'call-phone', type: 'text', maxLength: 20, className: 'phone' }),
    submit: h('button', { id: 'call-submit', className: 'primary', type: 'button' }),
    locate: h('button', { id: 'call-locate', type: 'button' }),
  };
  private readonly facts = new CallFactsFields();
  private places: Place[] = [];
  private nearest: string | null = null;
  /** the address field holds what the map click suggested (a new click may replace it), not what the dispatcher typed */
  private suggested = false;
  /** worded when drawn, so it follows the language toggle */
  private message: { text: () => string; error: boolean } | null = null;
  private busy = false;
  /** when the dispatcher began taking this call (first touch of the form or the map): call-taking is measured from it */
  private callStartedAt: number | null = null;

  constructor(private readonly o: CallFormOptions) {
    const started = () => (this.callStartedAt ??= Date.now());
    this.element.addEventListener('input', started, true);
    this.element.addEventListener('change', started, true);
    CRS_NAMES.forEach((c) => this.f.crs.append(h('option', { value: c, textContent: c })));
    o.map.on('singleclick', (e) => void this.pointAt(toLonLat(e.coordinate) as [number, number]));
    this.f.submit.onclick = () => void this.submit();
    this.f.locate.onclick = () => void this.locate();
    this.f.address.onkeydown = (e) => {
      if (e.key === 'Enter') void this.locate();
    };
    this.f.address.oninput = () => (this.suggested = false);
  }

  render(): void {
    const f = this.f;
    const selType = f.type.value || 'building_fire',
      selLevel = f.level.value || '1';
    setChildren(f.type, ...INCIDENT_TYPES.map((x) => h('option', { value: x, textContent: typeLabel(x) })));
    setChildren(f.level, ...INCIDENT_LEVELS.map((l) => h('option', { value: String(l), textContent: levelLabel(l) })));
    f.type.value = selType;
    f.level.value = selLevel;
    f.submit.textContent = t('createIncident');
    f.submit.disabled = this.busy;
    f.address.placeholder = t('addressPlaceholder');
    f.locate.textContent = t('locate');
    f.phone.placeholder = t('callerNumber');
    setChildren(
      this.element,
      h('h2', {}, t('newCall')),
      h('div', { className: 'row' }, h('label', {}, t('incidentType')), f.type, f.level),
      h('div', { className: 'row' }, h('label', {}, t('address')), f.address, f.locate),
      this.places.length
        ? h(
            'ul',
            { id: 'places', className: 'places' },
            ...this.places.map((p) =>
              h(
                'li',
                {},
                h('button', { className: 'link', type: 'button', onclick: () => this.usePlace(p) }, p.name),
                h(
                  'span',
                  { className: 'why' },
                  ` ${t(`place_${p.kind}` as 'place_road') || p.kind}${p.district ? ` · ${p.district}` : ''}${p.address ? ` · ${p.address}` : ''}`,
                ),
              ),
            ),
          )
        : null,
      h('div', { className: 'row' }, h('label', {}, t('location')), f.lon, f.lat, f.crs),
      h('div', { className: 'hint', id: 'call-nearest' }, this.nearest ?? t('clickMapHint')),
      this.facts.render(),
      h('div', { className: 'row' }, h('label', {}, t('caller')), f.phone, f.submit),
      this.message ? h('div', { className: this.message.error ? 'error-text' : 'hint', id: 'call-message' }, this.message.text()) : null,
    );
  }

  /** Empties the form for the next call (after a dispatch or a merge). */
  clear(message: (() => string) | null = null): void {
    for (const x of [this.f.lon, this.f.lat, this.f.address, this.f.phone]) x.value = '';
    this.f.crs.value = 'WGS84';
    this.f.level.value = '1';
    this.facts.clear();
    this.places = [];
    this.nearest = null;
    this.suggested = false;
    this.callStartedAt = null;
    this.message = message ? { text: message, error: false } : null;
    this.o.overlay.setPoint(null);
    this.render();
  }

  /** A map click: the point, and what is there (nearest place or road, district) as an address to start from. */
  private async pointAt([lon, lat]: [number, number]): Promise<void> {
    this.callStartedAt ??= Date.now();
    this.f.lon.value = lon.toFixed(6);
    this.f.lat.value = lat.toFixed(6);
    this.f.crs.value = 'WGS84';
    this.o.overlay.setPoint([lon, lat], t('callHere'));
    try {
      const r = await getJson<Reverse>(`/api/places/reverse?lon=${lon.toFixed(6)}&lat=${lat.toFixed(6)}`);
      this.nearest =
        [r.district, r.road ? `${r.road.name} ${r.road.distanceM} m` : null, r.place ? `${r.place.name} ${r.place.distanceM} m` : null]
          .filter(Boolean)
          .join(' · ') || null;
      if (r.address && (!this.f.address.value.trim() || this.suggested)) {
        this.f.address.value = r.address;
        this.suggested = true;
      }
    } catch {
      this.nearest = null; // the point is enough to take the call
    }
    this.render();
  }

  /** 定位: the places the system knows by what was typed, nearest the dispatcher's map first. */
  private async locate(): Promise<void> {
    const q = this.f.address.value.trim();
    if (!q) return;
    const [lon, lat] = toLonLat(this.o.map.getView().getCenter() ?? [0, 0]);
    try {
      this.places = (await getJson<{ places: Place[] }>(`/api/places?q=${encodeURIComponent(q.slice(0, 60))}&near=${lon.toFixed(4)},${lat.toFixed(4)}`)).places;
      this.message = this.places.length ? null : { text: () => t('noPlace'), error: true };
    } catch (e) {
      this.message = { text: () => errorText(e), error: true };
    }
    this.render();
  }

  private usePlace(p: Place): void {
    this.f.lon.value = p.lon.toFixed(6);
    this.f.lat.value = p.lat.toFixed(6);
    this.f.crs.value = 'WGS84';
    this.f.address.value = [p.district?.replace(' ', ''), p.address && !p.address.includes(p.name) ? p.address : null, p.name].filter(Boolean).join(' ');
    this.suggested = false;
    this.nearest = p.district;
    this.o.overlay.setPoint([p.lon, p.lat], t('callHere'));
    this.o.map.getView().animate({ center: fromLonLat([p.lon, p.lat]), zoom: 16, duration: 300 });
    this.places = [];
    this.render();
  }

  private async submit(): Promise<void> {
    this.busy = true;
    this.message = null;
    this.render();
    try {
      const f = this.f;
      if (!f.lon.value.trim() || !f.lat.value.trim()) throw new Error(t('locationRequired'));
      const body: Record<string, unknown> = {
        type: f.type.value,
        level: Number(f.level.value),
        source: 'phone',
        location: { lon: Number(f.lon.value), lat: Number(f.lat.value), crs: f.crs.value },
      };
      if (f.address.value.trim()) body.address = f.address.value.trim();
      if (f.phone.value.trim()) body.callerNumber = f.phone.value.trim();
      body.callReceivedAt = new Date(this.callStartedAt ?? Date.now()).toISOString();
      const facts: CallFacts = this.facts.value();
      if (Object.keys(facts).length) body.callFacts = facts;
      const c = await postJson<Created>('/api/incidents', body);
      this.message = { text: () => `${t('created')} #${c.incident.id}`, error: false };
      await this.o.created(c);
    } catch (e) {
      this.message = { text: () => errorText(e), error: true };
    } finally {
      this.busy = false;
      this.render();
    }
  }
}

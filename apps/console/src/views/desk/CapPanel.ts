import type Map from 'ol/Map';
import { CAP_CERTAINTIES, CAP_SEVERITIES, CAP_URGENCIES, CapContent, CapMsgType } from '@gan119/interop';
import { getJson, postJson } from '../../api';
import { session } from '../../auth';
import { errorText } from '../../i18n/errors';
import { t } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/catalogue';
import { chip, clock, h, setChildren } from '../../labels';
import { CapAreaLayer, LonLat } from '../../layers/CapAreaLayer';

type Alert = {
  id: number;
  identifier: string;
  msgType: CapMsgType;
  state: 'draft' | 'published' | 'superseded' | 'discarded';
  content: CapContent;
  draftedBy: string;
  approvedBy: string | null;
  sentAt: string | null;
  draftedAt: string;
};
type Draft = Omit<CapContent, 'area'> & { area: CapContent['area'] | { kind: 'counties'; counties: number[] }; msgType: CapMsgType; supersedes?: number };
type County = { adcode: number; name: string; geometry: object };

const STATE_COLOUR = { draft: '#fb8c00', published: '#c62828', superseded: '#9e9e9e', discarded: '#9e9e9e' } as const;
type TextField = 'event' | 'headline' | 'description' | 'instruction' | 'areaDesc';
let countyCache: Promise<County[]> | null = null;
const counties = () =>
  (countyCache ??= getJson<{ features: Array<{ geometry: object; properties: { adcode: number; name: string } }> }>(
    '/api/admin-areas?level=county&simplify=0.002',
  ).then((f) => f.features.map((x) => ({ ...x.properties, geometry: x.geometry }))));

/**
 * 公众预警: an incident's CAP alerts — drafts waiting for a second commander (审批发布 is not offered
 * to the one who drafted it), what is published (its CAP document), what was superseded; a draft
 * form started from the suggestion for the incident's type (a circle round it, a polygon drawn on the
 * map, or whole counties), its area drawn on the map as it is edited; update and cancel of what is in
 * force. Drafting and approving need a signed-in commander.
 */
export class CapPanel {
  readonly element = h('div', { className: 'section', id: 'cap-panel' });
  private incident: { id: number; cityAdcode: number | null; countyAdcode: number | null; closed: boolean } | null = null;
  private alerts: Alert[] = [];
  private suggestion: Draft | null = null;
  private draft: Draft | null = null;
  private cityCounties: County[] = [];
  private message: { text: () => string; error: boolean } | null = null;

  constructor(private readonly o: { map: Map; layer: CapAreaLayer }) {}

  async show(incident: { id: number; cityAdcode?: number | null; countyAdcode?: number | null; state: string } | null): Promise<void> {
    if (incident?.id !== this.incident?.id) {
      this.draft = null;
      this.message = null;
      this.o.layer.clear();
      this.o.layer.stopDrawing(this.o.map);
    }
    this.incident = incident
      ? { id: incident.id, cityAdcode: incident.cityAdcode ?? null, countyAdcode: incident.countyAdcode ?? null, closed: incident.state === 'closed' }
      : null;
    if (!incident) return this.render();
    try {
      const r = await getJson<{ alerts: Alert[]; suggestion: Draft }>(`/api/incidents/${incident.id}/cap-alerts`);
      if (this.incident?.id !== incident.id) return;
      this.alerts = r.alerts;
      this.suggestion = { ...r.suggestion, msgType: 'Alert' };
      const city = String(this.incident.cityAdcode ?? '').slice(0, 4);
      this.cityCounties = (await counties()).filter((c) => String(c.adcode).startsWith(city));
    } catch (e) {
      this.message = { text: () => errorText(e), error: true };
    }
    this.render();
  }

  refresh(): Promise<void> {
    return this.incident ? this.show({ ...this.incident, state: this.incident.closed ? 'closed' : 'open' }) : Promise.resolve();
  }

  render(): void {
    if (!this.incident) return setChildren(this.element);
    const me = session()?.user;
    const commander = me && (me.role === 'commander' || me.role === 'admin');
    const inForce = this.alerts.filter((a) => a.state === 'published' && a.msgType !== 'Cancel');
    document.body.dataset.capAlerts = this.alerts.map((a) => `${a.id}:${a.state}`).join(',');
    setChildren(
      this.element,
      h('h3', {}, t('capTitle'), ' ', h('a', { href: '/api/cap/feed.atom', target: '_blank', className: 'hint' }, t('capFeed'))),
      !commander ? h('div', { className: 'hint', id: 'cap-sign-in' }, t('capSignIn')) : null,
      this.incident.closed && inForce.length ? h('div', { className: 'error-text' }, t('capClosedHint')) : null,
      this.alerts.length
        ? h('table', { className: 'list', id: 'cap-alerts' }, ...this.alerts.map((a) => this.row(a, me?.username ?? null, !!commander)))
        : null,
      this.draft
        ? this.form()
        : commander && !this.incident.closed
          ? h('button', { type: 'button', id: 'cap-new', onclick: () => this.start(this.suggestion) }, t('capNew'))
          : null,
      this.message ? h('div', { className: this.message.error ? 'error-text' : 'hint', id: 'cap-message' }, this.message.text()) : null,
    );
    if (!this.draft) this.preview();
  }

  private row(a: Alert, me: string | null, commander: boolean): HTMLElement {
    const act = (label: string, run: () => void, id: string, disabled = false, title = '') =>
      h('button', { type: 'button', className: 'link', dataset: { cap: id }, disabled, title, onclick: run }, label);
    const own = a.draftedBy === me;
    return h(
      'tr',
      { dataset: { capId: String(a.id), state: a.state } },
      h(
        'td',
        {},
        chip(t(`capState_${a.state}`), STATE_COLOUR[a.state]),
        h('div', { className: 'why' }, `${t(`capMsg_${a.msgType}` as MessageKey)} · ${a.identifier}`),
      ),
      h(
        'td',
        {},
        h('b', {}, a.content.headline),
        h(
          'div',
          { className: 'why' },
          [a.content.areaDesc, a.sentAt ? clock(a.sentAt) : clock(a.draftedAt), a.draftedBy, a.approvedBy].filter(Boolean).join(' · '),
        ),
      ),
      h(
        'td',
        {},
        commander && a.state === 'draft'
          ? act(t('capApprove'), () => void this.post(`/api/cap-alerts/${a.id}/approve`, () => t('capPublished')), 'approve', own, own ? t('capOwnDraft') : '')
          : null,
        commander && a.state === 'draft'
          ? act(t('capDiscard'), () => void this.post(`/api/cap-alerts/${a.id}/discard`, () => t('capState_discarded')), 'discard')
          : null,
        commander && a.state === 'published' && a.msgType !== 'Cancel'
          ? act(t('capUpdate'), () => this.start({ ...a.content, msgType: 'Update', supersedes: a.id }), 'update')
          : null,
        commander && a.state === 'published' && a.msgType !== 'Cancel'
          ? act(t('capCancelAlert'), () => this.start({ ...a.content, msgType: 'Cancel', supersedes: a.id }), 'cancel')
          : null,
        a.sentAt ? h('a', { href: `/api/cap/alerts/${a.identifier}.xml`, target: '_blank' }, t('capDocument')) : null,
      ),
    );
  }

  private start(d: Draft | null): void {
    if (!d) return;
    const area =
      d.area.kind === 'counties' ? { kind: 'counties' as const, counties: d.area.counties.map((c) => (typeof c === 'number' ? c : c.adcode)) } : d.area;
    this.draft = { ...d, area };
    this.message = null;
    this.render();
    this.preview(true);
  }

  /** Draws the area on the map — the draft's being edited, else the alert waiting or in force — and brings it into view when asked. */
  private preview(fit = false): void {
    const current = [...this.alerts].reverse().find((x) => x.state === 'draft' || (x.state === 'published' && x.msgType !== 'Cancel'));
    const a = this.draft?.area ?? current?.content.area;
    if (!a) return this.o.layer.clear();
    if (a.kind === 'circle') this.o.layer.circle(a.center, a.radiusM);
    else if (a.kind === 'polygon') this.o.layer.polygon(a.ring);
    else {
      const chosen = new Set(a.counties.map((c) => (typeof c === 'number' ? c : c.adcode)));
      this.o.layer.counties(this.cityCounties.filter((c) => chosen.has(c.adcode)).map((c) => c.geometry));
    }
    const e = this.o.layer.extent();
    if (fit && e) this.o.map.getView().fit(e, { padding: [80, 80, 80, 80], maxZoom: 15, duration: 300 });
  }

  private form(): HTMLElement {
    const d = this.draft as Draft;
    const select = <T extends string>(key: 'severity' | 'urgency' | 'certainty', values: readonly T[], prefix: string) => {
      const s = h('select', { id: `cap-${key}` }, ...values.map((v) => h('option', { value: v, textContent: t(`${prefix}${v}` as MessageKey) })));
      s.value = d[key];
      s.onchange = () => ((d as Record<string, unknown>)[key] = s.value);
      return h('label', {}, t(`cap${key[0].toUpperCase()}${key.slice(1)}` as MessageKey), s);
    };
    const text = (key: TextField, multi: boolean) => {
      const el = multi ? h('textarea', { id: `cap-${key}`, rows: 3, value: d[key] }) : h('input', { type: 'text', id: `cap-${key}`, value: d[key] });
      el.oninput = () => (d[key] = el.value);
      return h('label', { className: 'block' }, t(`cap${key[0].toUpperCase()}${key.slice(1)}` as MessageKey), el);
    };
    const mode = h(
      'select',
      { id: 'cap-area-kind' },
      ...(['circle', 'polygon', 'counties'] as const).map((k) =>
        h('option', { value: k, textContent: t(`cap${k[0].toUpperCase()}${k.slice(1)}` as MessageKey) }),
      ),
    );
    mode.value = d.area.kind;
    mode.disabled = d.msgType === 'Cancel';
    mode.onchange = () => this.switchArea(mode.value as 'circle' | 'polygon' | 'counties');
    return h(
      'div',
      { className: 'cap-form', id: 'cap-form' },
      h('div', { className: 'row wrap' }, h('b', {}, t(`capMsg_${d.msgType}` as MessageKey)), h('label', {}, t('capArea'), mode), this.areaControls(d)),
      h(
        'div',
        { className: 'row wrap' },
        select('severity', CAP_SEVERITIES, 'capSev_'),
        select('urgency', CAP_URGENCIES, 'capUrg_'),
        select('certainty', CAP_CERTAINTIES, 'capCert_'),
      ),
      text('event', false),
      text('headline', false),
      text('description', true),
      text('instruction', true),
      text('areaDesc', false),
      h(
        'div',
        { className: 'row' },
        h('button', { type: 'button', className: 'primary small', id: 'cap-submit', onclick: () => void this.submit() }, t('capSubmit')),
        h('button', { type: 'button', className: 'link', onclick: () => this.close() }, t('cancel')),
      ),
    );
  }

  private areaControls(d: Draft): HTMLElement | null {
    const a = d.area;
    if (a.kind === 'circle') {
      const r = h('input', { type: 'number', id: 'cap-radius', min: '50', max: '50000', step: '100', value: String(a.radiusM) });
      r.oninput = () => {
        a.radiusM = Number(r.value);
        this.preview();
      };
      return h('label', {}, t('capRadius'), r);
    }
    if (a.kind === 'polygon')
      return h(
        'button',
        { type: 'button', className: 'link', id: 'cap-draw', onclick: () => this.drawPolygon() },
        a.ring.length ? t('capRedraw') : t('capDrawHint'),
      );
    const chosen = new Set(a.counties.map((c) => (typeof c === 'number' ? c : c.adcode)));
    return h(
      'div',
      { className: 'row wrap', id: 'cap-counties' },
      ...this.cityCounties.map((c) => {
        const box = h('input', { type: 'checkbox', value: String(c.adcode), checked: chosen.has(c.adcode) });
        box.onchange = () => {
          if (box.checked) chosen.add(c.adcode);
          else chosen.delete(c.adcode);
          d.area = { kind: 'counties', counties: [...chosen] };
          this.preview();
        };
        return h('label', {}, box, c.name);
      }),
    );
  }

  private switchArea(kind: 'circle' | 'polygon' | 'counties'): void {
    const d = this.draft as Draft;
    const centre = this.suggestion?.area.kind === 'circle' ? this.suggestion.area : { center: [0, 0] as LonLat, radiusM: 1000 };
    d.area =
      kind === 'circle'
        ? { kind, center: centre.center, radiusM: centre.radiusM }
        : kind === 'polygon'
          ? { kind, ring: [] }
          : { kind, counties: this.incident?.countyAdcode ? [this.incident.countyAdcode] : [] };
    this.render();
    this.preview();
    if (kind === 'polygon') this.drawPolygon();
  }

  private drawPolygon(): void {
    this.message = { text: () => t('capDrawHint'), error: false };
    this.render();
    this.o.layer.startDrawing(this.o.map, (ring) => {
      if (this.draft) this.draft.area = { kind: 'polygon', ring };
      this.message = null;
      this.render();
      this.preview();
    });
  }

  private close(): void {
    this.draft = null;
    this.o.layer.stopDrawing(this.o.map);
    this.render();
  }

  private async submit(): Promise<void> {
    const d = this.draft;
    if (!d || !this.incident) return;
    const ok = await this.post(`/api/incidents/${this.incident.id}/cap-alerts`, () => t('capDrafted'), d);
    if (ok) this.close();
  }

  private async post(path: string, done: () => string, body: unknown = {}): Promise<boolean> {
    let ok = true;
    try {
      await postJson(path, body);
      this.message = { text: done, error: false };
    } catch (e) {
      ok = false;
      this.message = { text: () => errorText(e), error: true };
    }
    await this.refresh();
    return ok;
  }
}

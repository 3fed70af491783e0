import { isFinalLinkState, LinkState, RequestKind } from '@gan119/interop';
import { getJson, postJson } from '../../api';
import { errorText, fill } from '../../i18n/errors';
import { t } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/catalogue';
import { chip, clock, h, requestKindLabel, setChildren } from '../../labels';

type Message = { kind: string; state: string; attempts: number; lastStatus: number | null; lastError: string | null; deliveredAt: string | null };
type Link = {
  id: number;
  partnerName: string;
  direction: 'in' | 'out';
  requestKind: string | null;
  note: string | null;
  theirIncidentId: string | null;
  state: LinkState;
  unitsEnRoute: number;
  unitsOnScene: number;
  createdAt: string;
  messages: Message[];
};
type Offer = { kind: RequestKind; partnerId: string | null; partnerName: string | null };

const STATE_COLOUR: Record<LinkState, string> = {
  queued: '#9e9e9e',
  delivered: '#1e88e5',
  acknowledged: '#3949ab',
  en_route: '#fb8c00',
  on_scene: '#2e7d32',
  closed: '#607d8b',
  declined: '#c62828',
  refused: '#c62828',
  cancelled: '#607d8b',
};

/**
 * 联动: the other agencies on an incident — a transfer it came from, the requests made (120
 * ambulances, 122 traffic control …) with what became of each: queued in the outbox, delivered (or
 * retrying, and why), acknowledged, their units en route and on scene, closed; a request form naming
 * who it goes to; withdrawing a request. Read again when the server says the agency's side changed.
 */
export class PartnerPanel {
  readonly element = h('div', { className: 'section', id: 'partner-panel' });
  private incidentId: number | null = null;
  private links: Link[] = [];
  private offers: Offer[] = [];
  private closed = false;
  private message: { text: () => string; error: boolean } | null = null;
  private readonly kind = h('select', { id: 'partner-kind' });
  private readonly note = h('input', { type: 'text', id: 'partner-note', maxLength: 500 });

  constructor(private readonly canAct: boolean) {}

  async show(incidentId: number | null, closed = false): Promise<void> {
    if (incidentId !== this.incidentId) {
      this.message = null;
      this.note.value = '';
    }
    this.incidentId = incidentId;
    this.closed = closed;
    if (incidentId === null) {
      this.links = [];
      this.render();
      return;
    }
    try {
      const r = await getJson<{ links: Link[]; offers: Offer[] }>(`/api/incidents/${incidentId}/partners`);
      if (this.incidentId !== incidentId) return;
      this.links = r.links;
      this.offers = r.offers;
    } catch (e) {
      this.message = { text: () => errorText(e), error: true };
    }
    this.render();
  }

  refresh(): Promise<void> {
    return this.show(this.incidentId, this.closed);
  }

  render(): void {
    if (this.incidentId === null) {
      setChildren(this.element);
      return;
    }
    document.body.dataset.partnerLinks = this.links.map((l) => `${l.id}:${l.state}`).join(',');
    setChildren(
      this.element,
      h('h3', {}, t('partnersTitle')),
      this.links.length
        ? h('table', { className: 'list', id: 'partner-links' }, ...this.links.map((l) => this.row(l)))
        : h('div', { className: 'hint' }, t('partnersNone')),
      this.canAct && !this.closed ? this.form() : null,
      this.message ? h('div', { className: this.message.error ? 'error-text' : 'hint', id: 'partner-message' }, this.message.text()) : null,
    );
  }

  private row(l: Link): HTMLElement {
    const last = l.messages[l.messages.length - 1];
    const retrying = last && last.state === 'pending' && last.attempts > 0 && last.lastError;
    return h(
      'tr',
      { dataset: { link: String(l.id), state: l.state } },
      h(
        'td',
        {},
        h('b', {}, l.partnerName),
        h(
          'div',
          { className: 'why' },
          [l.direction === 'in' ? t('partnerIn') : `${t('partnerOut')} · ${requestKindLabel(l.requestKind)}`, l.note, clock(l.createdAt)]
            .filter(Boolean)
            .join(' · '),
        ),
        retrying
          ? h(
              'div',
              { className: 'error-text partner-retrying', title: last.lastError ?? '' },
              fill(t('partnerRetrying'), { n: last.attempts, error: retryReason(last) }),
              last.attempts >= 3 ? ` · ${t('partnerCallThem')}` : '',
            )
          : null,
      ),
      h(
        'td',
        {},
        chip(t(`linkState_${l.state}` as MessageKey), STATE_COLOUR[l.state]),
        l.unitsEnRoute || l.unitsOnScene ? h('div', { className: 'why' }, fill(t('partnerUnits'), { a: l.unitsEnRoute, b: l.unitsOnScene })) : null,
        l.theirIncidentId ? h('div', { className: 'why' }, `${t('partnerTheirId')} ${l.theirIncidentId}`) : null,
      ),
      h(
        'td',
        {},
        this.canAct && l.direction === 'out' && !isFinalLinkState(l.state)
          ? h('button', { type: 'button', className: 'link', dataset: { withdraw: String(l.id) }, onclick: () => void this.withdraw(l) }, t('partnerWithdraw'))
          : null,
      ),
    );
  }

  private form(): HTMLElement {
    const chosen = this.kind.value;
    setChildren(
      this.kind,
      ...this.offers.map((o) =>
        h('option', { value: o.kind, textContent: `${requestKindLabel(o.kind)} → ${o.partnerName ?? t('partnerNotSetUp')}`, disabled: !o.partnerId }),
      ),
    );
    if (chosen && this.offers.some((o) => o.kind === chosen)) this.kind.value = chosen;
    this.note.placeholder = t('partnerNote');
    return h(
      'div',
      { className: 'row wrap' },
      h('label', {}, t('partnerRequestKind')),
      this.kind,
      this.note,
      h('button', { type: 'button', className: 'primary small', id: 'partner-send', onclick: () => void this.send() }, t('partnerSend')),
    );
  }

  private async send(): Promise<void> {
    const id = this.incidentId;
    if (id === null) return;
    await this.run(
      () => postJson(`/api/incidents/${id}/partner-requests`, { kind: this.kind.value, ...(this.note.value.trim() ? { note: this.note.value.trim() } : {}) }),
      () => t('partnerSent'),
    );
    if (!this.message?.error) this.note.value = '';
  }

  private withdraw(l: Link): Promise<void> {
    return this.run(
      () => postJson(`/api/incidents/${this.incidentId}/partner-requests/${l.id}/cancel`, {}),
      () => t('linkState_cancelled'),
    );
  }

  private async run(request: () => Promise<unknown>, done: () => string): Promise<void> {
    try {
      await request();
      this.message = { text: done, error: false };
    } catch (e) {
      this.message = { text: () => errorText(e), error: true };
    }
    await this.refresh();
  }
}

/** Why a message is being sent again, in the dispatcher's words (the partner's own answer stays in the tooltip). */
function retryReason(m: Message): string {
  const status = m.lastStatus;
  if (status === null) return t('partnerWhyNoAnswer');
  if (status === 401) return t('partnerWhyKey');
  if (status === 429) return t('partnerWhyBusy');
  if (status >= 500) return fill(t('partnerWhyDown'), { status });
  return m.lastError ?? `HTTP ${status}`;
}

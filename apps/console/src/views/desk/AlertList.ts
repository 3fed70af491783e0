import type { DeskAlert } from '@gan119/dispatch';
import { getJson, postJson } from '../../api';
import { errorText, fill } from '../../i18n/errors';
import { t } from '../../i18n/i18n';
import { capabilityLabel, chip, duration, h, levelColour, levelShort, setChildren, statusLabel, typeLabel } from '../../labels';
import { beep } from '../../live/live';

export type AlertListOptions = {
  /** sends the proposed unit instead (the alert is dealt with by the same request) */
  replace(a: DeskAlert): Promise<void>;
  release(a: DeskAlert): Promise<void>;
  open(incidentId: number): void;
};

/**
 * The desk's open alerts, read from the record (so they survive a reload and reach every dispatcher),
 * floating over the map where they never push the call form down; a new one sounds. Each says the
 * unit by name and station and offers what can be done: send the proposal instead, release the unit,
 * open the incident, or dismiss it with a reason.
 */
export class AlertList {
  readonly element = h('div', { id: 'alerts', className: 'alerts' });
  private alerts: DeskAlert[] = [];
  private seen: Set<number> | null = null;
  private dismissing: number | null = null;
  private error: string | null = null;

  constructor(private readonly o: AlertListOptions) {}

  async reload(): Promise<void> {
    try {
      this.alerts = (await getJson<{ alerts: DeskAlert[] }>('/api/alerts')).alerts;
      this.error = null;
    } catch (e) {
      this.error = errorText(e);
    }
    const fresh = this.alerts.filter((a) => !this.seen?.has(a.id));
    if (fresh.length && (this.seen === null ? this.alerts.length > 0 : true)) beep();
    this.seen = new Set(this.alerts.map((a) => a.id));
    document.body.dataset.alerts = String(this.alerts.length);
    this.render();
  }

  render(): void {
    if (!this.alerts.length && !this.error) {
      setChildren(this.element);
      this.element.hidden = true;
      return;
    }
    this.element.hidden = false;
    setChildren(
      this.element,
      h('div', { className: 'alerts-title' }, `${t('alertsTitle')} (${this.alerts.length})`),
      this.error ? h('div', { className: 'error-text' }, this.error) : null,
      ...this.alerts.map((a) => this.item(a)),
    );
  }

  private item(a: DeskAlert): HTMLElement {
    const age = Math.max(0, Math.round((Date.now() - Date.parse(a.createdAt)) / 1000));
    const what = a.kind === 'unacknowledged' ? t('alertUnacked') : fill(t('alertReleaseRequested'), { reported: statusLabel(a.details.reported ?? '') });
    const p = a.details.proposal;
    const auto = a.details.autoDispatched;
    const act = (label: string, run: () => Promise<void> | void, primary = false) =>
      h('button', { type: 'button', className: primary ? 'primary small' : 'link', onclick: () => void this.run(run) }, label);
    const reason = h('input', { type: 'text', maxLength: 200, placeholder: t('dismissReason'), className: 'dismiss-reason' });
    return h(
      'div',
      { className: `alert alert-${a.kind}`, dataset: { alert: String(a.id), alertOrder: a.orderId ?? '', alertUnit: String(a.unitId) } },
      h(
        'div',
        {},
        chip(levelShort(a.incidentLevel), levelColour(a.incidentLevel)),
        ' ',
        h('b', {}, `#${a.incidentId} ${typeLabel(a.incidentType)}`),
        h('span', { className: 'why' }, ` ${a.incidentAddress ?? ''} · ${duration(age)}`),
      ),
      h('div', {}, h('b', {}, a.unitName), ` · ${a.stationName}${a.capability ? ` · ${capabilityLabel(a.capability)}` : ''} — `, what),
      auto ? h('div', {}, `${t('autoDispatched')} ${p?.name ?? auto.unitId}`) : null,
      h(
        'div',
        { className: 'row' },
        !auto && p ? act(`${t('sendInstead')} ${p.name} (${duration(p.etaS)})`, () => this.o.replace(a), true) : null,
        act(t('releaseUnit'), () => this.o.release(a)),
        act(t('openIncident'), () => this.o.open(a.incidentId)),
        act(t('dismissWithReason'), () => {
          this.dismissing = a.id;
        }),
      ),
      this.dismissing === a.id
        ? h(
            'div',
            { className: 'row' },
            reason,
            act(
              t('dismiss'),
              async () => {
                await postJson(`/api/alerts/${a.id}/dismiss`, { reason: reason.value.trim() || t('dismiss') });
                this.dismissing = null;
              },
              true,
            ),
          )
        : null,
    );
  }

  private async run(fn: () => Promise<void> | void): Promise<void> {
    try {
      await fn();
      this.error = null;
    } catch (e) {
      this.error = errorText(e);
    }
    await this.reload();
  }
}

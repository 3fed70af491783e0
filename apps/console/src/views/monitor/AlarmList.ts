import { getJson, postJson } from '../../api';
import { errorText } from '../../i18n/errors';
import { t } from '../../i18n/i18n';
import { h, iotRule, iotState, setChildren } from '../../labels';
import { countdown, facts, IotAlarm, where } from './alarm-card';

/** How it was decided: by a rule (the one that confirmed it, which for an alarm joined later is another detector's), by nobody answering in time, or by whom. */
const decidedHow = (a: IotAlarm) =>
  a.decidedBy === 'system:countdown'
    ? t('iotByCountdown')
    : !a.decidedBy || a.decidedBy.startsWith('rule:')
      ? iotRule(a.decidedBy?.slice('rule:'.length) ?? a.rule)
      : `${a.decidedBy === 'api' || a.decidedBy === 'operator' ? t('actor_dispatcher') : a.decidedBy} ${t('iotVerified')}`;

const REASONS = ['iotReasonCooking', 'iotReasonTest', 'iotReasonDevice', 'iotReasonOther'] as const;

/**
 * 待核实报警: each alarm to verify with its countdown (it confirms by itself at zero), the building's duty
 * contact to call, the pre-plan, and the two answers — 确认火警 sends it to the desk, 误报 needs a reason.
 * Below, the last day's decided alarms (a confirmed one names its incident).
 */
export class AlarmList {
  readonly element = h('div', { className: 'section', id: 'iot-alarms' });
  private alarms: IotAlarm[] = [];
  private skewMs = 0;
  private error = '';
  private readonly cancelling = new Map<number, { reason: string; note: string }>();
  private seen = new Set<number>();

  constructor(private readonly o: { openIncident(id: number): void; focus(a: IotAlarm): void; newAlarm(): void }) {
    window.setInterval(() => this.tick(), 1000);
  }

  async reload(): Promise<void> {
    try {
      const r = await getJson<{ alarms: IotAlarm[]; now: string }>('/api/iot/alarms?hours=24');
      this.skewMs = Date.parse(r.now) - Date.now();
      const fresh = r.alarms.filter((a) => a.state === 'to_verify' && !this.seen.has(a.id));
      if (this.seen.size && fresh.length) this.o.newAlarm();
      r.alarms.forEach((a) => this.seen.add(a.id));
      this.alarms = r.alarms;
      this.error = '';
    } catch (e) {
      this.error = errorText(e);
    }
    this.render();
  }

  /** the countdowns move every second; one that reaches zero is read again (the worker confirmed it) */
  private tick(): void {
    let expired = false;
    for (const el of this.element.querySelectorAll<HTMLElement>('[data-verify-by]')) {
      const c = countdown(el.dataset.verifyBy ?? null, this.skewMs);
      el.textContent = `${t('iotAutoConfirmIn')}${c.text}`;
      el.classList.toggle('urgent', c.urgent);
      if (c.left === 0) expired = true;
    }
    if (expired) void this.reload();
  }

  private async act(a: IotAlarm, what: 'confirm' | 'cancel'): Promise<void> {
    try {
      if (what === 'confirm') {
        const r = await postJson<{ incidentId: number | null }>(`/api/iot/alarms/${a.id}/confirm`, {});
        if (r.incidentId) this.o.openIncident(r.incidentId);
      } else {
        const c = this.cancelling.get(a.id);
        const reason = [c?.reason ?? '', c?.note ?? ''].filter(Boolean).join('：');
        await postJson(`/api/iot/alarms/${a.id}/cancel`, { reason });
        this.cancelling.delete(a.id);
      }
    } catch (e) {
      this.error = errorText(e);
    }
    await this.reload();
  }

  private toVerify(a: IotAlarm): HTMLElement {
    const c = countdown(a.verifyBy, this.skewMs);
    const cancel = this.cancelling.get(a.id);
    const reasonRow = cancel
      ? h(
          'div',
          { className: 'row cancel-reason' },
          (() => {
            const s = h('select', { className: 'reason' }, ...REASONS.map((k) => h('option', { value: t(k), textContent: t(k) })));
            s.value = cancel.reason;
            s.onchange = () => (cancel.reason = s.value);
            return s;
          })(),
          (() => {
            const i = h('input', { type: 'text', className: 'note', maxLength: 120, placeholder: t('iotCancelReason'), value: cancel.note });
            i.oninput = () => (cancel.note = i.value);
            return i;
          })(),
          h('button', { className: 'danger', textContent: t('iotCancel'), onclick: () => void this.act(a, 'cancel') }),
        )
      : '';
    return h(
      'div',
      { className: 'alarm to-verify', dataset: { alarm: String(a.id) } },
      h('div', { className: 'row' }, where(a), h('span', { className: `countdown${c.urgent ? ' urgent' : ''}`, dataset: { verifyBy: a.verifyBy ?? '' } })),
      h('div', { className: 'hint' }, iotRule(a.rule)),
      ...facts(a),
      h(
        'div',
        { className: 'row' },
        h('button', { className: 'primary confirm', textContent: t('iotConfirm'), onclick: () => void this.act(a, 'confirm') }),
        h('button', {
          className: 'cancel',
          textContent: `${t('iotCancel')}…`,
          onclick: () => {
            this.cancelling.set(a.id, { reason: t('iotReasonCooking'), note: '' });
            this.render();
          },
        }),
        h('button', { className: 'locate', textContent: t('locate'), title: a.building?.address ?? '', onclick: () => this.o.focus(a) }),
      ),
      reasonRow,
    );
  }

  private decided(a: IotAlarm): HTMLElement {
    return h(
      'div',
      { className: `alarm ${a.state}`, dataset: { alarm: String(a.id) } },
      where(a),
      h(
        'div',
        { className: 'hint' },
        `${iotState(a.state)} · ${decidedHow(a)}${a.reason ? ` · ${a.reason}` : ''}`,
        a.incidentId
          ? h('a', { href: '#', textContent: ` → ${t('iotIncident')} #${a.incidentId}`, onclick: () => this.o.openIncident(a.incidentId as number) })
          : '',
      ),
    );
  }

  render(): void {
    const open = this.alarms.filter((a) => a.state === 'to_verify');
    const done = this.alarms.filter((a) => a.state !== 'to_verify').slice(0, 30);
    document.body.dataset.iotToVerify = String(open.length);
    setChildren(
      this.element,
      h('h2', {}, `${t('iotAlarmsToVerify')} (${open.length})`),
      this.error ? h('div', { className: 'error' }, this.error) : '',
      ...(open.length ? open.map((a) => this.toVerify(a)) : [h('div', { className: 'hint' }, t('iotNoneToVerify'))]),
      h('h2', {}, t('iotRecentAlarms')),
      ...(done.length ? done.map((a) => this.decided(a)) : [h('div', { className: 'hint' }, '—')]),
    );
    this.tick();
  }
}

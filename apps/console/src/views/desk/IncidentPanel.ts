import { INCIDENT_LEVELS, IncidentSummary, RELEASE_REASONS, REOPEN_GRACE_S, type AssignedUnit } from '@gan119/dispatch';
import { getJson, postJson } from '../../api';
import { errorText, fill } from '../../i18n/errors';
import { t } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/catalogue';
import { capabilityLabel, chip, duration, h, levelLabel, setChildren, statusLabel, typeLabel } from '../../labels';
import { STATUS_COLOUR } from '../../layers/UnitLayer';
import { TimelineEntry, timelineList } from './timeline';
import { iotBox } from './iot-box';
import type { IotAlarm } from '../monitor/alarm-card';

export type IncidentDetail = IncidentSummary & {
  cityAdcode: number | null;
  countyAdcode: number | null;
  closedAt: string | null;
  assignments: AssignedUnit[];
  timeline: TimelineEntry[];
  unitNames: Record<string, string>;
  callers: Array<{ number: string | null; address: string | null; reportedAt: string }>;
};

export type IncidentPanelOptions = {
  /** the incident changed (level, state, units): the desk recommends again and reloads the queue */
  changed(d: IncidentDetail): void;
  /** whether the dispatcher may act (a commander reads) */
  canAct: boolean;
  /** an incident was shown (or none): the panels beside it (other agencies, public alerts) follow */
  shown?(d: IncidentDetail | null): void;
};

/**
 * 警情处置: one incident's whole life — every unit on it with its status, ETA or time on scene and
 * acknowledgement; release a unit with a reason; change the level; mark it on scene or under
 * control; close it (releasing every unit, after confirmation); reopen it within the grace period;
 * its timeline in words.
 */
export class IncidentPanel {
  readonly element = h('div', { className: 'section', id: 'incident-panel' });
  detail: IncidentDetail | null = null;
  private releasing: number | null = null;
  private confirmClose = false;
  private timelineOpen = false;
  /** the incident last asked for (answers to earlier requests are dropped) */
  private wanted: number | null = null;
  /** worded when drawn, so it follows the language toggle */
  private message: { text: () => string; error: boolean } | null = null;
  /** the 智赣119 alarms on this incident: building, floors, duty contact, pre-plan */
  private iot: IotAlarm[] = [];

  constructor(private readonly o: IncidentPanelOptions) {
    window.setInterval(() => this.detail && this.render(), 5000); // ETAs count down, times on scene count up
  }

  async show(id: number | null): Promise<void> {
    if (id !== this.detail?.id) {
      this.releasing = null;
      this.confirmClose = false;
      this.message = null;
      this.iot = [];
      // never leave the previous incident's buttons under the dispatcher's hand while the next one loads
      this.detail = null;
      document.body.dataset.panelIncident = '';
      this.render();
    }
    this.wanted = id;
    try {
      const d = id === null ? null : await getJson<IncidentDetail>(`/api/incidents/${id}`);
      if (this.wanted !== id) return; // another incident was chosen meanwhile: its answer decides
      this.detail = d;
      void this.loadIot(d);
    } catch (e) {
      if (this.wanted !== id) return;
      this.message = { text: () => errorText(e), error: true };
    }
    document.body.dataset.panelIncident = String(this.detail?.id ?? '');
    this.render();
    this.o.shown?.(this.detail);
  }

  /** An incident IoT alarms made or joined (its timeline says so) gets them beside it, drawn when they come: the incident never waits for them. */
  private async loadIot(d: IncidentDetail | null): Promise<void> {
    if (!d || !d.timeline.some((e) => e.action === 'iot_alarm')) {
      this.iot = [];
      return;
    }
    const r = await getJson<{ alarms: IotAlarm[] }>(`/api/iot/alarms?incident=${d.id}`).catch(() => null);
    if (!r || this.detail?.id !== d.id) return;
    this.iot = r.alarms;
    this.render();
  }

  refresh(): Promise<void> {
    return this.show(this.detail?.id ?? null);
  }

  /** whether a unit is on this incident (its status changes refresh the panel) */
  has(unitId: number): boolean {
    return !!this.detail?.assignments.some((a) => a.unitId === unitId);
  }

  render(): void {
    const d = this.detail;
    if (!d) {
      setChildren(this.element);
      return;
    }
    const closed = d.state === 'closed';
    setChildren(
      this.element,
      h('h2', {}, t('incidentPanel'), h('span', { className: 'hint' }, `#${d.id} ${typeLabel(d.type)} · ${t(`state_${d.state}`)}`)),
      this.iot.length ? iotBox(this.iot) : null,
      closed || !this.o.canAct ? null : this.controls(d),
      h('table', { className: 'list', id: 'incident-units' }, ...d.assignments.map((a) => this.unitRow(d, a))),
      !d.assignments.length ? h('div', { className: 'hint' }, '—') : null,
      closed ? this.reopenRow(d) : null,
      this.message ? h('div', { className: this.message.error ? 'error-text' : 'hint', id: 'incident-message' }, this.message.text()) : null,
      // the commander reads the timeline first; on the desk it folds away under the units
      h(
        'details',
        { open: !this.o.canAct || this.timelineOpen, ontoggle: (e: Event) => (this.timelineOpen = (e.target as HTMLDetailsElement).open) },
        h('summary', {}, `${t('timeline')} (${d.timeline.length})`),
        timelineList(d.timeline, d.unitNames),
      ),
    );
  }

  private controls(d: IncidentDetail): HTMLElement {
    const level = h('select', { id: 'incident-level' }, ...INCIDENT_LEVELS.map((l) => h('option', { value: String(l), textContent: levelLabel(l) })));
    level.value = String(d.level);
    level.disabled = !this.o.canAct;
    level.onchange = () =>
      void this.act(
        () => postJson(`/api/incidents/${d.id}/level`, { level: Number(level.value) }),
        () => t('levelChanged'),
      );
    const state = (to: string, key: MessageKey, on: boolean) =>
      on
        ? h(
            'button',
            {
              type: 'button',
              dataset: { to },
              disabled: !this.o.canAct,
              onclick: () =>
                void this.act(
                  () => postJson(`/api/incidents/${d.id}/state`, { to }),
                  () => t(key),
                ),
            },
            t(key),
          )
        : null;
    const close = this.confirmClose
      ? h(
          'span',
          { className: 'confirm' },
          fill(t('confirmClose'), { n: d.assignments.length }),
          ' ',
          h(
            'button',
            {
              type: 'button',
              className: 'danger',
              id: 'confirm-close',
              onclick: () =>
                void this.act(
                  () => postJson(`/api/incidents/${d.id}/state`, { to: 'closed' }),
                  () => t('closed'),
                ),
            },
            t('closeIncident'),
          ),
          h(
            'button',
            {
              type: 'button',
              onclick: () => {
                this.confirmClose = false;
                this.render();
              },
            },
            t('cancel'),
          ),
        )
      : h(
          'button',
          {
            type: 'button',
            id: 'close-incident',
            disabled: !this.o.canAct,
            onclick: () => {
              this.confirmClose = true;
              this.render();
            },
          },
          t('closeIncident'),
        );
    return h(
      'div',
      { className: 'row wrap' },
      h('label', {}, t('changeLevel')),
      level,
      state('on_scene', 'markOnScene', d.state === 'dispatched' || d.state === 'under_control'),
      state('under_control', 'markUnderControl', d.state === 'on_scene'),
      close,
    );
  }

  private unitRow(d: IncidentDetail, a: AssignedUnit): HTMLElement {
    const since = (iso: string) => (Date.now() - Date.parse(iso)) / 1000;
    const eta = a.onSceneAt
      ? `${t('onSceneFor')} ${duration(since(a.onSceneAt))}`
      : a.etaS !== null && ['dispatched', 'en_route'].includes(a.unitStatus)
        ? `${t('etaExact')} ${duration(Math.max(0, a.etaS - since(a.assignedAt)))}`
        : '';
    const ack = a.order?.ackedAt
      ? h('span', { className: 'ok' }, t('acked'))
      : a.order?.state === 'unacknowledged'
        ? h('span', { className: 'error-text' }, t('notAcked'))
        : h('span', { className: 'hint' }, t('awaitingAck'));
    const reason = h('select', { className: 'release-reason' }, ...RELEASE_REASONS.map((r) => h('option', { value: r, textContent: t(`reason_${r}`) })));
    return h(
      'tr',
      { dataset: { unit: String(a.unitId), status: a.unitStatus, acked: String(!!a.order?.ackedAt) } },
      h(
        'td',
        {},
        h('b', {}, a.unitName),
        h(
          'div',
          { className: 'why' },
          [a.stationName, capabilityLabel(a.capability), a.crossJurisdiction ? t('crossJurisdiction') : ''].filter(Boolean).join(' · '),
        ),
      ),
      h('td', {}, chip(statusLabel(a.unitStatus), STATUS_COLOUR[a.unitStatus] ?? '#607d8b'), h('div', { className: 'why' }, eta)),
      h('td', {}, ack),
      !this.o.canAct
        ? null
        : h(
            'td',
            {},
            this.releasing === a.unitId
              ? h(
                  'span',
                  {},
                  reason,
                  h(
                    'button',
                    {
                      type: 'button',
                      className: 'danger small',
                      onclick: () =>
                        void this.act(
                          () => postJson(`/api/incidents/${d.id}/release`, { unitId: a.unitId, reason: reason.value }),
                          () => `${a.unitName} ${t('release')}`,
                        ),
                    },
                    t('confirmRelease'),
                  ),
                  h(
                    'button',
                    {
                      type: 'button',
                      className: 'link',
                      onclick: () => {
                        this.releasing = null;
                        this.render();
                      },
                    },
                    t('cancel'),
                  ),
                )
              : h(
                  'button',
                  {
                    type: 'button',
                    className: 'link',
                    dataset: { release: String(a.unitId) },
                    disabled: !this.o.canAct,
                    onclick: () => {
                      this.releasing = a.unitId;
                      this.render();
                    },
                  },
                  t('release'),
                ),
          ),
    );
  }

  private reopenRow(d: IncidentDetail): HTMLElement | null {
    if (!d.closedAt || Date.now() - Date.parse(d.closedAt) > REOPEN_GRACE_S * 1000 || !this.o.canAct) return null;
    return h(
      'div',
      { className: 'row' },
      h(
        'button',
        {
          type: 'button',
          id: 'reopen-incident',
          onclick: () =>
            void this.act(
              () => postJson(`/api/incidents/${d.id}/reopen`, {}),
              () => t('reopened'),
            ),
        },
        t('reopenIncident'),
      ),
    );
  }

  private async act(request: () => Promise<unknown>, done: () => string): Promise<void> {
    try {
      await request();
      this.message = { text: done, error: false };
      this.releasing = null;
      this.confirmClose = false;
    } catch (e) {
      this.message = { text: () => errorText(e), error: true };
    }
    await this.refresh();
    if (this.detail) this.o.changed(this.detail);
  }
}

import type { Candidate, RecommendationResponse, RecommendedPick } from '@gan119/dispatch';
import { postJson } from '../../api';
import { errorText, fill } from '../../i18n/errors';
import { t } from '../../i18n/i18n';
import { capabilityLabel, chip, duration, h, km, levelColour, levelLabel, setChildren, typeLabel } from '../../labels';
import type { OverlayLayer, RouteLine } from '../../layers/OverlayLayer';
import { routeColour } from '../../layers/route-colours';
import type { Created } from './CallForm';
import { explainPick, factReason, passedOverText } from './explain';

type Chosen = { capability: string; etaS: number | null; crossJurisdiction: boolean; name: string };

export type RecommendationOptions = {
  overlay: OverlayLayer;
  /** fit the map to what is drawn */
  fit(): void;
  merge(duplicateId: number, into: number): Promise<void>;
  /** units were assigned: the desk clears the call form and refreshes */
  assigned(incidentId: number, unitIds: number[]): Promise<void>;
};

/**
 * 调派建议: what the graded plan (and the caller's answers) still needs and who covers it earliest
 * by road, as a list and as routes; a possible duplicate leads (merge first, nothing ticked) until the
 * dispatcher says it is a separate incident; the assembly point of a disaster with each team's time to
 * it and the cities to tell; other units to add, each with its exact ETA; then one button sends them.
 */
export class RecommendationPanel {
  readonly element = h('div', { className: 'section', id: 'recommendation' });
  private created: Created | null = null;
  private rec: RecommendationResponse | null = null;
  /** every candidate with its exact ETA (the road search run to all of them), for the add-unit list */
  private alternatives: Candidate[] | null = null;
  private chosen = new Map<number, Chosen>();
  /** the routes of the units just sent, kept on the map while their incident is shown */
  private sent: { incidentId: number; routes: RouteLine[] } | null = null;
  private separate = false;
  private busy = false;
  /** worded when drawn, so it follows the language toggle */
  private message: { text: () => string; error: boolean } | null = null;

  constructor(private readonly o: RecommendationOptions) {}

  get incidentId(): number | null {
    return this.created?.incident.id ?? null;
  }

  /** Shows an incident's recommendation (a new call's duplicates lead). */
  async show(c: Created | null): Promise<void> {
    const same = c?.incident.id === this.created?.incident.id;
    this.created = c;
    this.rec = null;
    this.alternatives = null;
    this.chosen = new Map();
    if (!same) {
      this.separate = false;
      this.message = null;
    }
    this.o.overlay.setRoutes([]);
    this.o.overlay.setAssembly(null);
    this.o.overlay.setPoint(c ? [c.incident.lon, c.incident.lat] : null); // the incident layer labels it
    this.render();
    if (!c) return;
    document.body.dataset.recommendation = '';
    try {
      const rec = await postJson<RecommendationResponse>(`/api/incidents/${c.incident.id}/recommendation`, {});
      if (this.created?.incident.id !== c.incident.id) return; // another was chosen meanwhile
      this.rec = rec;
      if (!this.leadWithMerge()) rec.picks.forEach((p) => this.chosen.set(p.unitId, this.asChosen(p)));
      this.draw();
      this.o.fit();
      void this.loadAlternatives(c.incident.id);
    } catch (e) {
      this.message = { text: () => errorText(e), error: true };
    }
    this.render();
    if (this.rec) document.body.dataset.recommendation = String(c.incident.id); // drawn and listed
  }

  private leadWithMerge(): boolean {
    return !!this.created?.duplicates.length && !this.separate;
  }

  private asChosen(p: RecommendedPick): Chosen {
    return { capability: p.capability, etaS: p.etaS, crossJurisdiction: p.crossJurisdiction, name: p.name };
  }

  private async loadAlternatives(id: number): Promise<void> {
    try {
      const all = await postJson<RecommendationResponse>(`/api/incidents/${id}/recommendation`, { routes: false, exhaustive: true });
      if (this.created?.incident.id === id) {
        this.alternatives = all.candidates;
        this.render();
      }
    } catch {
      /* the stopped search's list (lower bounds) stays */
    }
  }

  private draw(): void {
    const rec = this.rec;
    const to = this.created ? ([this.created.incident.lon, this.created.incident.lat] as [number, number]) : undefined;
    const sent = this.sent && this.sent.incidentId === this.created?.incident.id ? this.sent.routes : [];
    this.o.overlay.setRoutes([...sent, ...this.routesOf(rec?.picks ?? [], to, sent.length)]);
    const a = rec?.assembly;
    this.o.overlay.setAssembly(
      a ? { lon: a.lon, lat: a.lat, label: `${t('assembly')} ${a.name}`, route: (a.route?.coordinates as Array<[number, number]> | undefined) ?? null } : null,
    );
  }

  private routesOf(picks: readonly RecommendedPick[], to: [number, number] | undefined, first = 0): RouteLine[] {
    return picks.flatMap((p, k) =>
      this.chosen.has(p.unitId) && p.route
        ? [{ coordinates: p.route.coordinates as Array<[number, number]>, label: `${p.name} ${duration(p.etaS)}`, colour: routeColour(first + k), to }]
        : [],
    );
  }

  /**
   * The proposal after an assignment, from the assignment's answer (no new road search): the sent
   * units leave the picks and the candidates and join the assigned, the plan's remaining need shrinks
   * by them, and what is left of the proposal stays ticked, as a new recommendation would tick it.
   */
  private settle(assigned: ReadonlyArray<{ unitId: number; orderId: string }>): void {
    const rec = this.rec;
    if (!rec) return;
    const sent = new Map(assigned.map((a) => [a.unitId, a.orderId]));
    const gone = rec.picks.filter((p) => sent.has(p.unitId));
    const need = new Map(rec.needed.map((n) => [n.capability, n.count]));
    for (const p of gone) need.set(p.capability, Math.max(0, (need.get(p.capability) ?? 0) - 1));
    this.rec = {
      ...rec,
      picks: rec.picks.filter((p) => !sent.has(p.unitId)),
      candidates: rec.candidates.filter((x) => !sent.has(x.unitId)),
      alreadyAssigned: [
        ...rec.alreadyAssigned,
        ...gone.map((p) => ({ unitId: p.unitId, name: p.name, capability: p.capability, orderId: sent.get(p.unitId) ?? null, acked: false })),
      ],
      needed: rec.needed.map((n) => ({ ...n, count: need.get(n.capability) ?? n.count })).filter((n) => n.count > 0),
    };
    this.alternatives = this.alternatives?.filter((x) => !sent.has(x.unitId)) ?? null;
    this.chosen = new Map(this.rec.picks.map((p) => [p.unitId, this.asChosen(p)]));
    this.draw();
  }

  /** The list and the map's route labels, in the page's language (after a language toggle). */
  reword(): void {
    this.draw();
    this.render();
  }

  render(): void {
    const c = this.created;
    if (!c) {
      setChildren(this.element, h('h2', {}, t('recommendation')), h('div', { className: 'hint' }, t('noIncidentYet')));
      return;
    }
    const i = c.incident;
    const rec = this.rec;
    setChildren(
      this.element,
      h(
        'h2',
        {},
        h('span', {}, `#${i.id} ${typeLabel(i.type)} `, chip(levelLabel(i.level), levelColour(i.level))),
        h('span', { className: 'hint' }, [i.cityName, i.countyName].filter(Boolean).join(' · ')),
      ),
      ...(rec?.plan.callFactReasons ?? []).map((r) => h('div', { className: 'fact-reason' }, factReason(r))),
      this.leadWithMerge() ? this.duplicates(c) : null,
      !rec ? h('div', { className: 'hint' }, t('loading')) : null,
      rec && !this.leadWithMerge() ? this.picks(rec) : null,
      ...(rec?.shortfall ?? []).map((s) => h('div', { className: 'warn' }, `${t('shortfall')} ${capabilityLabel(s.capability)}: ${s.found}/${s.wanted}`)),
      rec?.assembly ? this.assembly(rec.assembly) : null,
      rec?.notifyCities.length
        ? h('div', { className: 'hint', id: 'notify-cities' }, `${t('notifyCities')}：${rec.notifyCities.map((x) => x.name).join('、')}`)
        : null,
      rec && !this.leadWithMerge() ? this.actions(rec) : null,
      rec ? etaStamp(rec.eta) : null,
      rec?.synthetic ? h('div', { className: 'hint' }, t('syntheticRoutes')) : null,
      this.message ? h('div', { className: this.message.error ? 'error-text' : 'hint', id: 'recommendation-message' }, this.message.text()) : null,
    );
  }

  private duplicates(c: Created): HTMLElement {
    return h(
      'div',
      { className: 'warn duplicate-first', id: 'duplicate-first' },
      h('b', {}, t('duplicateFirst')),
      ...c.duplicates.map((d) =>
        h(
          'div',
          { className: 'row', dataset: { duplicate: String(d.id) } },
          fill(t('possibleDuplicateOf'), { id: d.id, type: typeLabel(d.type), m: d.distanceM, state: '' }),
          h(
            'button',
            { type: 'button', className: 'primary small', dataset: { merge: String(d.id) }, onclick: () => void this.o.merge(c.incident.id, d.id) },
            `${t('mergeIntoShort')} → #${d.id}`,
          ),
        ),
      ),
      h('button', { type: 'button', id: 'not-duplicate', onclick: () => this.dispatchSeparately() }, t('separateIncident')),
    );
  }

  private dispatchSeparately(): void {
    this.separate = true;
    this.rec?.picks.forEach((p) => this.chosen.set(p.unitId, this.asChosen(p)));
    this.draw();
    this.render();
  }

  private picks(rec: RecommendationResponse): HTMLElement {
    const rows = rec.picks.map((p, k) =>
      h(
        'tr',
        { dataset: { unit: String(p.unitId) } },
        h(
          'td',
          {},
          h('input', { type: 'checkbox', checked: this.chosen.has(p.unitId), onchange: (e: Event) => this.toggle(p, (e.target as HTMLInputElement).checked) }),
        ),
        h(
          'td',
          {},
          h('span', { className: 'swatch', style: `background:${routeColour(k)}` }),
          h('b', {}, p.name),
          p.crossJurisdiction ? h('div', { className: 'cross' }, t('crossJurisdiction')) : null,
          p.drillId ? h('div', { className: 'on-drill' }, `${t('drDesk')} #${p.drillId}`) : null,
          h('div', { className: 'why' }, explainPick(p, rec.eta.calibrated ? rec.eta.fixedS : 0)),
          ...p.passedOver.slice(0, 1).map((x) => h('div', { className: 'why' }, passedOverText(x, p))),
        ),
        h('td', {}, capabilityLabel(p.capability)),
        h('td', {}, duration(p.etaS)),
        h('td', {}, km(p.roadM)),
      ),
    );
    if (!rec.picks.length) return h('div', { className: 'hint' }, rec.alreadyAssigned.length ? t('nothingToSend') : t('nothingToSend'));
    return h(
      'table',
      { className: 'list', id: 'picks' },
      h('tr', {}, h('th', {}, ''), h('th', {}, t('unit')), h('th', {}, t('capability')), h('th', {}, t('etaExact')), h('th', {}, t('distance'))),
      ...rows,
    );
  }

  private assembly(a: NonNullable<RecommendationResponse['assembly']>): HTMLElement {
    return h(
      'div',
      { className: 'assembly', id: 'assembly' },
      h('b', {}, `${t('assembly')}：${a.name}`),
      a.deployEtaS !== null ? h('div', { className: 'hint' }, fill(t('assemblyDeploy'), { eta: duration(a.deployEtaS) })) : null,
      h(
        'ul',
        {},
        ...a.arrivals.map((x) =>
          h('li', {}, `${x.name} · ${t('toAssembly')} ${duration(x.etaToAssemblyS)}${a.toSceneS !== null ? ` + ${duration(a.toSceneS)}` : ''}`),
        ),
      ),
    );
  }

  private actions(rec: RecommendationResponse): HTMLElement {
    const others = (this.alternatives ?? rec.candidates)
      .filter((x) => !rec.picks.some((p) => p.unitId === x.unitId) && !this.chosen.has(x.unitId) && !rec.alreadyAssigned.some((a) => a.unitId === x.unitId))
      .slice(0, 40);
    const eta = (x: Candidate) => (x.etaS !== null ? duration(x.etaS) : x.etaAtLeastS != null ? `> ${duration(x.etaAtLeastS)}` : '—');
    const add = h(
      'select',
      { id: 'add-unit' },
      h('option', { value: '', textContent: t('addUnit') }),
      ...others.map((x) =>
        h('option', {
          value: String(x.unitId),
          textContent: `${x.name} · ${x.capabilities.map(capabilityLabel).join('/')} · ${eta(x)}${x.cityName ? ` · ${x.cityName}` : ''}`,
        }),
      ),
    );
    add.onchange = () => {
      const x = others.find((y) => String(y.unitId) === add.value);
      if (!x) return;
      this.chosen.set(x.unitId, { capability: x.capabilities[0], etaS: x.etaS, crossJurisdiction: x.cityAdcode !== rec.incident.cityAdcode, name: x.name });
      this.render();
    };
    const extra = [...this.chosen.entries()].filter(([id]) => !rec.picks.some((p) => p.unitId === id));
    const assign = h(
      'button',
      { id: 'assign', className: 'primary', type: 'button', disabled: this.busy || this.chosen.size === 0, onclick: () => void this.assign() },
      `${t('assign')} (${this.chosen.size})`,
    );
    return h(
      'div',
      {},
      extra.length ? h('div', { className: 'hint' }, `${t('added')}: ${extra.map(([, x]) => x.name).join('、')}`) : null,
      h('div', { className: 'row', style: 'margin-top:8px' }, add, assign),
    );
  }

  private toggle(p: RecommendedPick, on: boolean): void {
    if (on) this.chosen.set(p.unitId, this.asChosen(p));
    else this.chosen.delete(p.unitId);
    this.draw();
    this.render();
  }

  private async assign(): Promise<void> {
    const c = this.created;
    if (!c || !this.chosen.size) return;
    this.busy = true;
    this.render();
    try {
      const units = [...this.chosen.entries()].map(([unitId, x]) => ({
        unitId,
        capability: x.capability,
        ...(x.etaS !== null ? { etaS: x.etaS } : {}),
        crossJurisdiction: x.crossJurisdiction,
      }));
      const r = await postJson<{ assignments: Array<{ unitId: number; orderId: string }> }>(`/api/incidents/${c.incident.id}/assignments`, { units });
      this.message = { text: () => `${t('assigned')} ${r.assignments.length}`, error: false };
      const to: [number, number] = [c.incident.lon, c.incident.lat];
      this.sent = {
        incidentId: c.incident.id,
        routes: [
          ...(this.sent?.incidentId === c.incident.id ? this.sent.routes : []),
          ...this.routesOf(this.rec?.picks ?? [], to, this.sent?.incidentId === c.incident.id ? this.sent.routes.length : 0),
        ],
      };
      this.settle(r.assignments);
      await this.o.assigned(
        c.incident.id,
        r.assignments.map((a) => a.unitId),
      );
      document.body.dataset.assigned = r.assignments.map((a) => a.unitId).join(','); // sent, and the desk has settled on it
    } catch (e) {
      this.message = { text: () => errorText(e), error: true };
    } finally {
      this.busy = false;
      this.render();
    }
  }
}

/** What every ETA above is from: a calibration learned from a response record (which, how many), or posted speeds. */
function etaStamp(eta: RecommendationResponse['eta']): HTMLElement {
  if (!eta.calibrated) return h('div', { className: 'hint eta-stamp', id: 'eta-stamp', dataset: { calibrated: 'false' } }, t('etaPosted'));
  const day = (iso: string) => new Date(iso).toLocaleDateString(document.documentElement.lang || 'zh-CN');
  return h(
    'div',
    { className: 'hint eta-stamp', id: 'eta-stamp', dataset: { calibrated: 'true' }, title: eta.source },
    fill(t('etaCalibrated'), { from: day(eta.trainFrom), to: day(eta.trainTo), n: eta.responses.toLocaleString(), fixed: Math.round(eta.fixedS) }),
  );
}

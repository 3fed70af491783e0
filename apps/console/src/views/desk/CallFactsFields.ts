import type { CallFacts } from '@gan119/dispatch';
import { t } from '../../i18n/i18n';
import { h } from '../../labels';

const HAZARDS = ['gas', 'chemicals', 'electricity'] as const;
const USES = ['residential', 'commercial', 'industrial', 'warehouse', 'public', 'school', 'hospital', 'other'] as const;

/** 接警要素: people trapped (how many, or "some"), floor, building height, hazards, building use — asked of every caller. */
export class CallFactsFields {
  private readonly trapped = h('input', { id: 'fact-trapped', type: 'number', min: '0', max: '10000', className: 'num' });
  private readonly trappedUnknown = h('input', { id: 'fact-trapped-unknown', type: 'checkbox' });
  private readonly floor = h('input', { id: 'fact-floor', type: 'number', min: '-10', max: '200', className: 'num' });
  private readonly floors = h('input', { id: 'fact-building-floors', type: 'number', min: '1', max: '200', className: 'num' });
  private readonly hazards = HAZARDS.map((x) => h('input', { type: 'checkbox', value: x, dataset: { hazard: x } }));
  private readonly use = h('select', { id: 'fact-use' });

  render(): HTMLElement {
    const use = this.use.value;
    this.use.replaceChildren(h('option', { value: '', textContent: '—' }), ...USES.map((u) => h('option', { value: u, textContent: t(`use_${u}`) })));
    this.use.value = use;
    return h(
      'details',
      { className: 'facts', open: true },
      h('summary', {}, t('callFacts')),
      h(
        'div',
        { className: 'row wrap' },
        h('label', {}, t('trapped')),
        this.trapped,
        h('label', { className: 'check' }, this.trappedUnknown, t('trappedUnknown')),
      ),
      h('div', { className: 'row wrap' }, h('label', {}, t('floor')), this.floor, h('label', {}, t('buildingFloors')), this.floors),
      h(
        'div',
        { className: 'row wrap' },
        h('label', {}, t('hazards')),
        ...this.hazards.map((c, i) => h('label', { className: 'check' }, c, t(`hazard_${HAZARDS[i]}`))),
        h('label', {}, t('buildingUse')),
        this.use,
      ),
    );
  }

  /** The answers given (empty fields left out). */
  value(): CallFacts {
    const n = (e: HTMLInputElement) => (e.value.trim() === '' ? undefined : Math.trunc(Number(e.value)));
    const out: CallFacts = {};
    const trapped = this.trappedUnknown.checked ? -1 : n(this.trapped);
    if (trapped !== undefined) out.trapped = trapped;
    const floor = n(this.floor),
      floors = n(this.floors);
    if (floor !== undefined) out.floor = floor;
    if (floors !== undefined) out.buildingFloors = floors;
    const hazards = this.hazards.filter((c) => c.checked).map((c) => c.value as (typeof HAZARDS)[number]);
    if (hazards.length) out.hazards = hazards;
    if (this.use.value) out.buildingUse = this.use.value as (typeof USES)[number];
    return out;
  }

  clear(): void {
    for (const e of [this.trapped, this.floor, this.floors]) e.value = '';
    this.trappedUnknown.checked = false;
    this.hazards.forEach((c) => (c.checked = false));
    this.use.value = '';
  }
}

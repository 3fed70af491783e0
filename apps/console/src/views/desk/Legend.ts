import { LEVEL_STYLE, INCIDENT_LEVELS } from '@gan119/dispatch';
import { t } from '../../i18n/i18n';
import { chip, h, levelShort, setChildren, statusLabel } from '../../labels';
import { STATUS_COLOUR } from '../../layers/UnitLayer';

/** 图例: what the map's colours and marks mean — incident levels, unit statuses, the call, the assembly point, water. */
export class Legend {
  readonly element = h('details', { className: 'legend', id: 'legend' });

  render(): void {
    const open = this.element.open;
    setChildren(
      this.element,
      h('summary', {}, t('legend')),
      h('div', {}, t('legendIncident'), ' ', ...INCIDENT_LEVELS.map((l) => chip(levelShort(l), LEVEL_STYLE[l].colour))),
      h(
        'div',
        {},
        ...Object.entries(STATUS_COLOUR).map(([s, c]) =>
          h('span', { className: 'legend-item' }, h('i', { className: 'dot', style: `background:${c}` }), statusLabel(s)),
        ),
      ),
      h(
        'div',
        {},
        h('span', { className: 'legend-item' }, h('i', { className: 'ring' }), t('legendCall')),
        h('span', { className: 'legend-item' }, h('i', { className: 'tri' }), t('legendAssembly')),
        h('span', { className: 'legend-item' }, h('i', { className: 'water' }), t('legendWater')),
      ),
    );
    this.element.open = open;
  }
}

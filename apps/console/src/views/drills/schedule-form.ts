import { INCIDENT_TYPES } from '@gan119/dispatch';
import { getJson, postJson } from '../../api';
import { errorText } from '../../i18n/errors';
import { t } from '../../i18n/i18n';
import { h, levelLabel, setChildren, textLine, typeLabel } from '../../labels';

type Area = { adcode: number; name: string };

/**
 * 组织演练: whom (stations drawn at random in a scope, or a chosen station — a click on the map fills
 * it), when (now, or a random moment in the next hours: the crews do not know when), what (a random
 * scenario, or a chosen type and level). The answer says what happened; `onDone` refreshes the lists.
 */
export function scheduleForm(onDone: (id: number) => void): { el: HTMLElement; render(): void; pickStation(id: number): void } {
  const el = h('div', { className: 'section', id: 'drill-form' });
  let cities: Area[] = [];
  let mode: 'random' | 'station' = 'random';
  const count = h('input', { type: 'number', id: 'drill-count', min: '1', max: '20', value: '1', style: 'width:4em' });
  const scope = h('select', { id: 'drill-scope' });
  const stationId = h('input', { type: 'number', id: 'drill-station', min: '1', style: 'width:6em' });
  const when = h('select', { id: 'drill-when' });
  const scenario = h('select', { id: 'drill-scenario' });
  const level = h('select', { id: 'drill-level' });
  const result = h('div', { className: 'hint', id: 'drill-result' });
  const resultLine = textLine(result); // said again in the page's language when it changes
  void getJson<{ features: Array<{ properties: Area }> }>('/api/admin-areas?level=city&simplify=0.05').then((r) => {
    cities = r.features.map((f) => f.properties).sort((a, b) => a.adcode - b.adcode);
    render();
  });

  async function submit(): Promise<void> {
    const body: Record<string, unknown> =
      mode === 'random'
        ? { random: { count: Number(count.value), ...(scope.value ? { scopeAdcode: Number(scope.value) } : {}) } }
        : { stationIds: [Number(stationId.value)] };
    const hours = Number(when.value);
    if (hours > 0) body.window = { from: new Date().toISOString(), to: new Date(Date.now() + hours * 3_600_000).toISOString() };
    if (scenario.value === 'random') body.randomScenario = true;
    else body.scenario = { type: scenario.value, level: Number(level.value) };
    result.className = 'hint';
    resultLine.say(() => '…');
    try {
      const r = await postJson<{ id: number; state: string; fireAt: string }>('/api/drills', body);
      resultLine.say(() => (r.state === 'scheduled' ? `#${r.id} ${t('drScheduledAt')}${new Date(r.fireAt).toLocaleString()}` : `#${r.id} ${t('drFiredLive')}`));
      onDone(r.id);
    } catch (e) {
      result.className = 'error-text';
      resultLine.say(() => errorText(e));
    }
  }

  function render(): void {
    resultLine.again();
    const keep = { scope: scope.value, when: when.value, scenario: scenario.value, level: level.value };
    setChildren(scope, h('option', { value: '' }, t('drScopeProvince')), ...cities.map((c) => h('option', { value: String(c.adcode) }, c.name)));
    setChildren(when, h('option', { value: '0' }, t('drNow')), ...[1, 4, 8, 24].map((n) => h('option', { value: String(n) }, `${t('drWindow')} ${n}`)));
    setChildren(scenario, h('option', { value: 'random' }, t('drScenarioRandom')), ...INCIDENT_TYPES.map((x) => h('option', { value: x }, typeLabel(x))));
    setChildren(level, ...[1, 2, 3].map((n) => h('option', { value: String(n) }, levelLabel(n))));
    Object.assign(scope, { value: keep.scope });
    when.value = keep.when || '0';
    scenario.value = keep.scenario || 'random';
    level.value = keep.level || '1';
    level.disabled = scenario.value === 'random';
    scenario.onchange = () => (level.disabled = scenario.value === 'random');
    const radio = (value: typeof mode, label: string) =>
      h(
        'label',
        {},
        h('input', {
          type: 'radio',
          name: 'drill-whom',
          value,
          checked: mode === value,
          onchange: () => {
            mode = value;
            render();
          },
        }),
        label,
      );
    setChildren(
      el,
      h('h3', {}, t('drSchedule')),
      h('div', { className: 'row' }, h('b', {}, `${t('drWhom')}: `), radio('random', t('drRandomStations')), radio('station', t('drChosenStation'))),
      mode === 'random'
        ? h('div', { className: 'row' }, `${t('drCount')} `, count, ` ${t('drScope')} `, scope)
        : h('div', { className: 'row' }, `${t('drStationId')} `, stationId),
      h('div', { className: 'row' }, `${t('drWhen')} `, when, ` ${t('drScenario')} `, scenario, level),
      h('div', { className: 'row' }, h('button', { className: 'primary', id: 'drill-submit', onclick: () => void submit() }, t('drFire'))),
      result,
      h('div', { className: 'hint' }, t('drStandards')),
    );
  }
  render();
  return {
    el,
    render,
    pickStation: (id: number) => {
      mode = 'station';
      stationId.value = String(id);
      render();
    },
  };
}

import type { BuildingTrouble, IotSummary } from '@gan119/iot';
import { getJson } from '../../api';
import { errorText } from '../../i18n/errors';
import { t } from '../../i18n/i18n';
import { age, h, setChildren } from '../../labels';
import type { MessageKey } from '../../i18n/catalogue';

type Summary = IotSummary;
type Building = BuildingTrouble;

const TILES: Array<[keyof Summary, MessageKey, string]> = [
  ['devices', 'iotDevices', '#1565c0'],
  ['toVerify', 'iotToVerify', '#d50000'],
  ['offline', 'iotOffline', '#ef6c00'],
  ['faults', 'iotFaults', '#6d4c41'],
  ['lowBattery', 'iotLowBattery', '#8e24aa'],
  ['confirmed24h', 'iotConfirmed24h', '#b71c1c'],
  ['cancelled24h', 'iotCancelled24h', '#546e7a'],
];

/** The counts as tiles, and the buildings with offline or faulty terminals, the longest waiting first, with whom to call. */
export class TroubleList {
  readonly summary = h('div', { className: 'section', id: 'iot-summary' });
  readonly element = h('div', { className: 'section', id: 'iot-troubles' });
  private data: { summary: Summary; buildings: Building[]; notices: Array<{ kind: string; building: string | null; devices: number }> } | null = null;
  private error = '';

  async reload(): Promise<void> {
    try {
      this.data = await getJson('/api/iot/troubles');
      this.error = '';
    } catch (e) {
      this.error = errorText(e);
    }
    this.render();
  }

  render(): void {
    const s = this.data?.summary;
    setChildren(
      this.summary,
      h(
        'div',
        { className: 'board' },
        ...TILES.map(([k, label, colour]) =>
          h('div', { style: `background:${colour}`, dataset: { tile: k } }, h('b', {}, (s?.[k] ?? 0).toLocaleString()), t(label)),
        ),
      ),
    );
    const buildings = this.data?.buildings ?? [];
    const wholeOffline = new Set((this.data?.notices ?? []).filter((n) => n.kind === 'building_offline').map((n) => n.building));
    setChildren(
      this.element,
      h('h2', {}, `${t('iotTroubles')} (${buildings.length})`),
      this.error ? h('div', { className: 'error' }, this.error) : '',
      ...(buildings.length
        ? buildings
            .slice(0, 50)
            .map((b) =>
              h(
                'div',
                { className: 'trouble', dataset: { building: String(b.buildingId ?? '') } },
                h('b', {}, b.building ?? '—'),
                wholeOffline.has(b.building) ? h('span', { className: 'chip warn' }, t('iotBuildingOffline')) : '',
                h(
                  'div',
                  { className: 'hint' },
                  [
                    b.offline ? `${t('iotOffline')} ${b.offline}` : '',
                    b.faults ? `${t('iotFaults')} ${b.faults}` : '',
                    b.lowBattery ? `${t('iotLowBattery')} ${b.lowBattery}` : '',
                    `${t('iotSince')} ${age((Date.now() - Date.parse(b.since)) / 1000)}`,
                  ]
                    .filter(Boolean)
                    .join(' · '),
                ),
                h('div', { className: 'hint' }, `${t('iotContactOf')}${b.dutyContact.name ?? '—'} ${b.dutyContact.phone ?? ''}`),
              ),
            )
        : [h('div', { className: 'hint' }, t('iotNoTroubles'))]),
    );
  }
}

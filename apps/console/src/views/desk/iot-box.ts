import { t } from '../../i18n/i18n';
import { h, iotKind } from '../../labels';
import { facts, IotAlarm } from '../monitor/alarm-card';

/** An IoT incident's alarms on the desk: the building, which detectors on which floors, whom to call, the key unit's pre-plan. */
export function iotBox(alarms: IotAlarm[]): HTMLElement {
  const a = alarms[0];
  const detectors = [...new Set(alarms.map((x) => `${x.floor ?? '?'} ${t('iotFloor')} ${iotKind(x.deviceKind)}`))];
  return h(
    'div',
    { className: 'iot-box', id: 'incident-iot' },
    h('b', {}, `${t('event_iot_alarm')}（${alarms.length}）：`, a.building?.name ?? a.deviceId),
    a.building ? h('span', { className: 'hint' }, ` · ${a.building.floors} ${t('iotFloors')}`) : '',
    h('div', {}, detectors.join('、')),
    ...facts(a),
  );
}

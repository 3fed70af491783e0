import { t } from '../../i18n/i18n';
import { h, iotKind, onFloor } from '../../labels';
import { facts, IotAlarm } from '../monitor/alarm-card';

/** An IoT incident's alarms on the desk: the building, which detectors on which floors, whom to call, the key unit's pre-plan. */
export function iotBox(alarms: IotAlarm[]): HTMLElement {
  const a = alarms[0];
  const detectors = [...new Set(alarms.map((x) => `${onFloor(x.floor ?? '?')} ${iotKind(x.deviceKind)}`))];
  return h(
    'div',
    { className: 'iot-box', id: 'incident-iot' },
    h('b', {}, t('iotAlarmsOn').replace('{n}', String(alarms.length)), a.building?.name ?? a.deviceId),
    a.building ? h('span', { className: 'hint' }, ` · ${a.building.floors} ${t('iotFloors')}`) : '',
    h('div', {}, detectors.join('、')),
    ...facts(a),
  );
}

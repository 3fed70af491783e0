import type { IotAlarmView } from '@gan119/iot';
import { t } from '../../i18n/i18n';
import { clock, h, iotKind, onFloor } from '../../labels';

export type IotAlarm = IotAlarmView;

/** mm:ss left until the countdown confirms the alarm by itself (the server's clock, corrected by `skewMs`). */
export function countdown(verifyBy: string | null, skewMs: number): { text: string; urgent: boolean; left: number } {
  const left = verifyBy ? Math.max(0, Math.round((Date.parse(verifyBy) - (Date.now() + skewMs)) / 1000)) : 0;
  return { text: `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}`, urgent: left <= 30, left };
}

/** Where it is: building, floor, and what went off. */
export function where(a: IotAlarm): HTMLElement {
  return h(
    'div',
    { className: 'where' },
    h('b', {}, a.building?.name ?? a.deviceId),
    a.floor !== null ? ` · ${onFloor(a.floor)}` : '',
    ` · ${iotKind(a.deviceKind)}`,
    h('span', { className: 'hint' }, ` ${a.deviceId} · ${clock(a.raisedAt)}`),
  );
}

/** The duty contact to call, the key unit's pre-plan, the false-alarm flag. */
export function facts(a: IotAlarm): HTMLElement[] {
  const c = a.building?.dutyContact ?? {};
  const out = [
    h('div', { className: 'contact' }, `${t('iotContactOf')}${c.name ?? '—'} `, c.phone ? h('a', { href: `tel:${c.phone}`, className: 'phone' }, c.phone) : ''),
  ];
  if (a.flags.includes('false_alarm_history')) out.push(h('div', { className: 'warn' }, `⚠ ${t('iotFalseHistory')}（${a.falseAlarms30d}）`));
  if (a.building?.preplan) out.push(h('div', { className: 'preplan' }, `${t('iotPreplan')}（${a.building.keyUnit ?? ''}）：${a.building.preplan}`));
  return out;
}

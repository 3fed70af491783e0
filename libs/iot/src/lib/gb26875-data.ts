import { Frame, readTime, timeOf } from './gb26875-frame';
import type { MessageKind, SensorKind } from './messages';

/** One thing a transmission device reported, in the system's terms. */
export type DeviceEvent = {
  kind: MessageKind;
  sensor: SensorKind | null;
  /** when it happened by the device's clock, or null when the label is no real time */
  at: Date | null;
  detail: Record<string, unknown>;
};
export type DataResult = { ok: true; events: DeviceEvent[] } | { ok: false; error: string };

/** Component types (S1 table) by the sensor the verification rules know. */
export function sensorOfComponent(t: number): SensorKind {
  if (t === 23 || t === 24) return 'manual_call_point';
  if (t === 25 || (t >= 40 && t <= 44) || (t >= 50 && t <= 53) || t === 69 || t === 78) return 'smoke';
  if (t >= 30 && t <= 37) return 'heat';
  if ((t >= 10 && t <= 13) || t === 74) return 'gas';
  if (t >= 16 && t <= 18) return 'electrical_fire';
  if (t === 95 || (t >= 96 && t <= 99)) return 'sprinkler';
  return 'other';
}

const SIZE: Record<number, number> = { 1: 10, 2: 46, 21: 7, 24: 8, 28: 6 };
const bit = (v: number, n: number) => ((v >> n) & 1) === 1;

/** GB 18030 text is not decoded here (the lib has no codec table): the description travels as hex, trimmed of NUL and space padding. */
function descriptionHex(b: Uint8Array): string {
  let end = b.length;
  while (end > 0 && (b[end - 1] === 0 || b[end - 1] === 0x20)) end--;
  return Array.from(b.slice(0, end), (x) => x.toString(16).padStart(2, '0')).join('');
}

/** The fault bits of each state word (S1 8.2.1.1, 8.2.1.2, 8.2.1.8), by name. */
const SYSTEM_FAULTS: Record<number, string> = { 2: 'fault', 8: 'main power fault', 9: 'standby power fault', 10: 'bus fault' };
const COMPONENT_FAULTS: Record<number, string> = { 2: 'fault', 8: 'power fault' };
const UITD_FAULTS: Record<number, string> = {
  2: 'fault',
  3: 'main power fault',
  4: 'standby power fault',
  5: 'channel to the centre',
  6: 'monitored line',
};

/**
 * A state word as events. **A fire-alarm bit is an alarm whatever bit0 says**: both public fire frames
 * carry state 0x0002 (bit0 = 0, literally "test"), so a centre that filtered on bit0 would drop real
 * fires (notes, disagreement 8). bit0 = 0 is kept in the detail as `testBit` for the operator.
 */
function stateEvents(
  state: number,
  alarmBit: number,
  faultBits: Record<number, string>,
  sensor: SensorKind | null,
  at: Date | null,
  detail: Record<string, unknown>,
): DeviceEvent[] {
  const d = { ...detail, state, testBit: !bit(state, 0) };
  const out: DeviceEvent[] = [];
  if (bit(state, alarmBit)) out.push({ kind: 'alarm', sensor, at, detail: d });
  // a fault says which: the set fault bits by name (what the device's record shows)
  const faults = Object.entries(faultBits).filter(([n]) => bit(state, Number(n)));
  if (faults.length) out.push({ kind: 'fault', sensor, at, detail: { ...d, text: `GB/T 26875.3: ${faults.map(([, name]) => name).join(', ')}` } });
  if (!out.length) out.push({ kind: 'alarm_cleared', sensor, at, detail: d });
  return out;
}

/** The application data of a send (command 2): an empty unit is a heartbeat (S1's form); types 1, 2, 21, 24 and 28 become events. */
export function frameEvents(f: Frame): DataResult {
  const b = f.data;
  if (b.length === 0) return { ok: true, events: [{ kind: 'heartbeat', sensor: null, at: timeOf(f.time), detail: {} }] };
  if (b.length < 2) return { ok: false, error: 'application data shorter than its type and count' };
  const type = b[0];
  const count = b[1];
  const size = SIZE[type];
  if (size === undefined) return { ok: true, events: [{ kind: 'reading', sensor: null, at: timeOf(f.time), detail: { type, unsupported: true } }] };
  if (count === 0) return { ok: false, error: `type ${type} with no objects` };
  if (b.length !== 2 + count * size)
    return { ok: false, error: `type ${type}: ${count} objects of ${size} bytes need ${2 + count * size} bytes, got ${b.length}` };
  const events: DeviceEvent[] = [];
  for (let i = 0; i < count; i++) {
    const o = 2 + i * size;
    if (type === 1) {
      const state = b[o + 2] | (b[o + 3] << 8);
      events.push(...stateEvents(state, 1, SYSTEM_FAULTS, null, timeOf(readTime(b, o + 4)), { type, systemType: b[o], systemAddress: b[o + 1] }));
    } else if (type === 2) {
      const componentType = b[o + 2];
      const zone = b[o + 3] | (b[o + 4] << 8);
      const position = b[o + 5] | (b[o + 6] << 8);
      const state = b[o + 7] | (b[o + 8] << 8);
      const detail = { type, systemType: b[o], systemAddress: b[o + 1], componentType, zone, position, description: descriptionHex(b.slice(o + 9, o + 40)) };
      events.push(...stateEvents(state, 1, COMPONENT_FAULTS, sensorOfComponent(componentType), timeOf(readTime(b, o + 40)), detail));
    } else if (type === 21) {
      events.push(...stateEvents(b[o], 1, UITD_FAULTS, null, timeOf(readTime(b, o + 1)), { type }));
    } else if (type === 24) {
      const flags = b[o];
      const at = timeOf(readTime(b, o + 2));
      const detail = { type, flags, operator: b[o + 1] };
      if (bit(flags, 2)) events.push({ kind: 'alarm', sensor: 'manual_call_point', at, detail });
      if (bit(flags, 3)) events.push({ kind: 'alarm_cleared', sensor: null, at, detail });
      if (bit(flags, 4) || bit(flags, 6)) events.push({ kind: 'test', sensor: null, at, detail });
      if (!events.length) events.push({ kind: 'heartbeat', sensor: null, at, detail });
    } else {
      events.push({ kind: 'heartbeat', sensor: null, at: timeOf(readTime(b, o)), detail: { type } });
    }
  }
  return { ok: true, events };
}

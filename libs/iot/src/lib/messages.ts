/** What a terminal is (智赣119 registry): the detector kinds, the water-pressure sensors, and a building's user information transmission device. */
export const DEVICE_KINDS = ['smoke', 'heat', 'gas', 'manual_call_point', 'sprinkler', 'electrical_fire', 'hydrant_pressure', 'uitd'] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];

/** What a terminal says. Every way in (HTTP push, MQTT, GB/T 26875.3) is turned into these. */
export const MESSAGE_KINDS = ['alarm', 'fault', 'low_battery', 'tamper', 'test', 'alarm_cleared', 'heartbeat', 'reading'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/** The sensor behind a message: the device's own kind, or for a transmission device the component that reported. */
export type SensorKind = Exclude<DeviceKind, 'uitd'> | 'other';

export type IotMessage = {
  /** unique per sending platform: a resend after a reconnect carries the same id and is stored once */
  messageId: string;
  deviceId: string;
  kind: MessageKind;
  /** when the device says it happened (ISO 8601); the receiving time is kept beside it */
  at: string | null;
  sensor: SensorKind | null;
  /** a reading: kPa for hydrant pressure, % for a battery */
  value: number | null;
  detail: Record<string, unknown> | null;
};

export const MAX_BATCH = 5000;
const ID = /^[A-Za-z0-9._:-]{1,80}$/;

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** One message of a batch as a platform sends it (JSON), checked field by field; the error names the field. */
export function parseMessage(x: unknown): Parsed<IotMessage> {
  if (!x || typeof x !== 'object' || Array.isArray(x)) return { ok: false, error: 'a message is a JSON object' };
  const m = x as Record<string, unknown>;
  const known = new Set(['messageId', 'deviceId', 'kind', 'at', 'sensor', 'value', 'detail']);
  const extra = Object.keys(m).find((k) => !known.has(k));
  if (extra !== undefined) return { ok: false, error: `unknown field ${extra}` };
  if (typeof m.messageId !== 'string' || !ID.test(m.messageId)) return { ok: false, error: 'messageId: 1-80 of letters, digits, . _ : -' };
  if (typeof m.deviceId !== 'string' || !ID.test(m.deviceId)) return { ok: false, error: 'deviceId: 1-80 of letters, digits, . _ : -' };
  if (typeof m.kind !== 'string' || !(MESSAGE_KINDS as readonly string[]).includes(m.kind))
    return { ok: false, error: `kind: one of ${MESSAGE_KINDS.join(', ')}` };
  let at: string | null = null;
  if (m.at !== undefined && m.at !== null) {
    const t = typeof m.at === 'string' ? Date.parse(m.at) : NaN;
    if (!Number.isFinite(t) || !/^\d{4}-\d{2}-\d{2}T/.test(m.at as string)) return { ok: false, error: 'at: an ISO 8601 time' };
    at = new Date(t).toISOString();
  }
  const sensors: readonly string[] = [...DEVICE_KINDS.filter((k) => k !== 'uitd'), 'other'];
  if (m.sensor !== undefined && m.sensor !== null && (typeof m.sensor !== 'string' || !sensors.includes(m.sensor)))
    return { ok: false, error: `sensor: one of ${sensors.join(', ')}` };
  if (m.value !== undefined && m.value !== null && (typeof m.value !== 'number' || !Number.isFinite(m.value) || Math.abs(m.value) > 1e6))
    return { ok: false, error: 'value: a finite number' };
  if (m.detail !== undefined && m.detail !== null && (typeof m.detail !== 'object' || Array.isArray(m.detail) || JSON.stringify(m.detail).length > 2000))
    return { ok: false, error: 'detail: an object of at most 2,000 characters' };
  return {
    ok: true,
    value: {
      messageId: m.messageId,
      deviceId: m.deviceId,
      kind: m.kind as MessageKind,
      at,
      sensor: (m.sensor as SensorKind | undefined) ?? null,
      value: (m.value as number | undefined) ?? null,
      detail: (m.detail as Record<string, unknown> | undefined) ?? null,
    },
  };
}

/** A batch (`{ messages: [...] }`), all or each: the good messages, and the bad ones by their index with why. */
export function parseBatch(body: unknown): Parsed<{ messages: IotMessage[]; rejected: Array<{ index: number; error: string }> }> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return { ok: false, error: 'the body is { "messages": [ … ] }' };
  const list = (body as { messages?: unknown }).messages;
  if (!Array.isArray(list) || list.length === 0) return { ok: false, error: 'messages: a non-empty list' };
  if (list.length > MAX_BATCH)
    return { ok: false, error: `messages: at most ${MAX_BATCH.toLocaleString('en')} a request (got ${list.length.toLocaleString('en')})` };
  const messages: IotMessage[] = [];
  const rejected: Array<{ index: number; error: string }> = [];
  list.forEach((x, index) => {
    const p = parseMessage(x);
    if (p.ok) messages.push(p.value);
    else rejected.push({ index, error: p.error });
  });
  return { ok: true, value: { messages, rejected } };
}

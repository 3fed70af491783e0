/**
 * GB/T 26875.3-2011 frames (building user information transmission devices ↔ monitoring centre), as
 * written up in ../shared/standards/gb26875_3_notes.md: `@@`, serial (LE), version, time label, source
 * and destination address (6 bytes LE), data length (LE, ≤ 1024), command, application data, checksum
 * (sum of bytes 2 … 26+L mod 256), `##`. Bytes in, bytes out: no socket here.
 */
export const HEADER = 27;
export const MIN_FRAME = 30;
export const MAX_DATA = 1024;
export const COMMAND = { control: 1, send: 2, confirm: 3, request: 4, response: 5, deny: 6 } as const;
const KNOWN_COMMANDS = new Set<number>([1, 2, 3, 4, 5, 6]);

export type TimeLabel = { year: number; month: number; day: number; hour: number; minute: number; second: number };
export type Frame = {
  serial: number;
  version: [number, number];
  time: TimeLabel;
  /** 6-byte addresses, as decimal strings (they exceed no safe integer: 48 bits) */
  source: string;
  destination: string;
  command: number;
  data: Uint8Array;
};
export type FrameError = 'bad_start' | 'bad_end' | 'bad_checksum' | 'too_long' | 'too_short' | 'bad_command';
export type Decoded = { ok: true; frame: Frame } | { ok: false; error: FrameError; serial: number | null; source: string | null; destination: string | null };

export function checksum(b: Uint8Array, from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s = (s + b[i]) & 0xff;
  return s;
}

const u16 = (b: Uint8Array, o: number) => b[o] | (b[o + 1] << 8);
function address(b: Uint8Array, o: number): string {
  let v = 0;
  for (let i = 5; i >= 0; i--) v = v * 256 + b[o + i];
  return String(v);
}
function putAddress(b: Uint8Array, o: number, a: string): void {
  let v = Number(a);
  if (!Number.isSafeInteger(v) || v < 0 || v >= 2 ** 48) throw new Error(`not a 6-byte address: ${a}`);
  for (let i = 0; i < 6; i++) {
    b[o + i] = v % 256;
    v = Math.floor(v / 256);
  }
}
export const readTime = (b: Uint8Array, o: number): TimeLabel => ({
  second: b[o],
  minute: b[o + 1],
  hour: b[o + 2],
  day: b[o + 3],
  month: b[o + 4],
  year: 2000 + b[o + 5],
});
/** The time label as an instant (China time, UTC+8), or null when it is no real time (month 13, second 61 …). */
export function timeOf(t: TimeLabel): Date | null {
  const ms = Date.UTC(t.year, t.month - 1, t.day, t.hour - 8, t.minute, t.second);
  const back = new Date(ms + 8 * 3600e3);
  const real =
    t.month >= 1 && t.month <= 12 && back.getUTCDate() === t.day && back.getUTCMonth() === t.month - 1 && t.hour < 24 && t.minute < 60 && t.second < 60;
  return real ? new Date(ms) : null;
}
export function timeLabel(d: Date): TimeLabel {
  const c = new Date(d.getTime() + 8 * 3600e3);
  return {
    year: c.getUTCFullYear(),
    month: c.getUTCMonth() + 1,
    day: c.getUTCDate(),
    hour: c.getUTCHours(),
    minute: c.getUTCMinutes(),
    second: c.getUTCSeconds(),
  };
}

/** Decodes one whole frame (exactly its bytes). What a deny needs (serial, addresses) is read back even from a bad frame. */
export function decodeFrame(b: Uint8Array): Decoded {
  const partial = (error: FrameError): Decoded => ({
    ok: false,
    error,
    serial: b.length >= 4 ? u16(b, 2) : null,
    source: b.length >= 18 ? address(b, 12) : null,
    destination: b.length >= 24 ? address(b, 18) : null,
  });
  if (b.length < 2 || b[0] !== 0x40 || b[1] !== 0x40) return partial('bad_start');
  if (b.length < MIN_FRAME) return partial('too_short');
  const len = u16(b, 24);
  if (len > MAX_DATA) return partial('too_long');
  if (b.length !== MIN_FRAME + len) return partial(b.length < MIN_FRAME + len ? 'too_short' : 'too_long');
  if (b[28 + len] !== 0x23 || b[29 + len] !== 0x23) return partial('bad_end');
  if (checksum(b, 2, HEADER + len) !== b[HEADER + len]) return partial('bad_checksum');
  if (!KNOWN_COMMANDS.has(b[26])) return partial('bad_command');
  return {
    ok: true,
    frame: {
      serial: u16(b, 2),
      version: [b[4], b[5]],
      time: readTime(b, 6),
      source: address(b, 12),
      destination: address(b, 18),
      command: b[26],
      data: b.slice(HEADER, HEADER + len),
    },
  };
}

export function encodeFrame(f: Frame): Uint8Array {
  if (f.data.length > MAX_DATA) throw new Error(`application data over ${MAX_DATA} bytes`);
  const b = new Uint8Array(MIN_FRAME + f.data.length);
  b[0] = b[1] = 0x40;
  b[2] = f.serial & 0xff;
  b[3] = (f.serial >> 8) & 0xff;
  b[4] = f.version[0];
  b[5] = f.version[1];
  const t = f.time;
  b.set([t.second, t.minute, t.hour, t.day, t.month, t.year - 2000], 6);
  putAddress(b, 12, f.source);
  putAddress(b, 18, f.destination);
  b[24] = f.data.length & 0xff;
  b[25] = f.data.length >> 8;
  b[26] = f.command;
  b.set(f.data, HEADER);
  b[HEADER + f.data.length] = checksum(b, 2, HEADER + f.data.length);
  b[28 + f.data.length] = b[29 + f.data.length] = 0x23;
  return b;
}

/** The centre's confirm (3) or deny (6) of a frame: same serial and version, its own time, addresses swapped, no data. */
export function replyTo(
  to: { serial: number | null; source: string | null; destination: string | null; version?: [number, number] },
  command: 3 | 6,
  now: Date,
): Uint8Array | null {
  if (to.serial === null || to.source === null || to.destination === null) return null;
  return encodeFrame({
    serial: to.serial,
    version: to.version ?? [1, 1],
    time: timeLabel(now),
    source: to.destination,
    destination: to.source,
    command,
    data: new Uint8Array(0),
  });
}

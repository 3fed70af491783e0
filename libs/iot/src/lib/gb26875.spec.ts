import { standardsDir } from '@gan119/testing';
import { readFileSync } from 'fs';
import { join } from 'path';
import { COMMAND, decodeFrame, encodeFrame, replyTo, timeLabel, timeOf } from './gb26875-frame';
import { FrameSplitter } from './gb26875-stream';
import { frameEvents } from './gb26875-data';

// the public example frames, read where they are (../shared/standards beside the data pack), never copied in
const file = join(standardsDir(), 'gb26875_example_frames.json');
const FRAMES = (JSON.parse(readFileSync(file, 'utf8')) as { frames: Array<{ name: string; hex: string; expect: string }> }).frames;
const bytes = (hex: string) => Uint8Array.from(Buffer.from(hex.replace(/\s+/g, ''), 'hex'));
const frame = (name: string) => bytes(FRAMES.find((f) => f.name === name)?.hex ?? '');
const ERROR: Record<string, string> = { bad_end: 'bad_end', checksum: 'bad_checksum', too_short: 'too_short' };

describe('GB/T 26875.3 frames against the public examples', () => {
  it('has the examples', () => expect(FRAMES.length).toBeGreaterThanOrEqual(19));

  it.each(FRAMES.map((f) => [f.name, f] as const))('%s decodes as expected and re-encodes byte for byte', (_n, f) => {
    const d = decodeFrame(bytes(f.hex));
    if (f.expect === 'ok') {
      expect(d.ok).toBe(true);
      if (d.ok) expect(Buffer.from(encodeFrame(d.frame)).toString('hex')).toBe(Buffer.from(bytes(f.hex)).toString('hex'));
    } else {
      expect(d).toMatchObject({ ok: false, error: ERROR[f.expect] });
    }
  });

  it("builds the centre's confirm and deny of S1 example 1 byte for byte (same serial, own time, addresses swapped)", () => {
    const alarm = decodeFrame(frame('actorlancer_smoke_fire'));
    const confirm = decodeFrame(frame('actorlancer_confirm'));
    const deny = decodeFrame(frame('actorlancer_deny'));
    if (!alarm.ok || !confirm.ok || !deny.ok) throw new Error('examples do not decode');
    const at = timeOf(confirm.frame.time) as Date;
    expect(Buffer.from(replyTo(alarm.frame, COMMAND.confirm, at) as Uint8Array)).toEqual(Buffer.from(frame('actorlancer_confirm')));
    expect(Buffer.from(replyTo(alarm.frame, COMMAND.deny, at) as Uint8Array)).toEqual(Buffer.from(frame('actorlancer_deny')));
  });

  it('reads the smoke detector fire (state 0x0002, bit0 = 0) as a fire alarm, never as a test', () => {
    const d = decodeFrame(frame('actorlancer_smoke_fire'));
    if (!d.ok) throw new Error(d.error);
    const r = frameEvents(d.frame);
    expect(r).toMatchObject({ ok: true, events: [{ kind: 'alarm', sensor: 'smoke', detail: { componentType: 40, zone: 10, position: 2, testBit: true } }] });
    // sent 09:58:32 China time (the frame's label); the detector went off at 09:58:02 (the object's own label)
    expect(timeOf(d.frame.time)?.toISOString()).toBe('2012-09-26T01:58:32.000Z');
    if (r.ok) expect(r.events[0].at?.toISOString()).toBe('2012-09-26T01:58:02.000Z');
    const g = decodeFrame(frame('dgiot_component_fire'));
    if (!g.ok) throw new Error(g.error);
    expect(frameEvents(g.frame)).toMatchObject({ ok: true, events: [{ kind: 'alarm' }] });
  });

  it('reads a main power fault (type 21), a duty-check reply (type 24) and an empty send (heartbeat)', () => {
    const fault = decodeFrame(frame('actorlancer_uitd_mains_fault'));
    const duty = decodeFrame(frame('actorlancer_uitd_duty_reply'));
    if (!fault.ok || !duty.ok) throw new Error('examples do not decode');
    expect(frameEvents(fault.frame)).toMatchObject({ ok: true, events: [{ kind: 'fault', detail: { text: 'GB/T 26875.3: main power fault' } }] });
    expect(frameEvents(duty.frame)).toMatchObject({ ok: true, events: [{ kind: 'heartbeat' }] });
    const hb = encodeFrame({ ...duty.frame, data: new Uint8Array(0) });
    const d = decodeFrame(hb);
    expect(d.ok && frameEvents(d.frame)).toMatchObject({ ok: true, events: [{ kind: 'heartbeat' }] });
  });

  it('refuses application data whose count does not match its length, and a count of 0 (no divide by zero)', () => {
    const d = decodeFrame(frame('actorlancer_smoke_fire'));
    if (!d.ok) throw new Error(d.error);
    expect(frameEvents({ ...d.frame, data: d.frame.data.slice(0, 30) })).toMatchObject({ ok: false, error: expect.stringMatching(/need 48 bytes/) });
    expect(frameEvents({ ...d.frame, data: Uint8Array.from([2, 0]) })).toMatchObject({ ok: false, error: 'type 2 with no objects' });
  });

  it('keeps an impossible time label as no time, not a normalised date', () => {
    expect(timeOf({ year: 2024, month: 13, day: 1, hour: 0, minute: 0, second: 0 })).toBeNull();
    expect(timeOf({ year: 2024, month: 2, day: 30, hour: 0, minute: 0, second: 0 })).toBeNull();
    const now = new Date('2026-12-02T06:30:05Z');
    expect(timeOf(timeLabel(now))).toEqual(now);
  });
});

describe('the TCP stream splitter', () => {
  const a = frame('actorlancer_smoke_fire');
  const b = frame('actorlancer_uitd_mains_fault');

  it('puts a frame split across reads back together, byte by byte', () => {
    const s = new FrameSplitter();
    const got = [];
    for (const x of a) got.push(...s.push(Uint8Array.of(x)));
    expect(got).toHaveLength(1);
    expect(got[0].ok).toBe(true);
    expect(s.buffered).toBe(0);
  });

  it('splits frames stuck together, skipping junk before and between them', () => {
    const s = new FrameSplitter();
    const junk = Uint8Array.from([1, 2, 0x40, 3]);
    const all = Buffer.concat([junk, a, b, junk, a]);
    const got = s.push(all);
    expect(got.map((g) => g.ok)).toEqual([true, true, true]);
    expect(s.skipped).toBe(8);
  });

  it('reports a bad frame and still finds the good one after it', () => {
    const bad = Uint8Array.from(a);
    bad[30] ^= 0xff; // a data byte: the checksum no longer matches
    const got = new FrameSplitter().push(Buffer.concat([bad, b]));
    expect(got.map((g) => (g.ok ? 'ok' : g.error))).toEqual(['bad_checksum', 'ok']);
  });

  it('steps over a length field over 1024 instead of waiting for ever', () => {
    const huge = Uint8Array.from(a);
    huge[24] = 0xff;
    huge[25] = 0xff;
    const got = new FrameSplitter().push(Buffer.concat([huge, b]));
    expect(got.map((g) => (g.ok ? 'ok' : g.error))).toEqual(['too_long', 'ok']);
  });

  it('does not grow without bound on a stream of junk', () => {
    const s = new FrameSplitter();
    for (let i = 0; i < 100; i++) s.push(new Uint8Array(10_000).fill(0x41));
    expect(s.buffered).toBeLessThanOrEqual(1);
  });
});

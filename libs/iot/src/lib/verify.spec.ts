import { decideAlarm, DEFAULT_VERIFY_RULES, AlarmFacts } from './verify';
import { parseBatch, parseMessage, MAX_BATCH } from './messages';

const single: AlarmFacts = { sensor: 'smoke', inMaintenance: false, testMessage: false, otherDevicesInAlarm: 0, callNearby: false, falseAlarms30d: 0 };

describe('the false-alarm filter', () => {
  it('verifies a single smoke alarm with the countdown the rules give', () => {
    expect(decideAlarm(single)).toEqual({ outcome: 'verify', rule: 'single_detector', countdownS: DEFAULT_VERIFY_RULES.countdownS, flags: [] });
    expect(decideAlarm(single, { ...DEFAULT_VERIFY_RULES, countdownS: 60 }).countdownS).toBe(60);
  });

  it('confirms at once: a second detector, a manual call point, a sprinkler flow, a 119 call nearby', () => {
    expect(decideAlarm({ ...single, otherDevicesInAlarm: 1 })).toMatchObject({ outcome: 'confirmed', rule: 'second_detector' });
    expect(decideAlarm({ ...single, sensor: 'manual_call_point' })).toMatchObject({ outcome: 'confirmed', rule: 'manual_call_point' });
    expect(decideAlarm({ ...single, sensor: 'sprinkler' })).toMatchObject({ outcome: 'confirmed', rule: 'sprinkler_flow' });
    expect(decideAlarm({ ...single, callNearby: true })).toMatchObject({ outcome: 'confirmed', rule: 'call_119' });
  });

  it('records a test or a device in maintenance as such, but a second detector or a call still confirms', () => {
    expect(decideAlarm({ ...single, testMessage: true })).toMatchObject({ outcome: 'test', rule: 'test_message' });
    expect(decideAlarm({ ...single, inMaintenance: true, sensor: 'manual_call_point' })).toMatchObject({ outcome: 'test', rule: 'maintenance' });
    expect(decideAlarm({ ...single, inMaintenance: true, otherDevicesInAlarm: 2 })).toMatchObject({ outcome: 'confirmed' });
    expect(decideAlarm({ ...single, testMessage: true, callNearby: true })).toMatchObject({ outcome: 'confirmed', rule: 'call_119' });
  });

  it('flags a device with a false-alarm history, and still verifies it', () => {
    expect(decideAlarm({ ...single, falseAlarms30d: 3 })).toMatchObject({ outcome: 'verify', flags: ['false_alarm_history'] });
    expect(decideAlarm({ ...single, falseAlarms30d: 2 }).flags).toEqual([]);
  });
});

describe('platform messages', () => {
  const ok = { messageId: 'm-1', deviceId: 'SD-000001', kind: 'alarm', at: '2026-12-02T06:00:00+08:00' };
  it('accepts a message and normalises its time', () => {
    expect(parseMessage(ok)).toMatchObject({ ok: true, value: { messageId: 'm-1', kind: 'alarm', at: '2026-12-01T22:00:00.000Z', sensor: null } });
  });
  it.each([
    [{ ...ok, kind: 'fire' }, /^kind: one of/],
    [{ ...ok, messageId: '' }, /^messageId/],
    [{ ...ok, deviceId: 'a b' }, /^deviceId/],
    [{ ...ok, at: 'yesterday' }, /^at:/],
    [{ ...ok, value: 'high' }, /^value/],
    [{ ...ok, sensor: 'nose' }, /^sensor/],
    [{ ...ok, colour: 'red' }, /unknown field colour/],
    [[ok], /JSON object/],
  ])('refuses %j naming the field', (m, why) => {
    const p = parseMessage(m);
    expect(p.ok).toBe(false);
    if (!p.ok) expect(p.error).toMatch(why);
  });
  it('takes a batch message by message, and refuses an empty or oversized one whole', () => {
    const p = parseBatch({ messages: [ok, { ...ok, kind: 'x' }] });
    expect(p).toMatchObject({ ok: true, value: { messages: [{ messageId: 'm-1' }], rejected: [{ index: 1 }] } });
    expect(parseBatch({ messages: [] })).toMatchObject({ ok: false });
    expect(parseBatch({ messages: Array(MAX_BATCH + 1).fill(ok) })).toMatchObject({ ok: false, error: expect.stringMatching(/at most 5,000/) });
  });
});

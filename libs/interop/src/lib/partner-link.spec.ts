import { applyPartnerReport, statusFromReport } from './partner-link';
import { deliveryOutcome, retryDelayMs } from './outbox-policy';
import { capAtomFeed, capReference, capTime, capXml } from './cap';
import { capContentFrom, suggestedCap } from './cap-draft';

describe('the last-writer rule for a partner’s reports', () => {
  const t = (m: number) => new Date(Date.UTC(2026, 11, 3, 1, m)).toISOString();

  it('moves forward with newer reports and ignores older ones', () => {
    let link = { state: 'delivered' as const, theirUpdatedAt: null as string | null } as Parameters<typeof applyPartnerReport>[0];
    const steps: Array<[string | null, number]> = [
      ['acknowledged', 1],
      ['on_scene', 5],
      ['en_route', 3], // an older message arriving late (a retry): stale
      ['en_route', 6], // newer but backwards: kept on scene
      ['closed', 9],
      ['on_scene', 10], // after closing: stays closed
    ];
    const seen = steps.map(([status, m]) => {
      const r = applyPartnerReport(link, { status: status as never, at: t(m) });
      link = { state: r.state, theirUpdatedAt: r.theirUpdatedAt };
      return [r.state, r.changed, r.stale];
    });
    expect(seen).toEqual([
      ['acknowledged', true, false],
      ['on_scene', true, false],
      ['on_scene', false, true],
      ['on_scene', false, false],
      ['closed', true, false],
      ['closed', false, false],
    ]);
  });

  it('lets a partner decline only before its units move', () => {
    expect(applyPartnerReport({ state: 'acknowledged', theirUpdatedAt: t(1) }, { status: 'declined', at: t(2) }).state).toBe('declined');
    expect(applyPartnerReport({ state: 'en_route', theirUpdatedAt: t(1) }, { status: 'declined', at: t(2) }).state).toBe('en_route');
  });

  it('reads a status from units and the incident', () => {
    expect(statusFromReport('Closed', ['on_scene'])).toBe('closed');
    expect(statusFromReport('Dispatched', ['en_route', 'on_scene'])).toBe('on_scene');
    expect(statusFromReport(null, ['dispatched'])).toBe('en_route');
    expect(statusFromReport('Received', [])).toBe('acknowledged');
  });
});

describe('delivery policy', () => {
  it('tells delivered, retry and refused apart', () => {
    expect([200, 202, 409, 400, 401, 413, 422, 408, 429, 500, 503, null].map(deliveryOutcome)).toEqual([
      'delivered',
      'delivered',
      'delivered',
      'refused',
      'retry', // our signature not accepted: a key or a clock to mend, and the message still to deliver
      'refused',
      'refused',
      'retry',
      'retry',
      'retry',
      'retry',
      'retry',
    ]);
  });

  it('backs off from half a second to the cap, with jitter', () => {
    expect([1, 2, 3, 4, 10, 50].map((f) => retryDelayMs(f, 0.5))).toEqual([500, 1000, 2000, 3000, 3000, 3000]);
    expect(retryDelayMs(1, 0)).toBe(400);
    expect(retryDelayMs(1, 1)).toBe(600);
  });
});

describe('CAP', () => {
  const s = suggestedCap('hazmat', '某化工厂');
  const body = { ...s, area: { kind: 'circle', center: [115.9, 28.68], radiusM: s.radiusM } };

  it('checks a draft field by field', () => {
    const ok = capContentFrom(body);
    expect('content' in ok).toBe(true);
    const bad = capContentFrom({ ...body, severity: 'Huge', headline: '', area: { kind: 'polygon', ring: [[1, 2]] } });
    expect('problems' in bad && bad.problems.map((p) => p.field)).toEqual(['severity', 'headline', 'area.ring']);
    expect('problems' in capContentFrom({ ...body, area: { kind: 'counties', counties: [12] } })).toBe(true);
  });

  it('writes CAP times in China Standard Time and escapes text', () => {
    expect(capTime(Date.UTC(2026, 11, 3, 1, 2, 3, 456))).toBe('2026-12-03T09:02:03+08:00');
    const c = capContentFrom({ ...body, headline: 'A < B & C' });
    if (!('content' in c)) throw new Error('draft refused');
    const xml = capXml({
      identifier: 'JX119-1-1',
      sentMs: 0,
      msgType: 'Update',
      references: [capReference('JX119-1-0', 0)],
      incidentRef: 'x',
      incidentType: 'hazmat',
      content: c.content,
    });
    expect(xml).toContain('<headline>A &lt; B &amp; C</headline>');
    expect(xml).toContain('<circle>28.680000,115.900000 2.000</circle>');
    expect(xml).toContain('<references>cap@fire.jx119.cn,JX119-1-0,1970-01-01T08:00:00+08:00</references>');
    expect(capAtomFeed('/f', 0, [])).toContain('<feed xmlns="http://www.w3.org/2005/Atom">');
  });
});

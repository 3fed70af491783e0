import { compliance, incidentIntervals, IncidentResponse, INTERVALS, unitIntervals } from './response-times';

const t0 = Date.parse('2026-12-02T08:00:00Z');
const s = (seconds: number) => t0 + seconds * 1000;

describe('response intervals, one definition', () => {
  const incident: IncidentResponse = {
    callAt: s(0),
    createdAt: s(35),
    planned: 3,
    units: [
      { orderedAt: s(52), ackedAt: s(60), enRouteAt: s(110), onSceneAt: s(400) },
      { orderedAt: s(52), ackedAt: s(58), enRouteAt: s(95), onSceneAt: s(330) },
      { orderedAt: s(70), ackedAt: null, enRouteAt: s(150), onSceneAt: s(610) },
      { orderedAt: s(400), ackedAt: null, enRouteAt: null, onSceneAt: null },
    ],
  };

  it('measures an incident from the call: call-taking, processing to the first order, first arrival, the plan assembled', () => {
    expect(incidentIntervals(incident)).toEqual({ call_taking: 35, processing: 52, first_arrival: 278, response: 330, full_plan: 610 });
  });

  it('measures each unit from its order: acknowledgement, turnout, travel, order to scene; null where it did not happen', () => {
    expect(incident.units.map(unitIntervals)).toEqual([
      { ack: 8, turnout: 58, travel: 290, order_to_scene: 348 },
      { ack: 6, turnout: 43, travel: 235, order_to_scene: 278 },
      { ack: null, turnout: 80, travel: 460, order_to_scene: 540 },
      { ack: null, turnout: null, travel: null, order_to_scene: null },
    ]);
  });

  it('never answers a negative time or NaN: an end before its start (a clock error) and a plan not yet assembled are null', () => {
    const odd: IncidentResponse = {
      callAt: s(100),
      createdAt: s(90),
      planned: 5,
      units: [{ orderedAt: s(120), ackedAt: s(110), enRouteAt: null, onSceneAt: s(300) }],
    };
    expect(incidentIntervals(odd)).toEqual({ call_taking: null, processing: 20, first_arrival: 180, response: 200, full_plan: null });
    expect(unitIntervals(odd.units[0])).toEqual({ ack: null, turnout: null, travel: null, order_to_scene: 180 });
    expect(incidentIntervals({ ...odd, units: [], planned: null })).toEqual({
      call_taking: null,
      processing: null,
      first_arrival: null,
      response: null,
      full_plan: null,
    });
  });

  it('compliance counts the measured values within a threshold; with none measured the share is null, not NaN', () => {
    const turnouts = incident.units.map((u) => unitIntervals(u).turnout);
    expect(compliance(turnouts, 60)).toEqual({ share: 2 / 3, within: 2, measured: 3 });
    expect(compliance(turnouts, 80)).toEqual({ share: 1, within: 3, measured: 3 });
    expect(compliance([null, null], 60)).toEqual({ share: null, within: 0, measured: 0 });
  });

  it('documents every interval with its two moments and the standard it follows', () => {
    for (const [key, d] of Object.entries(INTERVALS)) {
      expect(d.from.length).toBeGreaterThan(3);
      expect(d.to.length).toBeGreaterThan(3);
      expect(d.standard.length).toBeGreaterThan(5);
      expect(['incident', 'unit']).toContain(d.per);
      expect(key).toMatch(/^[a-z_]+$/);
    }
    expect(Object.keys(INTERVALS).sort()).toEqual([
      'ack',
      'call_taking',
      'first_arrival',
      'full_plan',
      'order_to_scene',
      'processing',
      'response',
      'travel',
      'turnout',
    ]);
  });
});

import { callFactEffect, withAdditions } from './call-facts';

describe('接警要素: answers that change the plan', () => {
  it('changes nothing when nothing was said', () => {
    expect(callFactEffect('building_fire', 2, {})).toEqual({ level: 2, add: [], reasons: [] });
    expect(callFactEffect('building_fire', 2, { trapped: 0, floor: 3, hazards: [] })).toEqual({ level: 2, add: [], reasons: [] });
  });

  it('sends a rescue unit whenever people are trapped, even at level 1 and 2', () => {
    const e = callFactEffect('high_rise_fire', 2, { trapped: 3 });
    expect(e.level).toBe(2);
    expect(e.add).toEqual([{ capability: 'rescue', count: 1 }]);
    expect(e.reasons).toEqual([{ code: 'trapped', count: 3, adds: 'rescue' }]);
    expect(
      withAdditions(
        [
          { capability: 'water', count: 5 },
          { capability: 'aerial', count: 2 },
        ],
        e.add,
      ),
    ).toEqual([
      { capability: 'water', count: 5 },
      { capability: 'aerial', count: 2 },
      { capability: 'rescue', count: 1 },
    ]);
  });

  it('treats an unknown number trapped (-1) as trapped', () => {
    expect(callFactEffect('traffic', 1, { trapped: -1 }).reasons[0]).toEqual({ code: 'trapped', count: null, adds: 'rescue' });
  });

  it('raises the level for many trapped and for a school or hospital, saying so', () => {
    const e = callFactEffect('building_fire', 1, { trapped: 12, buildingUse: 'school' });
    expect(e.level).toBe(3);
    expect(e.add).toEqual([{ capability: 'rescue', count: 2 }]);
    expect(e.reasons.map((r) => [r.code, r.raisesTo])).toEqual([
      ['trapped', undefined],
      ['many_trapped', 3],
      ['vulnerable_occupants', undefined],
    ]);
    expect(callFactEffect('building_fire', 1, { trapped: 2, buildingUse: 'hospital' }).level).toBe(2);
  });

  it('never lowers the level taken', () => {
    expect(callFactEffect('building_fire', 4, { trapped: 12 }).level).toBe(4);
  });

  it('adds an aerial for a fire on a high floor, not for other types', () => {
    expect(callFactEffect('building_fire', 1, { floor: 11 }).add).toEqual([
      { capability: 'aerial', count: 1 },
      { capability: 'smoke_exhaust', count: 1 },
    ]);
    expect(callFactEffect('traffic', 1, { floor: 11 }).add).toEqual([]);
  });

  it('adds hazmat for gas and chemicals, and notes electricity', () => {
    const e = callFactEffect('building_fire', 1, { hazards: ['gas', 'electricity', 'chemicals'] });
    expect(e.add).toEqual([{ capability: 'hazmat', count: 1 }]);
    expect(e.reasons.map((r) => r.code === 'hazard' && r.hazard)).toEqual(['gas', 'electricity', 'chemicals']);
  });

  it('keeps the plan line when it already asks for more', () => {
    expect(withAdditions([{ capability: 'rescue', count: 3 }], [{ capability: 'rescue', count: 1 }])).toEqual([{ capability: 'rescue', count: 3 }]);
  });
});

import { INCIDENT_TYPES, INCIDENT_TYPE_LABELS, isIncidentLevel, isIncidentType, LEVEL_STYLE } from './incident-kinds';

describe('incident kinds', () => {
  it('labels every type in Chinese and English', () => {
    for (const t of INCIDENT_TYPES) {
      expect(INCIDENT_TYPE_LABELS[t].zh).toMatch(/[\u4e00-\u9fff]/);
      expect(INCIDENT_TYPE_LABELS[t].en.length).toBeGreaterThan(2);
    }
  });

  it('accepts levels 1 to 5 only, as numbers', () => {
    expect([1, 2, 3, 4, 5].every(isIncidentLevel)).toBe(true);
    for (const bad of [0, 6, 2.5, '2', null, NaN]) expect(isIncidentLevel(bad)).toBe(false);
  });

  it('gives each level a distinct colour', () => {
    const colours = Object.values(LEVEL_STYLE).map((s) => s.colour);
    expect(new Set(colours).size).toBe(5);
  });

  it('rejects unknown types', () => {
    expect(isIncidentType('building_fire')).toBe(true);
    expect(isIncidentType('BUILDING_FIRE')).toBe(false);
    expect(isIncidentType(undefined)).toBe(false);
  });
});

import { DEFAULT_PLANS, defaultPlans, planProblem } from './response-plans';
import { INCIDENT_LEVELS, INCIDENT_TYPES } from './incident-kinds';

describe('response plans', () => {
  it('has a valid default for every type and level, never shrinking with the level', () => {
    expect(defaultPlans()).toHaveLength(INCIDENT_TYPES.length * 5);
    for (const t of INCIDENT_TYPES) {
      for (const l of INCIDENT_LEVELS)
        expect(planProblem({ requirements: DEFAULT_PLANS[t][l] }, l > 1 ? DEFAULT_PLANS[t][(l - 1) as 1] : undefined)).toBeNull();
    }
  });

  it('brings the special forces to earthquakes and floods from level 3', () => {
    expect(DEFAULT_PLANS.earthquake[3].map((r) => r.capability)).toEqual(expect.arrayContaining(['earthquake_rescue', 'mobile_brigade']));
    expect(DEFAULT_PLANS.flood[3].map((r) => r.capability)).toEqual(expect.arrayContaining(['water_rescue', 'mobile_brigade']));
    expect(defaultPlans().find((p) => p.type === 'earthquake' && p.level === 4)!.assembly).toBe(true);
    expect(defaultPlans().find((p) => p.type === 'building_fire' && p.level === 4)!.assembly).toBe(false);
  });

  it('names what is wrong with a plan', () => {
    expect(planProblem({ requirements: [] })).toMatch(/at least one/);
    expect(planProblem({ requirements: [{ capability: 'teleport', count: 1 }] })).toMatch(/unknown capability/);
    expect(planProblem({ requirements: [{ capability: 'water', count: 0 }] })).toMatch(/count must be/);
    expect(planProblem({ requirements: [{ capability: 'water', count: 1.5 }] })).toMatch(/count must be/);
    expect(
      planProblem({
        requirements: [
          { capability: 'water', count: 1 },
          { capability: 'water', count: 2 },
        ],
      }),
    ).toMatch(/listed twice/);
    expect(planProblem({ requirements: [{ capability: 'water', count: 1 }] }, [{ capability: 'water', count: 2 }])).toMatch(/less than the level below/);
  });
});

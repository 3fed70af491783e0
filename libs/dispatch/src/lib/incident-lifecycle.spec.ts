import { duplicateCandidates, incidentMoveProblem, OpenIncident, reopenProblem, REOPEN_GRACE_S } from './incident-lifecycle';

describe('incident lifecycle', () => {
  it('allows only the forward moves (and a flare-up back on scene)', () => {
    expect(incidentMoveProblem('new', 'dispatched')).toBeNull();
    expect(incidentMoveProblem('under_control', 'on_scene')).toBeNull();
    expect(incidentMoveProblem('new', 'on_scene')).toMatch(/cannot go from new to on_scene/);
    expect(incidentMoveProblem('closed', 'new')).toMatch(/allowed: none/);
  });
});

describe('reopening a closed incident', () => {
  const now = Date.UTC(2026, 11, 2, 8);
  it('is allowed within the grace period only', () => {
    expect(reopenProblem({ state: 'closed', closedAt: now - 60_000, mergedInto: null }, now)).toBeNull();
    expect(reopenProblem({ state: 'closed', closedAt: now - REOPEN_GRACE_S * 1000 - 1, mergedInto: null }, now)).toMatch(/more than 30 minutes ago/);
    expect(reopenProblem({ state: 'closed', closedAt: null, mergedInto: null }, now)).toMatch(/more than/);
  });
  it('is refused for an open incident and for a merged duplicate', () => {
    expect(reopenProblem({ state: 'on_scene', closedAt: null, mergedInto: null }, now)).toMatch(/is on_scene, not closed/);
    expect(reopenProblem({ state: 'closed', closedAt: now, mergedInto: 7 }, now)).toMatch(/merged into incident 7/);
  });
});

describe('duplicate alarms', () => {
  const now = Date.UTC(2026, 10, 29, 8);
  const open: OpenIncident[] = [
    { id: 1, type: 'building_fire', lonLat: [115.89, 28.68], reportedAt: now - 300_000, state: 'dispatched' },
    { id: 2, type: 'traffic', lonLat: [115.891, 28.68], reportedAt: now - 60_000, state: 'new' },
    { id: 3, type: 'building_fire', lonLat: [115.95, 28.68], reportedAt: now - 60_000, state: 'new' },
    { id: 4, type: 'building_fire', lonLat: [115.8901, 28.68], reportedAt: now - 3 * 3600_000, state: 'on_scene' },
    { id: 5, type: 'flood', lonLat: [115.9, 28.69], reportedAt: now - 60_000, state: 'new' },
  ];
  it('flags compatible open incidents nearby and recent, nearest first', () => {
    const d = duplicateCandidates({ type: 'high_rise_fire', lonLat: [115.8908, 28.68], reportedAt: now }, open);
    expect(d.map((x) => x.id)).toEqual([2, 1]); // 3 too far, 4 too old, 5 not compatible
  });
  it('uses a wider radius for disasters', () => {
    expect(duplicateCandidates({ type: 'earthquake', lonLat: [115.91, 28.69], reportedAt: now }, open).map((x) => x.id)).toEqual([5]);
  });
});

import type { IncidentSummary } from './desk-contract';
import { byUrgency } from './queue-order';

const at = (min: number) => new Date(Date.UTC(2026, 11, 2, 8, min)).toISOString();
const i = (id: number, state: IncidentSummary['state'], level: IncidentSummary['level'], min: number, trapped?: number) => ({
  id,
  state,
  level,
  reportedAt: at(min),
  callFacts: trapped === undefined ? {} : { trapped },
});

describe('the queue by urgency', () => {
  it('puts calls waiting for dispatch first, then level, then people trapped, then the longest wait; closed last, newest first', () => {
    const list = [
      i(1, 'dispatched', 4, 0),
      i(2, 'new', 1, 1),
      i(3, 'new', 2, 5),
      i(4, 'new', 2, 3),
      i(5, 'new', 2, 9, 3),
      i(6, 'closed', 5, 2),
      i(7, 'closed', 1, 8),
      i(8, 'on_scene', 4, 7, 2),
    ];
    expect(byUrgency(list).map((x) => x.id)).toEqual([5, 4, 3, 2, 8, 1, 7, 6]);
  });
  it('does not change the list it is given', () => {
    const list = [i(1, 'dispatched', 1, 0), i(2, 'new', 1, 1)];
    byUrgency(list);
    expect(list.map((x) => x.id)).toEqual([1, 2]);
  });
});

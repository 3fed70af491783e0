import { canTransition, statusChangeProblem, UNIT_STATUSES, allowedNextStatuses } from './unit-status';

describe('unit status machine', () => {
  it('lets an available unit be dispatched, and a dispatched one go en route', () => {
    expect(canTransition('available', 'dispatched')).toBe(true);
    expect(canTransition('dispatched', 'en_route')).toBe(true);
    expect(canTransition('en_route', 'on_scene')).toBe(true);
    expect(canTransition('on_scene', 'returning')).toBe(true);
    expect(canTransition('returning', 'available')).toBe(true);
  });

  it('refuses to take a unit on scene out of service or to send an out-of-service unit', () => {
    expect(statusChangeProblem('on_scene', { to: 'out_of_service', reason: 'pump fault' })).toMatch(/cannot go from on_scene/);
    expect(statusChangeProblem('out_of_service', { to: 'dispatched' })).toMatch(/allowed: available/);
  });

  it('needs a reason to go out of service', () => {
    expect(statusChangeProblem('available', { to: 'out_of_service' })).toMatch(/needs a reason/);
    expect(statusChangeProblem('available', { to: 'out_of_service', reason: '  ' })).toMatch(/needs a reason/);
    expect(statusChangeProblem('available', { to: 'out_of_service', reason: '水泵检修' })).toBeNull();
  });

  it('treats a move to the same status as a problem, not a silent success', () => {
    expect(statusChangeProblem('available', { to: 'available' })).toMatch(/already/);
  });

  it('leaves every status a way back to available', () => {
    for (const s of UNIT_STATUSES) {
      if (s === 'available') continue;
      const reach = new Set<string>([s]);
      let frontier = [s] as string[];
      while (frontier.length) {
        frontier = frontier.flatMap((f) => allowedNextStatuses(f as typeof s)).filter((n) => !reach.has(n) && reach.add(n));
      }
      expect(reach.has('available')).toBe(true);
    }
  });
});

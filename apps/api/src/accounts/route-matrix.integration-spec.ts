import { signedInApp, SignedInApp, Who } from '../../test/signed-in-app';

/**
 * Every operation of the OpenAPI document × anonymous, admin, dispatcher, commander and a tablet,
 * signed in: 401 without a login, 403 for a role the route does not allow, through the door otherwise.
 * A route the document has and the matrix lacks fails the test until it is classified (docs/SECURITY.md).
 */
describe('access: role × every route, with sign-in required', () => {
  let env: SignedInApp;
  beforeAll(async () => {
    env = await signedInApp();
  });
  afterAll(async () => {
    await env?.close();
  });
  const call = (who: Who, method: string, path: string, body?: unknown) => env.call(who, method, path, body);

  it('role × every route of the OpenAPI document: 401 without a login, 403 for a role the route does not allow, through the door otherwise', async () => {
    type Role = 'admin' | 'dispatcher' | 'commander' | 'unit';
    const ALL: Role[] = ['admin', 'dispatcher', 'commander', 'unit'];
    const CONSOLES: Role[] = ['admin', 'dispatcher', 'commander'];
    const DISPATCH: Role[] = ['admin', 'dispatcher'];
    // the matrix, route by route (docs/SECURITY.md): a route the document has and this table lacks fails the test until it is classified
    const MATRIX: Record<string, Role[] | 'public' | 'platform'> = {
      'GET /api/health': 'public',
      'GET /api/console-config': 'public',
      'GET /api/admin-areas': 'public',
      'GET /api/basemap/water': 'public',
      'GET /api/tiles/{layer}/{z}/{x}/{y}.mvt': 'public',
      'GET /api/roads/regions': 'public',
      'GET /api/metrics': 'public',
      'POST /api/auth/login': 'public',
      'POST /api/auth/refresh': 'public',
      'POST /api/live/demo-token': 'public',
      'POST /api/auth/logout': ALL,
      'GET /api/auth/me': ALL,
      'GET /api/places': ALL,
      'GET /api/places/reverse': ALL,
      'GET /api/places/sources': ALL,
      'POST /api/places/import': ['admin'],
      'GET /api/key-units': ALL,
      'GET /api/key-units/near': ALL,
      'POST /api/key-units': DISPATCH,
      'GET /api/stations': ALL,
      'GET /api/units': ALL,
      'POST /api/units/search': ALL,
      'GET /api/org': ALL,
      'GET /api/units/{id}': ALL,
      'POST /api/units/{id}/status': ['admin', 'dispatcher', 'unit'],
      'GET /api/units/{id}/orders': ALL,
      'GET /api/water-sources': ALL,
      'GET /api/water-sources/nearest': ALL,
      'POST /api/avl/positions': ['admin', 'unit'],
      'GET /api/avl/live': ALL,
      'GET /api/roads/snap': ALL,
      'POST /api/routes': ALL,
      'POST /api/routes/travel-times': ALL,
      'GET /api/roads/closures': ALL,
      'POST /api/roads/closures': CONSOLES,
      'POST /api/roads/closures/{id}/reopen': CONSOLES,
      'GET /api/response-plans': ALL,
      'PUT /api/response-plans/{type}/{level}': ['admin'],
      'POST /api/roster/{kind}': ['admin'],
      'GET /api/incidents': CONSOLES,
      'GET /api/incidents/{id}': CONSOLES,
      'POST /api/incidents/{id}/recommendation': CONSOLES,
      'POST /api/incidents': DISPATCH,
      'POST /api/incidents/{id}/assignments': DISPATCH,
      'POST /api/incidents/{id}/release': DISPATCH,
      'POST /api/incidents/{id}/state': DISPATCH,
      'POST /api/incidents/{id}/reopen': DISPATCH,
      'POST /api/incidents/{id}/level': DISPATCH,
      'POST /api/incidents/{id}/merge': DISPATCH,
      'GET /api/alerts': CONSOLES,
      'POST /api/alerts/{id}/dismiss': DISPATCH,
      // 智赣119 platforms push with their own key (X-IoT-Key): no login opens it, every one gets 401
      'POST /api/iot/messages': 'platform',
      'POST /api/iot/devices': ['admin'],
      'GET /api/iot/alarms': CONSOLES,
      'GET /api/iot/alarms/{id}': CONSOLES,
      'POST /api/iot/alarms/{id}/confirm': DISPATCH,
      'POST /api/iot/alarms/{id}/cancel': DISPATCH,
      'GET /api/iot/troubles': CONSOLES,
      'GET /api/iot/cells': CONSOLES,
      'GET /api/stats': CONSOLES,
      'GET /api/stats/export': CONSOLES,
      'GET /api/stats/history': CONSOLES,
      'POST /api/stats/history/{batch}': ['admin'],
      'DELETE /api/stats/history/{batch}': ['admin'],
      'GET /api/stats/calibration': CONSOLES,
      'POST /api/stats/calibration': ['admin'],
      'GET /api/coverage/report': CONSOLES,
      'GET /api/coverage/stations/{id}/reach': CONSOLES,
      'POST /api/coverage/siting': CONSOLES,
      'POST /api/coverage/siting/evaluate': CONSOLES,
      'GET /api/coverage/hydrants': CONSOLES,
      'GET /api/coverage/first-engine': CONSOLES,
      'POST /api/coverage/area': CONSOLES,
      'GET /api/coverage/hydrants/gaps': CONSOLES,
      'POST /api/coverage/hydrants/siting': CONSOLES,
      'POST /api/drills': ['admin', 'commander'],
      'GET /api/drills': CONSOLES,
      'GET /api/drills/results': CONSOLES,
      'GET /api/drills/{id}': CONSOLES,
      'POST /api/drills/{id}/fire': ['admin', 'commander'],
      'POST /api/drills/{id}/cancel': ['admin', 'commander'],
      // other agencies: their door is signed with their own key (docs/INTEROP.md), never a login
      'POST /api/partners/inbox/eido': 'platform',
      'POST /api/partners/inbox/simple': 'platform',
      'GET /api/partners/incidents/{id}/eido': 'platform',
      'GET /api/partners': CONSOLES,
      'GET /api/partners/exchanges': ['admin'],
      'GET /api/incidents/{id}/partners': CONSOLES,
      'POST /api/incidents/{id}/partner-requests': CONSOLES,
      'POST /api/incidents/{id}/partner-requests/{linkId}/cancel': CONSOLES,
      'GET /api/incidents/{id}/eido': CONSOLES,
      'POST /api/eido/import': DISPATCH,
      'GET /api/incidents/{id}/cap-alerts': CONSOLES,
      'POST /api/incidents/{id}/cap-alerts': ['admin', 'commander'],
      'POST /api/cap-alerts/{id}/approve': ['admin', 'commander'],
      'POST /api/cap-alerts/{id}/discard': ['admin', 'commander'],
      'GET /api/cap/feed.atom': 'public',
      'GET /api/cap/alerts/{file}': 'public',
    };
    const doc = (await (await fetch(`${env.app.url}/api/docs-json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    expect(operations.filter((o) => !(o in MATRIX))).toEqual([]);
    const principals: Array<[Who, Role | null]> = [
      ['anonymous', null],
      ['admin', 'admin'],
      ['nc_dispatcher', 'dispatcher'],
      ['commander', 'commander'],
      ['unit', 'unit'],
    ];
    const wrong: string[] = [];
    let requests = 0;
    for (const op of operations) {
      const [method, template] = op.split(' ');
      // nothing may happen through the door: ids that do not exist, a body with a field no route takes (400 after the door)
      const path = template
        .replace('/api', '')
        .replace('{layer}', 'roads')
        .replace('{type}', 'building_fire')
        .replace('{level}', '1')
        .replace('{kind}', 'stations')
        .replace(/\{[^}]+\}/g, '999999');
      const allowed = MATRIX[op];
      for (const [who, role] of principals) {
        if (op === 'POST /api/auth/logout' && who !== 'anonymous') continue; // it would end the session the other cases use
        const r = await call(who, method, path, method === 'GET' ? undefined : { matrixProbe: 1 });
        requests++;
        // a tablet through the door still acts for its own unit only: unit 999999 is not its own
        const ownUnitOnly = role === 'unit' && op === 'GET /api/units/{id}/orders';
        const expected =
          allowed === 'public' ? 'through' : allowed === 'platform' || role === null ? 401 : allowed.includes(role) && !ownUnitOnly ? 'through' : 403;
        const got = r.status === 401 || r.status === 403 ? r.status : 'through';
        if (r.status >= 500 || got !== expected) wrong.push(`${who} ${op}: ${r.status}, expected ${expected} (${r.message.slice(0, 80)})`);
      }
    }
    expect(wrong).toEqual([]);
    expect(requests).toBeGreaterThan(200);
  });
});

import type { Browser, Page } from 'playwright-core';
import { artefactPath, SpawnedApi, startDemoConsole, stopDemoConsole, TestDb } from '@gan119/testing';

type Drill = {
  id: number;
  state: string;
  units: Array<{ unitId: number; outcome: string; score: { score: number | null; turnoutS: number | null; rolledBy: string | null } }>;
};

/**
 * 演练 end to end in the browser: the commander orders a drill at a station drawn at random; the
 * tablet of a drilled unit shows it apart from real orders (演练, its own buttons), the crew presses
 * 收到演练, 演练出动 and 到达演练点 in that order; the 演练 view shows the unit's times and score, and
 * the league tables; a real incident for a drilled unit stops its drill on the tablet.
 */
describe('console: 演练 — a 三随三实 drill from the commander to the tablet and back', () => {
  let db: TestDb;
  let api: SpawnedApi;
  let browser: Browser;
  let commander: Page;
  let tablet: Page;
  const errors: string[] = [];
  const get = async <T>(path: string) => (await (await fetch(`${api.url}/api${path}`)).json()) as T;

  beforeAll(async () => {
    ({ db, api, browser } = await startDemoConsole({ roads: 'small' }));
    commander = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    commander.on('pageerror', (e) => errors.push(e.message));
    await commander.goto(`${api.url}/?view=drills`);
    await commander.waitForFunction(() => document.body.dataset.drillsLoaded !== undefined, undefined, { timeout: 60000 });
  });
  afterAll(() => stopDemoConsole({ db, api, browser }));

  it('orders a drill at a random station; the tablet shows it marked 演练 and the crew is timed by its buttons', async () => {
    expect(await commander.textContent('#drill-form')).toContain('随机抽取消防站');
    await commander.click('#drill-submit');
    await commander.waitForFunction(() => /演练已下达/.test(document.querySelector('#drill-result')?.textContent ?? ''), undefined, { timeout: 30000 });
    const id = Number((await commander.textContent('#drill-result'))?.match(/#(\d+)/)?.[1]);
    const drill = await get<Drill>(`/drills/${id}`);
    expect(drill.state).toBe('live');
    const unitId = drill.units[0].unitId;

    tablet = await browser.newPage({ viewport: { width: 800, height: 1100 } });
    tablet.on('pageerror', (e) => errors.push(e.message));
    await tablet.goto(`${api.url}/?view=tablet&unit=${unitId}`);
    await tablet.waitForSelector('#drill-card', { timeout: 30000 });
    expect(await tablet.textContent('#drill-card')).toContain('演练指令（非实战）');
    // no real order: the real order card says so, apart from the drill
    expect(await tablet.locator('#no-order').count()).toBe(1);
    await tablet.screenshot({ path: artefactPath('tablet-drill.zh.png') });
    // a crew that presses the real 出动 for the drill is told to use the drill's buttons (its real status does not move)
    await tablet.click('button[data-to="en_route"]');
    await tablet.waitForSelector('#tablet-note');
    expect(await tablet.textContent('#tablet-note')).toContain('演练按钮');
    for (const step of ['ack', 'en_route', 'on_scene']) {
      await tablet.click(`#drill-card button[data-step="${step}"]`);
      if (step !== 'on_scene') await tablet.waitForSelector(`#drill-card button[data-step="${step}"]:disabled`);
    }
    await tablet.waitForSelector('#drill-ended', { timeout: 30000 });
    expect(await tablet.textContent('#drill-ended')).toContain('演练到达');
    const done = await get<Drill>(`/drills/${id}`);
    const mine = done.units.find((u) => u.unitId === unitId)!;
    expect(mine.outcome).toBe('arrived');
    expect(mine.score.rolledBy).toBe('status');
    expect(mine.score.score).not.toBeNull();
    // the real status of the unit never moved
    expect((await get<{ status: string }>(`/units/${unitId}`)).status).toBe('available');
  });

  it('shows the drill’s units with their times and scores, and the league tables by 支队 and station', async () => {
    await commander.waitForFunction(
      () => !!document.querySelector('.drill-live table') && /已到达/.test(document.querySelector('.drill-live')?.textContent ?? ''),
      undefined,
      {
        timeout: 30000,
      },
    );
    await commander.waitForFunction(() => (document.querySelectorAll('#drills-league tbody tr').length ?? 0) > 0, undefined, { timeout: 30000 });
    expect(await commander.textContent('#drills-league thead')).toContain('达标率');
    expect(await commander.locator('#drills-worst tbody tr').count()).toBeGreaterThan(0);
    await commander.screenshot({ path: artefactPath('drills.zh.png') });
    await commander.click('#lang-toggle');
    await commander.waitForFunction(() => /Pass rate/.test(document.querySelector('#drills-league thead')?.textContent ?? ''));
    expect(await commander.textContent('#drill-form')).toContain('Stations drawn at random');
    await commander.click('#lang-toggle');
  });

  it('a real incident takes a drilled unit: its tablet drops the drill and says why', async () => {
    const r = await fetch(`${api.url}/api/drills`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ random: { count: 1 } }),
    });
    expect(r.status).toBe(201);
    const { id } = (await r.json()) as { id: number };
    const unitId = (await get<Drill>(`/drills/${id}`)).units[0].unitId;
    await tablet.goto(`${api.url}/?view=tablet&unit=${unitId}`);
    await tablet.waitForSelector('#drill-card', { timeout: 30000 });
    const call = await fetch(`${api.url}/api/incidents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'building_fire', level: 1, location: { lon: 115.8873, lat: 28.6799, crs: 'WGS84' }, source: 'phone' }),
    });
    const incident = ((await call.json()) as { incident: { id: number } }).incident.id;
    const assigned = await fetch(`${api.url}/api/incidents/${incident}/assignments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ units: [{ unitId, capability: 'water' }] }),
    });
    expect(assigned.status).toBe(201);
    await tablet.waitForSelector('#drill-ended', { timeout: 30000 });
    expect(await tablet.textContent('#drill-ended')).toContain('实战警情');
    await tablet.waitForSelector('#order-card', { timeout: 30000 });
    expect(await tablet.locator('#drill-card').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});

import type { Browser } from 'playwright-core';
import { artefactPath, SpawnedApi, startDemoConsole, stopDemoConsole, TestDb } from '@gan119/testing';

describe('console: the Jiangxi map with the offline road basemap, served by the API', () => {
  let db: TestDb;
  let api: SpawnedApi;
  let browser: Browser;

  beforeAll(async () => {
    ({ db, api, browser } = await startDemoConsole({ roads: 'small' }));
  });
  afterAll(() => stopDemoConsole({ db, api, browser }));

  it('draws the province, its 11 cities and 100 counties without any request leaving this machine', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const outside: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(api.url) && !r.url().startsWith('data:')) outside.push(r.url());
    });
    await page.goto(`${api.url}/`);
    await page.waitForFunction(() => document.body.dataset.boundaries, null, { timeout: 30000 });
    expect(await page.evaluate(() => document.body.dataset.boundaries)).toBe('1,11,100');
    expect(await page.textContent('#app-title')).toBe('赣119 应急救援调度指挥');
    // the road basemap comes from the API's own vector tiles, and says it is synthetic
    await page.waitForFunction(() => Number(document.body.dataset.roadTiles) > 0, null, { timeout: 30000 });
    expect(await page.evaluate(() => document.body.dataset.roadTileErrors)).toBe('0');
    expect(await page.textContent('#data-note')).toMatch(/合成演示路网/);
    // the demo roster: stations and every unit on the map
    await page.waitForFunction(() => Number(document.body.dataset.stations) > 200 && Number(document.body.dataset.units) > 1000, null, { timeout: 30000 });
    await page.screenshot({ path: artefactPath('console-province-zh.png') });

    await page.click('#lang-toggle');
    expect(await page.textContent('#app-title')).toMatch(/Dispatch & Command/);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(outside).toEqual([]);
  });

  it('shows the streets, stations, units and hydrants of Nanchang when zoomed in', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const tiles: number[] = [];
    const water: number[] = [];
    page.on('response', (r) => {
      if (r.url().includes('/api/tiles/roads/')) tiles.push(r.status());
      if (r.url().includes('/api/tiles/water/')) water.push(r.status());
    });
    await page.goto(`${api.url}/#zoom=14&lon=115.8873&lat=28.6799`);
    await page.waitForFunction(() => Number(document.body.dataset.roadTiles) >= 4, null, { timeout: 30000 });
    // the hydrant tiles come in beside the roads, not necessarily as soon (under load, later)
    for (const deadline = Date.now() + 15000; water.length === 0 && Date.now() < deadline;) await page.waitForTimeout(100);
    await page.waitForTimeout(500);
    // every tile answered (204 = nothing in that tile), and the streets came in some of them
    expect(tiles.filter((s) => s === 200 || s === 204).length).toBeGreaterThanOrEqual(4);
    expect(tiles.filter((s) => s === 200).length).toBeGreaterThanOrEqual(1);
    expect(tiles.filter((s) => s >= 400)).toEqual([]);
    expect(water.length).toBeGreaterThan(0);
    expect(water.filter((s) => s >= 400)).toEqual([]);
    await page.screenshot({ path: artefactPath('console-nanchang-streets.png') });
  });
});

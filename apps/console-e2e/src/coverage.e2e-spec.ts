import type { Browser, Page } from 'playwright-core';
import { readFileSync } from 'fs';
import { artefactPath, SpawnedApi, startDemoConsole, stopDemoConsole, TestDb } from '@gan119/testing';

/**
 * 覆盖分析 in the browser against the real app, as a planner reads it: the province's share of road
 * within 3/5/8/10 minutes of a station, counties coloured on the map, the least covered counties and
 * the places beyond 5 minutes listed, turnout counted or not, the map's threshold changed, in English.
 */
describe('console: 覆盖分析 — the stations’ reach on the roads', () => {
  let db: TestDb;
  let api: SpawnedApi;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  const settled = (turnout: string) =>
    page.waitForFunction((t) => document.body.dataset.coverageTurnout === t && !document.body.dataset.coverageLoading, turnout, { timeout: 60000 });
  const share = async (id: string) => Number((await page.textContent(`#${id} b`))?.replace('%', ''));

  beforeAll(async () => {
    ({ db, api, browser } = await startDemoConsole({ roads: 'small' }));
    page = await browser.newPage({ viewport: { width: 1600, height: 1000 }, acceptDownloads: true });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${api.url}/?view=coverage`);
    await settled('excluded');
  });
  afterAll(() => stopDemoConsole({ db, api, browser }));

  it('shows the province within each threshold, the counties least covered first, and the places beyond 5 minutes on the map', async () => {
    const within = [await share('coverage-road-180'), await share('coverage-road-300'), await share('coverage-road-480'), await share('coverage-road-600')];
    expect(within[1]).toBeGreaterThan(0);
    for (let k = 1; k < 4; k++) expect(within[k]).toBeGreaterThanOrEqual(within[k - 1]);
    expect(await page.locator('#coverage-county tbody tr').count()).toBeGreaterThan(50);
    expect(await page.locator('#coverage-city tbody tr').count()).toBe(11);
    expect(await page.textContent('#coverage-county thead')).toContain('5分钟内');
    const outside = await page.locator('#coverage-outside tbody tr').count();
    expect(outside).toBeGreaterThan(0);
    // the same places are dots on the map
    expect(await page.evaluate(() => Number(document.body.dataset.coverageDots))).toBeGreaterThanOrEqual(outside);
    expect(await page.textContent('#coverage-outside h3')).toContain(`(${await page.evaluate(() => document.body.dataset.coverageDots)})`);
    expect(await page.textContent('#coverage-legend')).toContain('5分钟以外的场所');
    await page.screenshot({ path: artefactPath('coverage.zh.png') });
  });

  it('covers less with turnout counted, and repaints the map at another threshold', async () => {
    const driving = await share('coverage-road-300');
    await page.click('#coverage-controls button[data-turnout="included"]');
    await settled('included');
    expect(await share('coverage-road-300')).toBeLessThan(driving);
    await page.click('#coverage-controls button[data-threshold="3"]');
    await page.waitForFunction(() => document.body.dataset.coverageThreshold === '600');
    expect(await page.locator('#coverage-controls button[data-threshold="3"].active').count()).toBe(1);
  });

  it('draws a station’s reach when picked on the map: four nested areas and the road each reaches', async () => {
    const id = '2';
    await page.goto(`${api.url}/?view=coverage&station=${id}`);
    await page.waitForFunction((s) => document.body.dataset.coverageStation === s, id, { timeout: 60000 });
    expect(await page.locator('#coverage-station tbody tr').count()).toBe(4);
    const km = await page.$$eval('#coverage-station tbody tr td:nth-child(2)', (tds) => tds.map((td) => Number(td.textContent)));
    for (let k = 1; k < 4; k++) expect(km[k]).toBeGreaterThanOrEqual(km[k - 1]);
    await page.screenshot({ path: artefactPath('coverage-station.zh.png') });
    // the map is centred on the station: a click there picks it again
    await page.evaluate(() => delete document.body.dataset.coverageStation);
    const box = (await page.locator('#map').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.waitForFunction((s) => document.body.dataset.coverageStation === s, id, { timeout: 30000 });
    await settled('excluded');
  });

  it('proposes sites for new stations, numbered on the map; a site dragged elsewhere is scored again; the table exports', async () => {
    const sited = () =>
      page.waitForFunction(() => document.body.dataset.sitingCount !== undefined && !document.body.dataset.sitingLoading, null, { timeout: 60000 });
    await page.fill('#siting-n', '3');
    await page.click('#siting-run');
    await sited();
    expect(await page.locator('#coverage-siting tbody tr').count()).toBe(3);
    expect(await page.textContent('#siting-summary')).toMatch(/5分钟内场所 \d+ → \d+ \/ \d+/);
    const placesAfter = await page.evaluate(() => Number(document.body.dataset.sitingPlaces));
    await page.waitForTimeout(500); // the map moves to show every site
    await page.screenshot({ path: artefactPath('coverage-siting.zh.png') });
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('#coverage-siting button[data-format="csv"]')]);
    const text = readFileSync((await csv.path())!, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text).toContain('新增场所');
    expect(text.trim().split('\n')).toHaveLength(4);
    // the first site to the middle of the map, then dragged away: scored again where it now stands
    await page.click('#coverage-siting tbody tr:first-child');
    await page.waitForTimeout(600);
    const box = (await page.locator('#map').boundingBox())!;
    const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
    await page.evaluate(() => delete document.body.dataset.sitingCount);
    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.mouse.move(x + 60, y + 40, { steps: 5 });
    await page.mouse.move(x + 160, y + 120, { steps: 5 });
    await page.mouse.up();
    await sited();
    expect(await page.textContent('#coverage-siting tbody tr:first-child td:nth-child(2)')).toContain('移动后的站址');
    // what the moved site adds, in its row, and the province's places within 5 minutes with it (a number again, perhaps another)
    expect(await page.textContent('#coverage-siting tbody tr:first-child td:nth-child(4)')).toMatch(/^\d+$/);
    expect(Number.isInteger(await page.evaluate(() => Number(document.body.dataset.sitingPlaces)))).toBe(true);
    expect(placesAfter).toBeGreaterThan(0);
  });

  it('checks the hydrants of the built-up streets: figures, counties least covered first, gaps at street level, new hydrants sited', async () => {
    await page.waitForFunction(() => document.body.dataset.hydrantsLoaded === '1', undefined, { timeout: 60000 });
    expect(await page.textContent('#hydrant-figures')).toContain('150米保护范围内');
    const share = Number((await page.textContent('#hydrant-figures [data-figure="hyWithin150"] b'))?.replace('%', ''));
    expect(share).toBeGreaterThan(0);
    expect(share).toBeLessThan(100);
    const shares = await page.$$eval('#hydrant-county tbody tr td:nth-child(3)', (tds) => tds.map((td) => Number(td.textContent?.replace('%', ''))));
    expect(shares.length).toBeGreaterThan(3);
    expect([...shares].sort((a, b) => a - b)).toEqual(shares);
    await page.fill('#hydrant-k', '20');
    await page.click('#hydrant-site');
    await page.waitForFunction(() => /^\d+$/.test(document.body.dataset.hydrantSiting ?? ''), undefined, { timeout: 60000 });
    expect(await page.evaluate(() => document.body.dataset.hydrantSiting)).toBe('20');
    expect(await page.textContent('#hydrant-status')).toMatch(/已选址 20 · 150米保护范围内 [\d.]+ → [\d.]+ km/);
    // the first site at street level: the gaps around it are drawn
    await page.click('#hydrant-sites tbody tr:first-child');
    await page.waitForFunction(() => Number(document.body.dataset.hydrantGaps ?? 0) > 0, undefined, { timeout: 60000 });
    await page.waitForTimeout(800);
    await page.screenshot({ path: artefactPath('coverage-hydrants.zh.png') });
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('#coverage-hydrants button[data-format="csv"]')]);
    expect(
      readFileSync((await csv.path())!, 'utf8')
        .trim()
        .split('\n'),
    ).toHaveLength(21);
  });

  it('reads in English, and nothing broke on the page', async () => {
    await page.click('#lang-toggle');
    expect(await page.textContent('#coverage-county h3')).toContain('By county');
    expect(await page.textContent('#coverage-controls')).toContain('With turnout');
    // the status lines are written again in English too (they were left in Chinese)
    expect(await page.textContent('#coverage-status')).toMatch(/(Driving only|With turnout) · computed in/);
    expect(await page.textContent('#siting-status')).toMatch(/computed in .* candidate sites/);
    await page.click('#lang-toggle');
    expect(errors).toEqual([]);
  });

  it('covers an area the planner draws on the map: its road within each threshold, its places, the stations nearest', async () => {
    await page.goto(`${api.url}/?view=coverage&station=2`);
    await page.waitForFunction(() => document.body.dataset.coverageStation === '2', undefined, { timeout: 60000 });
    await page.click('#area-draw');
    expect(await page.textContent('#area-status')).toContain('双击结束');
    const box = (await page.locator('#map').boundingBox())!;
    const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
    for (const [dx, dy] of [
      [-150, -120],
      [150, -120],
      [150, 120],
    ]) {
      await page.mouse.click(cx + dx, cy + dy);
      await page.waitForTimeout(150);
    }
    await page.mouse.dblclick(cx - 150, cy + 120);
    await page.waitForFunction(() => !!document.body.dataset.areaRoadKm, undefined, { timeout: 60000 });
    expect(Number(await page.evaluate(() => document.body.dataset.areaRoadKm))).toBeGreaterThan(0);
    expect(await page.locator('#area-table tbody tr').count()).toBe(3);
    expect(await page.textContent('#area-stations')).toMatch(/km/);
    await page.screenshot({ path: artefactPath('coverage-area.zh.png') });
    expect(errors).toEqual([]);
  });
});

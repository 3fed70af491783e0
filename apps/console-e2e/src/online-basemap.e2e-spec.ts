import type { Browser } from 'playwright-core';
import { gcj02Mercator, toMercator } from '@gan119/geo';
import { SpawnedApi, startDemoConsole, stopDemoConsole, TestDb } from '@gan119/testing';

const ORIGIN = 20037508.342789244;
/** The z/x/y tile holding a Web Mercator point. */
const tileOf = ([x, y]: [number, number], z: number) => {
  const size = (2 * ORIGIN) / 2 ** z;
  return `${z}/${Math.floor((x + ORIGIN) / size)}/${Math.floor((ORIGIN - y) / size)}`;
};

/**
 * An optional online basemap (BASEMAP_URL) in GCJ-02 is warped onto the WGS84 data: at street zoom
 * the console asks for the tiles where GCJ-02 draws the place, not where WGS84 would put it. The URL
 * points at a closed local port: nothing is downloaded, the requests are what is checked.
 */
describe('console: an online GCJ-02 basemap lines up with the WGS84 data', () => {
  let db: TestDb;
  let api: SpawnedApi;
  let browser: Browser;
  beforeAll(async () => {
    ({ db, api, browser } = await startDemoConsole({
      roads: 'none',
      env: { BASEMAP_URL: 'http://127.0.0.1:9/gcj/{z}/{x}/{y}.png', BASEMAP_CRS: 'GCJ02', BASEMAP_ATTRIBUTION: '测试底图 test tiles' },
    }));
  });
  afterAll(() => stopDemoConsole({ db, api, browser }));

  it('requests the GCJ-02 tiles of the place in view', async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 400 } }); // the map beside the panel: about 2 × 1.5 tiles of 256 px
    const tiles = new Set<string>();
    page.on('request', (r) => {
      const m = /127\.0\.0\.1:9\/gcj\/(\d+\/\d+\/\d+)\.png/.exec(r.url());
      if (m) tiles.add(m[1]);
    });
    const at: [number, number] = [115.8873, 28.6799];
    await page.goto(`${api.url}/#zoom=18&lon=${at[0]}&lat=${at[1]}`);
    await page.waitForFunction(() => document.body.dataset.basemap === 'GCJ02' && document.body.dataset.zoom === '18', null, { timeout: 30000 });
    const gcjTile = tileOf(gcj02Mercator.fromWgs84(toMercator(at)), 18);
    const wgsTile = tileOf(toMercator(at), 18);
    // the view goes to street zoom once the boundaries are in: wait until those tiles are asked for
    for (let waited = 0; !tiles.has(gcjTile) && waited < 20000; waited += 200) await page.waitForTimeout(200);
    await page.waitForTimeout(500);
    expect(await page.textContent('#attribution')).toMatch(/测试底图/);
    expect(gcjTile).not.toBe(wgsTile); // the shift is several tiles at this zoom
    expect([...tiles]).toContain(gcjTile);
    expect([...tiles]).not.toContain(wgsTile);
  });
});

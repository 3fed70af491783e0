import type { Browser } from 'playwright-core';
import { artefactPath, createTestDb, launchChromium, runApiCli, spawnApi, SpawnedApi, TestDb } from '@gan119/testing';

describe('console: the Jiangxi map, served by the API, offline', () => {
  let db: TestDb;
  let api: SpawnedApi;
  let browser: Browser;

  beforeAll(async () => {
    db = await createTestDb();
    await runApiCli('cli/seed-demo.ts', { DATABASE_URL: db.url });
    api = await spawnApi(db.url);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await api?.stop();
    await db?.drop();
  });

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
    await page.screenshot({ path: artefactPath('console-boundaries-zh.png') });

    await page.click('#lang-toggle');
    expect(await page.textContent('#app-title')).toMatch(/Dispatch & Command/);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(outside).toEqual([]);
  });
});

import type { Browser, Page } from 'playwright-core';
import { readFileSync } from 'fs';
import { artefactPath, SpawnedApi, startDemoConsole, stopDemoConsole, TestDb } from '@gan119/testing';

/**
 * 统计 in the browser against the real app, as a commander reads it: the month's headline times and
 * compliance, trends, the county map, a county and a station picked to narrow it, a table exported as
 * CSV and Excel, a wrong period refused in Chinese, the page in English, and the ETA calibration's check.
 */
describe('console: 统计 — response statistics and the ETA calibration', () => {
  let db: TestDb;
  let api: SpawnedApi;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  const incidents = () => page.evaluate(() => Number(document.body.dataset.statsIncidents));
  const settled = () =>
    page.waitForFunction(() => document.body.dataset.statsIncidents !== undefined && !document.body.dataset.statsLoading, null, { timeout: 30000 });

  beforeAll(async () => {
    ({ db, api, browser } = await startDemoConsole({ roads: 'none', history: 35, calibration: true }));
    page = await browser.newPage({ viewport: { width: 1600, height: 1000 }, acceptDownloads: true });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${api.url}/?view=stats`);
    await settled();
  });
  afterAll(() => stopDemoConsole({ db, api, browser }));

  it('shows the last 30 days: counts, medians with compliance, charts, the county map, marked synthetic', async () => {
    const month = await incidents();
    expect(month).toBeGreaterThan(5000);
    await page.waitForSelector('#kpi-arrival b');
    expect(await page.textContent('#kpi-arrival b')).toMatch(/\d+ 分 \d\d 秒/);
    expect(await page.textContent('#kpi-processing .kpi-share')).toMatch(/≤60s 达标率 \d+\.\d%/);
    expect(await page.textContent('#stats-synthetic')).toContain('合成历史');
    for (const id of ['chart-day', 'chart-share', 'chart-hour', 'chart-calibration']) expect(await page.locator(`#${id} canvas`).count()).toBeGreaterThan(0);
    expect(await page.locator('#stats-county tbody tr').count()).toBeGreaterThan(50);
    await page.screenshot({ path: artefactPath('stats-month.png') });

    await page.click('#stats-filters button:has-text("近7天")');
    await settled();
    const week = await incidents();
    expect(week).toBeGreaterThan(0);
    expect(week).toBeLessThan(month / 2);
  });

  it('narrows to a county picked in its table, then to a station, and shows the filter to clear', async () => {
    const before = await incidents();
    await page.click('#stats-county tbody tr:first-child');
    await settled();
    expect(await page.evaluate(() => document.body.dataset.statsQuery)).toMatch(/county=36\d{4}/);
    const county = await incidents();
    expect(county).toBeLessThan(before);
    expect(county).toBeGreaterThan(0);
    expect(await page.inputValue('#stats-county')).toMatch(/^36\d{4}$/);
    await page.click('#stats-station tbody tr:first-child');
    await settled();
    expect(await page.evaluate(() => document.body.dataset.statsQuery)).toMatch(/station=\d+/);
    expect(await page.textContent('.filter-chip')).toContain('消防站');
    await page.click('.filter-chip button');
    await settled();
    expect(await page.evaluate(() => document.body.dataset.statsQuery)).not.toMatch(/station=/);
  });

  it('exports a table as CSV (Chinese headers, BOM) and as Excel', async () => {
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('#stats-county button[data-format="csv"]')]);
    expect(csv.suggestedFilename()).toMatch(/^gan119-byCounty-.*\.csv$/);
    const text = readFileSync((await csv.path())!, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text).toContain('5分钟到场率');
    const [day] = await Promise.all([page.waitForEvent('download'), page.click('#stats-day button[data-format="csv"]')]);
    expect(day.suggestedFilename()).toMatch(/^gan119-byDay-.*\.csv$/);
    expect(readFileSync((await day.path())!, 'utf8')).toContain('首车到场中位');
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.click('#stats-unit button[data-format="xlsx"]')]);
    expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
    expect(
      readFileSync((await xlsx.path())!)
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');
  });

  it('refuses a backwards period in Chinese and keeps the last figures', async () => {
    const shown = await incidents();
    await page.fill('#stats-from', '2026-12-01');
    await page.fill('#stats-to', '2026-11-01');
    await page.click('#stats-apply');
    await page.waitForFunction(() => /时间范围不对/.test(document.getElementById('stats-status')?.textContent ?? ''), null, { timeout: 10000 });
    expect(await incidents()).toBe(shown);
  });

  it('says on what record the ETA calibration was fitted, with its held-out check beside posted speeds; reads in English', async () => {
    expect(await page.textContent('#calibration-stamp')).toMatch(/基于 SFFD .*的 \d+ 次出动校准/);
    const rows = await page.locator('#calibration-figures tbody tr').allTextContents();
    expect(rows[0]).toMatch(/校准后\s*3\d\.\d 秒/);
    expect(rows[1]).toMatch(/按限速\s*6\d\.\d 秒/);
    await page.evaluate(() => document.getElementById('panel')!.scrollTo(0, 1e6));
    await page.screenshot({ path: artefactPath('stats-calibration.png') });
    await page.click('#lang-toggle');
    await page.waitForFunction(() => document.getElementById('calibration-stamp')?.textContent?.startsWith('Calibrated on'));
    expect(await page.textContent('#views a.current')).toBe('Statistics');
    expect(await page.textContent('#kpi-arrival .kpi-name')).toBe('First arrival');
    await page.click('#lang-toggle');
    expect(errors).toEqual([]);
  });
});

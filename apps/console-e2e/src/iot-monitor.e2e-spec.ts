import type { Browser, Page } from 'playwright-core';
import { Client } from 'pg';
import { artefactPath, SpawnedApi, startDemoConsole, stopDemoConsole, TestDb } from '@gan119/testing';

const KEY = 'demo-iot-key';

/**
 * The monitoring centre in the browser against the real app: smoke alarms arrive live with their
 * countdown and duty contact; the operator cancels one as a false alarm (with why) and confirms the
 * other, which opens on the dispatcher's desk as an IoT incident that is then dispatched.
 */
describe('console: 监控中心 — alarm → verify → desk → dispatch', () => {
  let db: TestDb;
  let api: SpawnedApi;
  let browser: Browser;
  const errors: string[] = [];
  let seq = 0;

  const push = async (deviceId: string) => {
    const r = await fetch(`${api.url}/api/iot/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-iot-key': KEY },
      body: JSON.stringify({ messages: [{ messageId: `e2e-${Date.now()}-${seq++}`, deviceId, kind: 'alarm' }] }),
    });
    expect(r.status).toBe(200);
  };
  /** one smoke detector in each of two buildings near Nanchang's centre (the small road network covers it) */
  const smokeDetectors = async (): Promise<string[]> => {
    const c = new Client({ connectionString: db.url });
    await c.connect();
    try {
      const r = await c.query(
        `SELECT min(d.id) AS id FROM iot_device d JOIN iot_building b ON b.id = d.building_id
          WHERE d.kind = 'smoke' AND b.city_adcode = 360100 GROUP BY b.id ORDER BY b.id LIMIT 2`,
      );
      return r.rows.map((x: { id: string }) => x.id);
    } finally {
      await c.end();
    }
  };
  const open = async (query: string): Promise<Page> => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('pageerror', (e) => errors.push(`${query}: ${e.message}`));
    await page.goto(`${api.url}/${query}`);
    await page.waitForFunction(() => document.body.dataset.live === 'up', null, { timeout: 30000 });
    return page;
  };

  beforeAll(async () => {
    ({ db, api, browser } = await startDemoConsole({ roads: 'small', iotDevices: 20000, env: { ESCALATION_ACK_S: '600', IOT_VERIFY_COUNTDOWN_S: '600' } }));
  });
  afterAll(() => stopDemoConsole({ db, api, browser }));

  it('takes two alarms: one a false alarm with its reason, the other confirmed onto the desk and dispatched', async () => {
    const monitor = await open('?view=monitor#zoom=12&lon=115.89&lat=28.68');
    await monitor.waitForFunction(() => Number(document.body.dataset.iotCells) > 0, null, { timeout: 20000 });
    expect(await monitor.textContent('#iot-summary')).toMatch(/20,000\s*联网终端/);
    const [first, second] = await smokeDetectors();
    await push(first);
    await push(second);
    // live: both cards, each with a countdown and the duty contact's number
    await monitor.waitForFunction(() => document.body.dataset.iotToVerify === '2', null, { timeout: 10000 });
    const card = monitor.locator('#iot-alarms .alarm.to-verify').first();
    expect(await card.textContent()).toMatch(/感烟探测器[\s\S]*未核实将自动确认：\d+:\d\d[\s\S]*值班联系人：消防控制室值班员 1\d{10}/);
    await monitor.waitForTimeout(600);
    await monitor.screenshot({ path: artefactPath('monitor-to-verify.png') });

    // the first: the duty contact says it is cooking smoke
    const firstCard = monitor.locator('#iot-alarms .alarm.to-verify', { hasText: first });
    await firstCard.locator('button.cancel').click();
    await firstCard.locator('select.reason').selectOption('厨房油烟');
    await firstCard.locator('input.note').fill('值班员到场确认');
    await firstCard.locator('button.danger').click();
    await monitor.waitForFunction(() => document.body.dataset.iotToVerify === '1', null, { timeout: 10000 });
    expect(await monitor.textContent('#iot-alarms')).toMatch(/误报 · 调度员 核实 · 厨房油烟：值班员到场确认/);

    // the second: a fire: confirmed, it opens on the desk as an IoT incident
    const desk = await open('?view=dispatch#zoom=13&lon=115.89&lat=28.68');
    const secondCard = monitor.locator('#iot-alarms .alarm.to-verify', { hasText: second });
    const [opened] = await Promise.all([monitor.context().waitForEvent('page'), secondCard.locator('button.confirm').click()]);
    await monitor.waitForFunction(() => document.body.dataset.iotToVerify === '0', null, { timeout: 10000 });
    expect(await monitor.textContent('#iot-alarms')).toMatch(/已确认 · 调度员 核实 → 警情 #\d+/);
    // the desk that was already open heard it (incident:new) and lists it
    await desk.waitForFunction(() => document.querySelector('#queue')?.textContent?.includes('物联网') || Number(document.body.dataset.incidents) > 0, null, {
      timeout: 10000,
    });
    await opened.waitForFunction(() => document.body.dataset.live === 'up', null, { timeout: 30000 });
    await opened.waitForFunction(() => document.body.dataset.recommendation, null, { timeout: 30000 });
    expect(await opened.textContent('#timeline')).toMatch(/物联网报警：.*感烟探测器 · 人工核实确认/);
    // beside the incident: the building, the detector and its floor, whom to call
    await opened.waitForSelector('#incident-iot', { timeout: 10000 }); // drawn when its alarms come, after the incident
    expect(await opened.textContent('#incident-iot')).toMatch(/物联网报警（1）：.+\d+ 层 感烟探测器[\s\S]*值班联系人：消防控制室值班员 1\d{10}/);
    await opened.waitForTimeout(600);
    await opened.screenshot({ path: artefactPath('monitor-confirmed-on-desk.png') });
    await opened.click('#assign');
    await opened.waitForFunction(() => document.body.dataset.assigned, null, { timeout: 20000 });
    expect((await opened.evaluate(() => document.body.dataset.assigned ?? '')).split(',').length).toBeGreaterThanOrEqual(1);
    expect(errors).toEqual([]);
  }, 120000);
});

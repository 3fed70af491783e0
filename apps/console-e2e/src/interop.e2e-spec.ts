import { createHash, createHmac, randomUUID } from 'crypto';
import { Client } from 'pg';
import type { Browser, Page } from 'playwright-core';
import { artefactPath, freePort, runApiCli, SpawnedApi, startDemoConsole, stopDemoConsole, TestDb } from '@gan119/testing';
import { canonicalRequest, SIGNATURE_HEADERS, signatureHeader } from '@gan119/interop';

const PASSWORD = 'commander password 119';
const PARTNER = '360100-110';

/**
 * 联动 and 公众预警 in the browser: 南昌 110 transfers a traffic accident (a signed message, as its own
 * system sends it); the desk hears it and shows it until opened, then its panel names 110 and its
 * number; the dispatcher asks 120 for ambulances and watches the demo 120 acknowledge, roll and
 * arrive; a signed-in commander drafts a public alert from the incident's suggestion, sees its area on
 * the map, and cannot approve their own draft; a second commander approves it and it is in the feed.
 */
describe('console: other agencies and public alerts — a 110 transfer on the desk, a 120 request, a CAP draft', () => {
  let db: TestDb;
  let api: SpawnedApi;
  let browser: Browser;
  let secret = '';
  /** the transferred incident (the first test's) */
  let transferred = 0;
  const errors: string[] = [];

  const signedPost = async (path: string, body: unknown) => {
    const text = JSON.stringify(body);
    const timestamp = new Date().toISOString();
    const key = randomUUID();
    const canonical = canonicalRequest({
      method: 'POST',
      path,
      timestamp,
      idempotencyKey: key,
      bodySha256Hex: createHash('sha256').update(text).digest('hex'),
    });
    const r = await fetch(`${api.url}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [SIGNATURE_HEADERS.partner]: PARTNER,
        [SIGNATURE_HEADERS.timestamp]: timestamp,
        [SIGNATURE_HEADERS.idempotencyKey]: key,
        [SIGNATURE_HEADERS.signature]: signatureHeader(createHmac('sha256', secret).update(canonical).digest('hex')),
      },
      body: text,
    });
    return { status: r.status, body: (await r.json()) as { ourIncidentId: number } };
  };
  const login = async (username: string) =>
    (await (
      await fetch(`${api.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: PASSWORD }),
      })
    ).json()) as {
      accessToken: string;
    };
  const page = async (path: string, session?: unknown): Promise<Page> => {
    const p = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    p.on('pageerror', (e) => errors.push(e.message));
    if (session) await p.addInitScript((s) => sessionStorage.setItem('gan119.session', JSON.stringify(s)), session);
    await p.goto(`${api.url}${path}`);
    await p.waitForFunction(() => document.body.dataset.live === 'up' && Number(document.body.dataset.units) > 1000, null, { timeout: 30000 });
    return p;
  };

  beforeAll(async () => {
    const port = await freePort();
    ({ db, api, browser } = await startDemoConsole({
      roads: 'small',
      env: { DEMO_SIMULATOR: 'true', DEMO_SIMULATOR_SPEED: '60', DEMO_PARTNER_PORT: String(port) },
      prepare: async (seeded) => {
        const make = (args: string[]) => runApiCli('cli/create-user.ts', { DATABASE_URL: seeded.url, GAN119_PASSWORD: PASSWORD }, args);
        await make(['--username', 'cmd-zhang', '--role', 'commander', '--jurisdiction', '360000', '--name', '张指挥']);
        await make(['--username', 'cmd-li', '--role', 'commander', '--jurisdiction', '360000', '--name', '李指挥']);
        const pg = new Client({ connectionString: seeded.url });
        await pg.connect();
        // the demo partners answer on this test's own port
        await pg.query(`UPDATE partner_agency SET endpoint = regexp_replace(endpoint, ':[0-9]+/', ':' || $1 || '/')`, [port]);
        secret = (await pg.query('SELECT secret FROM partner_agency WHERE id = $1', [PARTNER])).rows[0].secret as string;
        await pg.end();
      },
    }));
  });
  afterAll(() => stopDemoConsole({ db, api, browser }));

  it('a 110 transfer sounds on the desk and stays until opened; a 120 request is acknowledged and answered', async () => {
    const desk = await page('/?view=dispatch');
    const sent = await signedPost('/api/partners/inbox/simple', {
      theirIncidentId: 'NC110-20261203-0042',
      updatedAt: new Date().toISOString(),
      type: 'traffic',
      level: 2,
      location: { lon: 115.8561, lat: 28.7425, crs: 'WGS84' },
      address: '昌北机场高速 12 公里处',
      callerNumber: '13900000001',
      note: '两车相撞，一人被困车内',
    });
    expect(sent.status).toBe(201);
    const id = sent.body.ourIncidentId;
    transferred = id;
    await desk.waitForFunction((n) => (document.body.dataset.transfers ?? '').split(',').includes(String(n)), id, { timeout: 10000 });
    expect(await desk.textContent('#transfers')).toContain('南昌市公安局110指挥中心 转警');
    await desk.screenshot({ path: artefactPath('transfer-desk.zh.png') });
    await desk.click(`[data-transfer="${id}"] button.primary`);
    await desk.waitForFunction(
      (n) => document.body.dataset.panelIncident === String(n) && (document.body.dataset.partnerLinks ?? '').includes('acknowledged'),
      id,
      { timeout: 10000 },
    );
    expect(await desk.isVisible('#transfers')).toBe(false);
    expect(await desk.textContent('#partner-links')).toContain('NC110-20261203-0042');

    await desk.selectOption('#partner-kind', 'ambulance');
    await desk.fill('#partner-note', '一人被困，需救护车');
    await desk.click('#partner-send');
    // delivered to the demo 120, acknowledged with its number; its ambulances roll and arrive (the demo's clock ×60)
    await desk.waitForFunction(() => /on_scene/.test(document.body.dataset.partnerLinks ?? ''), null, { timeout: 30000 });
    const links = await desk.textContent('#partner-links');
    expect(links).toContain('南昌市120急救指挥中心');
    expect(links).toContain('对方到场');
    await desk.click('#incident-panel summary');
    await desk.waitForFunction(() => /派救护车/.test(document.querySelector('#timeline')?.textContent ?? ''), null, { timeout: 5000 });
    expect(await desk.textContent('#timeline')).toContain('联动单位转警');
    await desk.$eval('#partner-panel', (e) => e.scrollIntoView());
    await desk.screenshot({ path: artefactPath('partners.zh.png') });
  });

  it('a commander drafts a public alert with its area on the map; the drafter cannot approve it, a second commander does', async () => {
    const id = transferred;
    const zhang = await login('cmd-zhang');
    const me = await page(`/?view=dispatch&incident=${id}`, zhang);
    await me.waitForSelector('#cap-new', { timeout: 15000 });
    await me.click('#cap-new');
    expect(await me.inputValue('#cap-headline')).toContain('请绕行');
    await me.selectOption('#cap-severity', 'Moderate');
    await me.fill('#cap-radius', '1500');
    await me.waitForFunction(() => document.body.dataset.capArea === '1', null, { timeout: 5000 });
    await me.$eval('#cap-panel', (e) => e.scrollIntoView());
    await me.waitForTimeout(1000); // the map settles (the recommendation's routes fit the view)
    await me.screenshot({ path: artefactPath('cap-draft.zh.png') });
    await me.click('#cap-submit');
    await me.waitForFunction(() => /:draft/.test(document.body.dataset.capAlerts ?? ''), null, { timeout: 10000 });
    expect(await me.isDisabled('[data-cap="approve"]')).toBe(true);
    expect(await me.getAttribute('[data-cap="approve"]', 'title')).toBe('本人起草：须另一位指挥员审批');

    const li = await page(`/?view=dispatch&incident=${id}`, await login('cmd-li'));
    await li.waitForSelector('[data-cap="approve"]:not([disabled])', { timeout: 15000 });
    await li.click('[data-cap="approve"]');
    await li.waitForFunction(() => /:published/.test(document.body.dataset.capAlerts ?? ''), null, { timeout: 10000 });
    // the drafter's desk hears it too
    await me.waitForFunction(() => /:published/.test(document.body.dataset.capAlerts ?? ''), null, { timeout: 10000 });
    const feed = await (await fetch(`${api.url}/api/cap/feed.atom`)).text();
    expect(feed).toMatch(/JX119-\d+-1/);
    expect(errors).toEqual([]);
  });
});

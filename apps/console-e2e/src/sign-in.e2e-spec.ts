import type { Browser } from 'playwright-core';
import { artefactPath, runApiCli, SpawnedApi, startDemoConsole, stopDemoConsole, TestDb } from '@gan119/testing';
import { Client } from 'pg';

const PASSWORD = 'browser password 119 ok';

/** With sign-in required: the console asks for it, refuses a wrong password, opens the view, signs out; a unit's login is its tablet. */
describe('console: signing in when the deployment requires it', () => {
  let db: TestDb;
  let api: SpawnedApi;
  let browser: Browser;
  let unit = { id: 0, name: '' };

  beforeAll(async () => {
    ({ db, api, browser } = await startDemoConsole({
      roads: 'small',
      env: { AUTH_REQUIRED: 'true', TOKEN_SECRET: 'sign-in-test-secret-0123456789' },
      prepare: async (seeded) => {
        const pg = new Client({ connectionString: seeded.url });
        await pg.connect();
        unit = (await pg.query(`SELECT u.id, u.name FROM unit u JOIN station s ON s.id = u.station_id WHERE s.city_adcode = 360100 ORDER BY u.id LIMIT 1`))
          .rows[0] as typeof unit;
        await pg.end();
        const make = (args: string[]) => runApiCli('cli/create-user.ts', { DATABASE_URL: seeded.url, GAN119_PASSWORD: PASSWORD }, args);
        await make(['--username', 'nc-dispatcher', '--role', 'dispatcher', '--jurisdiction', '360100', '--name', '南昌调度员']);
        await make(['--username', 'tablet', '--role', 'unit', '--jurisdiction', '360100', '--unit', String(unit.id)]);
      },
    }));
  });
  afterAll(() => stopDemoConsole({ db, api, browser }));

  it('signs a dispatcher in and out, and a unit into its own tablet', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${api.url}/?view=dispatch`);
    await page.waitForSelector('form.sign-in', { timeout: 20000 });
    await page.fill('#username', 'nc-dispatcher');
    await page.fill('#password', 'not it');
    await page.click('#sign-in');
    await page.waitForFunction(() => document.querySelector('#sign-in-error')?.textContent, null, { timeout: 10000 });
    expect(await page.textContent('#sign-in-error')).toBe('wrong username or password');
    await page.fill('#password', PASSWORD);
    await page.click('#sign-in');
    await page.waitForFunction(() => document.body.dataset.live === 'up' && Number(document.body.dataset.units) > 1000, null, { timeout: 30000 });
    expect(await page.textContent('#user')).toMatch(/南昌调度员/);
    expect(await page.isVisible('#call-submit')).toBe(true);
    await page.screenshot({ path: artefactPath('sign-in-dispatcher.png') });
    await page.click('#sign-out');
    await page.waitForSelector('form.sign-in', { timeout: 20000 });

    // the unit's login opens its own tablet, whatever the address says
    await page.goto(`${api.url}/?view=tablet&unit=1`);
    await page.waitForSelector('form.sign-in', { timeout: 20000 });
    await page.fill('#username', 'tablet');
    await page.fill('#password', PASSWORD);
    await page.click('#sign-in');
    await page.waitForSelector('#unit-head', { timeout: 30000 });
    expect(await page.textContent('#unit-head')).toContain(unit.name);
    await page.waitForFunction(() => document.body.dataset.live === 'up', null, { timeout: 10000 });
    expect(errors).toEqual([]);
  });
});

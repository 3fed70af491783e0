import { writeFileSync } from 'fs';
import type { Browser, Page } from 'playwright-core';
import { artefactPath, SpawnedApi, startDemoConsole, stopDemoConsole, TestDb } from '@gan119/testing';

type Call = {
  kind: string;
  /** what the caller says: typed into the address box and found with 定位; null: clicked on the map */
  say: string | null;
  type: string;
  level: number;
  facts?: { trapped?: number; floor?: number; hazard?: string };
  /** a repeat of an earlier call: merged, not dispatched */
  duplicate?: boolean;
  /** a false alarm: closed at once, nothing sent */
  falseAlarm?: boolean;
  /** the first unit's crew: ack then 出动, or 出动 only */
  crew?: 'ack' | 'roll';
};

/** Ten calls in a row, as a dispatcher takes them on a busy shift in 南昌 and 上饶. */
const CALLS: Call[] = [
  { kind: 'building fire, known place', say: '青山湖 人民广场', type: 'building_fire', level: 1, crew: 'ack' },
  { kind: 'the same fire, a second caller', say: '青山湖区人民广场', type: 'building_fire', level: 1, duplicate: true },
  { kind: 'high-rise, people trapped', say: '西湖 人民医院', type: 'high_rise_fire', level: 2, facts: { trapped: 5, floor: 15 }, crew: 'roll' },
  { kind: 'wrong address, then the map', say: null, type: 'traffic', level: 1 },
  { kind: 'level-4 flood, rural county', say: '鄱阳 人民广场', type: 'flood', level: 4 },
  { kind: 'false alarm', say: '安义 第一中学', type: 'other_fire', level: 1, falseAlarm: true },
  { kind: 'hazmat', say: '南昌县 汽车站', type: 'hazmat', level: 1, facts: { hazard: 'chemicals' }, crew: 'roll' },
  { kind: 'traffic, people trapped', say: '新建 中医院', type: 'traffic', level: 1, facts: { trapped: 2 } },
  { kind: 'building fire, pinyin initials', say: 'qypsyxx', type: 'building_fire', level: 1 },
  { kind: 'rescue', say: '东湖 第一中学', type: 'social_assistance', level: 1, crew: 'ack' },
];

/**
 * A whole shift at the desk in Chromium, against the real app with the demo simulator driving the
 * engines at 20× real time: ten calls taken in a row (a duplicate merged, people trapped, a wrong
 * address, a level-4 flood with its assembly point, a false alarm), crews answering on their tablets
 * (some with 确认, some with 出动 only), a crew asking to be released, every incident closed. At the
 * end no unit is on an incident, none is busy, no order escalated, and the desk shows no alert.
 */
describe('console: a whole shift at the desk', () => {
  let db: TestDb;
  let api: SpawnedApi;
  let browser: Browser;
  const errors: string[] = [];
  const timings: Array<{ kind: string; seconds: number; actions: number; units: number }> = [];

  const open = async (query: string, viewport = { width: 1440, height: 900 }): Promise<Page> => {
    const page = await browser.newPage({ viewport });
    page.on('pageerror', (e) => errors.push(`${query}: ${e.message}`));
    await page.goto(`${api.url}/${query}`);
    await page.waitForFunction(() => document.body.dataset.live === 'up' && Number(document.body.dataset.units) > 1000, null, { timeout: 30000 });
    return page;
  };
  const get = async <T>(path: string): Promise<T> => (await (await fetch(`${api.url}/api${path}`)).json()) as T;
  const until = async (what: string, check: () => Promise<boolean>, ms = 120_000) => {
    const end = Date.now() + ms;
    const t0 = Date.now();
    process.stdout.write(`[shift] waiting for ${what}…\n`);
    while (!(await check())) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    process.stdout.write(`[shift] ${what}: ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  };

  beforeAll(async () => {
    ({ db, api, browser } = await startDemoConsole({
      roads: 'small',
      env: { DEMO_SIMULATOR: 'true', DEMO_SIMULATOR_SPEED: '20', ESCALATION_ACK_S: '60', ESCALATION_SWEEP_S: '5' },
    }));
  });
  afterAll(() => stopDemoConsole({ db, api, browser }));

  it('takes ten calls, answers them on tablets, closes them all, and leaves nothing behind', async () => {
    const desk = await open('?view=dispatch#zoom=12&lon=115.90&lat=28.68');
    const commander = await open('?view=command#zoom=11&lon=115.90&lat=28.68');
    const incidents: number[] = [];
    let crewTablet: Page | null = null;

    for (const [k, call] of CALLS.entries()) {
      let actions = 0;
      const act = async (fn: () => Promise<unknown>) => {
        actions++;
        await fn();
      };
      const started = Date.now();
      let aside = 0; // time spent on the crew's tablet, not the desk's

      await desk.evaluate(() => {
        document.body.dataset.recommendation = '';
        document.body.dataset.assigned = '';
      });
      if (call.say) {
        await act(() => desk.fill('#call-address', call.say!));
        await act(() => desk.click('#call-locate'));
        await desk.waitForSelector('#places li button', { timeout: 10000 });
        await act(() => desk.click('#places li button >> nth=0'));
        expect(await desk.inputValue('#call-lon')).not.toBe('');
      } else {
        // the caller gives a street that does not exist: nothing found, so the place comes from the map
        await act(() => desk.fill('#call-address', '南昌市火星路999号'));
        await act(() => desk.click('#call-locate'));
        await desk.waitForSelector('#call-message.error-text', { timeout: 10000 });
        const box = (await desk.locator('#map').boundingBox())!;
        await act(() => desk.mouse.click(box.x + box.width * 0.9, box.y + box.height * 0.12)); // a few km from the last call
        await desk.waitForFunction(() => (document.querySelector('#call-lon') as HTMLInputElement).value !== '', null, { timeout: 5000 });
      }
      await act(() => desk.selectOption('#call-type', call.type));
      if (call.level !== 1) await act(() => desk.selectOption('#call-level', String(call.level)));
      if (call.facts?.trapped) await act(() => desk.fill('#fact-trapped', String(call.facts!.trapped)));
      if (call.facts?.floor) await act(() => desk.fill('#fact-floor', String(call.facts!.floor)));
      if (call.facts?.hazard) await act(() => desk.check(`input[data-hazard="${call.facts!.hazard}"]`));
      await act(() => desk.fill('#call-phone', `1380000${String(k).padStart(4, '0')}`));
      await act(() => desk.click('#call-submit'));
      await desk.waitForFunction(() => !!document.body.dataset.recommendation, null, { timeout: 30000 });
      const id = Number(await desk.evaluate(() => document.body.dataset.recommendation));

      if (call.duplicate) {
        // the desk leads with the merge: nothing ticked, no send button until it is called a separate incident
        await desk.waitForSelector('#duplicate-first', { timeout: 5000 });
        expect(await desk.locator('#assign').count()).toBe(0);
        expect(await desk.locator('#picks input[type=checkbox]:checked').count()).toBe(0);
        await act(() => desk.click(`#duplicate-first button[data-merge="${incidents[0]}"]`));
        await desk.waitForFunction((into) => document.body.dataset.panelIncident === String(into), incidents[0], { timeout: 10000 });
        expect(await desk.inputValue('#call-address')).toBe(''); // the form is ready for the next call
        continue;
      }
      expect(await desk.locator('#duplicate-first').count()).toBe(0);
      incidents.push(id);
      if (call.facts?.trapped) expect(await desk.textContent('#recommendation')).toMatch(/被困/);
      if (call.level === 4 && call.type === 'flood') {
        await desk.waitForSelector('#assembly', { timeout: 10000 });
        expect(await desk.evaluate(() => document.body.dataset.assembly)).toMatch(/^\d+\.\d+,\d+\.\d+$/);
        await desk.screenshot({ path: artefactPath('shift-flood-assembly.png') });
      }
      if (call.falseAlarm) {
        await desk
          .waitForFunction((x) => document.body.dataset.panelIncident === String(x), id, { timeout: 10000 })
          .catch(async (e: Error) => {
            await desk.screenshot({ path: artefactPath('shift-debug.png') });
            throw new Error(`${e.message} id=${id} panel=${await desk.evaluate(() => JSON.stringify(document.body.dataset))}`);
          });
        await act(() => desk.click('#close-incident'));
        await act(() => desk.click('#confirm-close'));
        await desk.waitForSelector(`#incident-panel h2:has-text("已结案")`, { timeout: 10000 });
        continue;
      }
      const picks = await desk.locator('#picks tr[data-unit]').evaluateAll((rows) => rows.map((r) => Number((r as HTMLElement).dataset.unit)));
      if (!picks.length) {
        await desk.screenshot({ path: artefactPath('shift-no-picks.png') });
        throw new Error(
          `call ${k + 1} (${call.kind}): no units proposed: id=${id} ${await desk.evaluate(() => JSON.stringify(document.body.dataset))} later=${await desk.locator('#picks tr[data-unit]').count()}`,
        );
      }
      // the first crew's tablet is already on when the order goes out
      if (call.crew) {
        const t0 = Date.now();
        crewTablet ??= await open(`?view=tablet&unit=${picks[0]}`, { width: 800, height: 1280 });
        await crewTablet.goto(`${api.url}/?view=tablet&unit=${picks[0]}`);
        await crewTablet.waitForFunction(() => document.body.dataset.live === 'up', null, { timeout: 20000 });
        aside = Date.now() - t0;
      }
      await act(() => desk.click('#assign'));
      await desk.waitForFunction(() => !!document.body.dataset.assigned, null, { timeout: 20000 });
      const sent = (await desk.evaluate(() => document.body.dataset.assigned!)).split(',').map(Number);
      timings.push({ kind: call.kind, seconds: (Date.now() - started - aside) / 1000, actions, units: sent.length });
      expect(await desk.inputValue('#call-address')).toBe(''); // cleared for the next call
      expect(Number(await desk.evaluate(() => document.body.dataset.routes))).toBeGreaterThan(0); // the sent units' routes stay drawn

      if (call.crew && crewTablet) {
        await crewTablet.waitForSelector('#order-card', { timeout: 20000 });
        // the simulator's crew may have rolled first (its 出动 acknowledges too): then the buttons are already spent
        if (call.crew === 'ack') await crewTablet.click('#ack:not([disabled])', { timeout: 2000 }).catch(() => undefined);
        await crewTablet.click('button[data-to="en_route"]:not([disabled])', { timeout: 2000 }).catch(() => undefined);
        await crewTablet.waitForSelector('#order-card[data-acked="true"]', { timeout: 10000 });
      }
    }
    expect(timings.length).toBe(8);

    // every incident with units on it: all on scene (the simulator drives them; the first arrival moves the incident)
    const live = incidents.filter((_, i) => !CALLS.filter((c) => !c.duplicate)[i].falseAlarm);
    const flood = incidents[CALLS.filter((c) => !c.duplicate).findIndex((c) => c.type === 'flood')];
    await until('the first units on scene everywhere', async () => {
      for (const id of live) if ((await get<{ state: string }>(`/incidents/${id}`)).state !== 'on_scene') return false;
      return true;
    });
    await commander.click(`#incident-list tr[data-incident="${live[0]}"]`);
    await commander.waitForSelector('#timeline li', { timeout: 10000 });
    expect(await commander.textContent('#timeline')).toMatch(/车辆确认接收/);
    await commander.screenshot({ path: artefactPath('shift-command.png') });

    // a crew that is done presses 可用 while still on the incident: the desk is asked, in words, to release it
    const first = await get<{ assignments: Array<{ unitId: number; unitName: string }> }>(`/incidents/${live[0]}`);
    const crew = first.assignments[0];
    crewTablet ??= await open(`?view=tablet&unit=${crew.unitId}`, { width: 800, height: 1280 });
    await crewTablet.goto(`${api.url}/?view=tablet&unit=${crew.unitId}`);
    await crewTablet.waitForFunction(() => document.body.dataset.live === 'up', null, { timeout: 20000 });
    await crewTablet.click('button[data-to="available"]');
    await crewTablet.waitForSelector('#tablet-note', { timeout: 10000 });
    expect(await crewTablet.textContent('#tablet-note')).toMatch(/已请调度员撤回/);
    await desk.waitForSelector(`#alerts [data-alert-unit="${crew.unitId}"]`, { timeout: 10000 });
    expect(await desk.textContent('#alerts')).toContain(crew.unitName);
    await desk.screenshot({ path: artefactPath('shift-release-request.png') });
    await desk.click(`#alerts [data-alert-unit="${crew.unitId}"] button:has-text("撤回该车")`);
    await desk.waitForFunction(() => document.body.dataset.alerts === '0', null, { timeout: 10000 });
    // the crew's tablet drops the order it was released from, and says so
    await crewTablet.waitForFunction(() => /命令结束/.test(document.querySelector('#tablet-note')?.textContent ?? ''), null, { timeout: 10000 });
    expect(await crewTablet.textContent('#tablet-note')).toContain(`#${live[0]}`);
    await crewTablet.screenshot({ path: artefactPath('shift-tablet-released.png') });

    // close every incident from its panel (the flood too, its far teams turned back)
    for (const id of live) {
      await desk.click(`#queue tr[data-incident="${id}"]`);
      await desk.waitForFunction((x) => document.body.dataset.panelIncident === String(x), id, { timeout: 10000 });
      await desk.click('#close-incident');
      await desk.click('#confirm-close');
      await desk.waitForSelector(`#incident-panel h2:has-text("已结案")`, { timeout: 10000 });
    }
    expect(flood).toBeGreaterThan(0);
    await desk.screenshot({ path: artefactPath('shift-end-desk.png') });

    // nothing left behind: no unit on an incident or busy, no order escalated, no alert on the desk
    await until(
      'every unit home and available',
      async () => {
        const { units } = await get<{ units: Array<{ status: string }> }>('/units?limit=2000');
        return units.every((u) => u.status === 'available' || u.status === 'out_of_service' || u.status === 'in_drill');
      },
      180_000,
    );
    const open_ = await get<{ incidents: unknown[] }>('/incidents');
    expect(open_.incidents).toEqual([]);
    for (const id of incidents) {
      const d = await get<{ assignments: unknown[]; timeline: Array<{ action: string }> }>(`/incidents/${id}`);
      expect(d.assignments).toEqual([]);
      expect(d.timeline.filter((e) => e.action === 'order_unacknowledged')).toEqual([]);
    }
    expect((await get<{ alerts: unknown[] }>('/alerts')).alerts).toEqual([]);
    expect(await desk.evaluate(() => document.body.dataset.alerts)).toBe('0');
    // every coloured chip on the desk and the board reads at WCAG AA (4.5:1)
    for (const page of [desk, commander]) {
      const low = await page.evaluate(() => {
        const lum = (c: string) => {
          const [r, g, b] = (c.match(/\d+/g) ?? ['0', '0', '0'])
            .slice(0, 3)
            .map((v) => Number(v) / 255)
            .map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
          return 0.2126 * r + 0.7152 * g + 0.0722 * b;
        };
        return [...document.querySelectorAll<HTMLElement>('.chip')]
          .map((e) => {
            const [x, y] = [lum(getComputedStyle(e).color), lum(getComputedStyle(e).backgroundColor)].sort((a, b) => b - a);
            return { text: e.textContent, ratio: (x + 0.05) / (y + 0.05) };
          })
          .filter((c) => c.ratio < 4.5);
      });
      expect(low).toEqual([]);
    }
    expect(errors).toEqual([]);
    writeFileSync(artefactPath('shift-timings.json'), JSON.stringify(timings, null, 2));
  }, 600_000);
});

import { standardsDir } from '@gan119/testing';
import { execFileSync } from 'child_process';
import { createHash } from 'crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { signedInApp, SignedInApp, Who } from '../../test/signed-in-app';
import { PartnerStub } from '../../test/partner-stub';
import { waitFor } from '../../test/wait';
import { Db } from '../infra/db/unit-of-work';
import { PartnerRepository } from '../partners/partner.repository';
import { newPartnerSecret } from '../partners/signature';

type Alert = { id: number; identifier: string; state: string; msgType: string; sha256: string | null; approvedBy: string | null };
type Listing = { alerts: Alert[]; suggestion: Record<string, unknown> & { area: { kind: string } } };

const dir = mkdtempSync(join(tmpdir(), 'gan119-cap-'));
/** xmllint's verdict on a document against the OASIS CAP 1.2 schema (read where it is). */
function xsdProblems(xml: string, name: string): string | null {
  const file = join(dir, name);
  writeFileSync(file, xml);
  try {
    execFileSync('xmllint', ['--noout', '--schema', join(standardsDir(), 'CAP-v1.2.xsd'), file], { stdio: 'pipe' });
    return null;
  } catch (e) {
    return String((e as { stderr?: Buffer }).stderr ?? e);
  }
}

/**
 * CAP 1.2 public alerts on the real services, signed in: a commander drafts from the incident's
 * suggestion, cannot approve their own draft, a second person approves; the published alert, its
 * update and its cancellation are valid against the OASIS schema (xmllint), hashed, listed in the Atom
 * feed, and reach the partner that takes public alerts.
 */
describe('CAP alerts: draft, four-eyes approval, feed, update, cancel (real PostgreSQL, xmllint)', () => {
  let env: SignedInApp;
  const secret = newPartnerSecret();
  const stub = new PartnerStub(secret);
  const call = async <T>(who: Who, method: string, path: string, body?: unknown) => {
    const r = await env.call(who, method, path, body);
    return { status: r.status, body: JSON.parse(r.message || 'null') as T & { error?: string; message?: string } };
  };
  const raw = async (path: string) => {
    const r = await fetch(`${env.app.url}/api${path}`);
    return { status: r.status, type: r.headers.get('content-type') ?? '', digest: r.headers.get('digest'), text: await r.text() };
  };
  let incidentId = 0;

  beforeAll(async () => {
    env = await signedInApp();
    await new Db(env.ds).get(PartnerRepository).upsertPartner({
      id: 'jx-emergency',
      kind: 'emergency_mgmt',
      name: '江西省应急管理厅',
      cityAdcode: null,
      endpoint: await stub.start(),
      secret,
      format: 'eido',
      maySend: [],
      mayReceive: ['cap'],
      perMinute: 600,
      active: true,
    });
    const created = await call<{ incident: { id: number } }>('nc_dispatcher', 'POST', '/incidents', {
      type: 'hazmat',
      level: 3,
      location: { lon: 115.8873, lat: 28.6799, crs: 'WGS84' },
      address: '青山湖区某化工厂',
      source: 'phone',
    });
    incidentId = created.body.incident.id;
  }, 240_000);
  afterAll(async () => {
    await env?.close();
    await stub.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('drafts, refuses the drafter’s own approval, publishes on a second person’s, valid against the XSD and in the feed', async () => {
    const listing = await call<Listing>('commander', 'GET', `/incidents/${incidentId}/cap-alerts`);
    expect(listing.body.suggestion).toMatchObject({ severity: 'Severe', area: { kind: 'circle' } });
    const draft = await call<Alert>('commander', 'POST', `/incidents/${incidentId}/cap-alerts`, listing.body.suggestion);
    expect([draft.status, draft.body.state, draft.body.msgType]).toEqual([201, 'draft', 'Alert']);
    // nothing is public yet
    expect((await raw('/cap/feed.atom')).text).not.toContain(draft.body.identifier);
    const own = await call('commander', 'POST', `/cap-alerts/${draft.body.id}/approve`);
    expect([own.status, own.body.error]).toEqual([403, 'four_eyes']);
    expect((await call('nc_dispatcher', 'POST', `/cap-alerts/${draft.body.id}/approve`)).status).toBe(403);
    const ok = await call<Alert>('admin', 'POST', `/cap-alerts/${draft.body.id}/approve`);
    expect([ok.status, ok.body.state, ok.body.approvedBy]).toEqual([201, 'published', 'admin']);

    const doc = await raw(`/cap/alerts/${draft.body.identifier}.xml`);
    expect(doc.type).toContain('application/cap+xml');
    expect(xsdProblems(doc.text, 'alert.xml')).toBeNull();
    expect(doc.text).toContain('<circle>28.679900,115.887300 2.000</circle>');
    expect(doc.text).toContain('<language>zh-CN</language>');
    const sha = createHash('sha256').update(doc.text, 'utf8').digest('hex');
    expect(sha).toBe(ok.body.sha256);
    expect(doc.digest).toBe(`sha-256=${Buffer.from(sha, 'hex').toString('base64')}`);
    const feed = await raw('/cap/feed.atom');
    expect(feed.type).toContain('application/atom+xml');
    expect(feed.text).toContain(`sha256=${sha}`);
    expect(xsdProblems(feed.text, 'feed.xml')).not.toBeNull(); // an Atom feed is not CAP: the check can fail
    execFileSync('xmllint', ['--noout', join(dir, 'feed.xml')]); // but it is well-formed XML
    // the partner that takes public alerts has it, signed, as published
    const got = await waitFor(() => stub.list().find((m) => m.body.includes(draft.body.identifier)), 5000, 'the alert at the partner');
    expect(got.contentType).toContain('application/cap+xml');
    expect(got.body).toBe(doc.text);
  });

  it('updates the area to counties and then cancels: each valid, each superseding the last, the feed ending in the cancellation', async () => {
    const [published] = (await call<Listing>('commander', 'GET', `/incidents/${incidentId}/cap-alerts`)).body.alerts.filter((a) => a.state === 'published');
    const [county] = (await env.ds.query(`SELECT adcode FROM admin_area WHERE level = 'county' AND parent_adcode = 360100 ORDER BY adcode LIMIT 1`)) as Array<{
      adcode: number;
    }>;
    const base = (await call<Listing>('commander', 'GET', `/incidents/${incidentId}/cap-alerts`)).body.suggestion;
    const update = await call<Alert>('commander', 'POST', `/incidents/${incidentId}/cap-alerts`, {
      ...base,
      msgType: 'Update',
      supersedes: published.id,
      headline: '扩大避险范围',
      area: { kind: 'counties', counties: [county.adcode] },
    });
    expect(update.status).toBe(201);
    expect((await call<Alert>('admin', 'POST', `/cap-alerts/${update.body.id}/approve`)).status).toBe(201);
    const u = await raw(`/cap/alerts/${update.body.identifier}.xml`);
    expect(xsdProblems(u.text, 'update.xml')).toBeNull();
    expect(u.text).toContain(`<value>${county.adcode}</value>`);
    expect(u.text).toMatch(new RegExp(`<references>cap@fire\\.jx119\\.cn,${published.identifier},`));

    const cancel = await call<Alert>('commander', 'POST', `/incidents/${incidentId}/cap-alerts`, {
      ...base,
      msgType: 'Cancel',
      supersedes: update.body.id,
      headline: '危化品事故处置完毕，解除避险',
      instruction: '险情已消除，可恢复正常活动。',
    });
    expect((await call<Alert>('admin', 'POST', `/cap-alerts/${cancel.body.id}/approve`)).status).toBe(201);
    const c = await raw(`/cap/alerts/${cancel.body.identifier}.xml`);
    expect(xsdProblems(c.text, 'cancel.xml')).toBeNull();
    expect(c.text).toContain('<msgType>Cancel</msgType>');
    const states = (await call<Listing>('commander', 'GET', `/incidents/${incidentId}/cap-alerts`)).body.alerts.map((a) => [a.msgType, a.state]);
    expect(states).toEqual([
      ['Alert', 'superseded'],
      ['Update', 'superseded'],
      ['Cancel', 'published'],
    ]);
    const feed = (await raw('/cap/feed.atom')).text;
    expect(feed).toContain(cancel.body.identifier);
    expect(feed).not.toContain(`${published.identifier}.xml`);
    // nothing left to cancel
    const again = await call('commander', 'POST', `/incidents/${incidentId}/cap-alerts`, { ...base, msgType: 'Cancel', supersedes: cancel.body.id });
    expect([again.status, again.body.error]).toEqual([409, 'cap_not_in_force']);
  });

  it('refuses bad drafts naming the field, and changes nothing', async () => {
    const base = (await call<Listing>('commander', 'GET', `/incidents/${incidentId}/cap-alerts`)).body.suggestion;
    const before = (await call<Listing>('commander', 'GET', `/incidents/${incidentId}/cap-alerts`)).body.alerts.length;
    const cases: Array<[unknown, number, string]> = [
      [{ ...base, severity: 'Huge' }, 400, 'severity'],
      [{ ...base, area: { kind: 'polygon', ring: [[115, 28]] } }, 400, 'area.ring'],
      [{ ...base, area: { kind: 'circle', center: [115.9, 28.7], radiusM: 5 } }, 400, 'area.radiusM'],
      [{ ...base, area: { kind: 'counties', counties: [360100] } }, 400, 'area.counties'],
      [{ ...base, headline: '' }, 400, 'headline'],
      [{ ...base, msgType: 'Update' }, 400, 'supersedes'],
    ];
    for (const [body, status, field] of cases) {
      const r = await call('commander', 'POST', `/incidents/${incidentId}/cap-alerts`, body);
      expect([field, r.status]).toEqual([field, status]);
      expect(JSON.stringify(r.body)).toContain(field);
    }
    expect((await call('anonymous', 'GET', `/incidents/${incidentId}/cap-alerts`)).status).toBe(401);
    expect((await raw('/cap/alerts/..%2Fetc.xml')).status).toBe(400);
    expect((await call<Listing>('commander', 'GET', `/incidents/${incidentId}/cap-alerts`)).body.alerts.length).toBe(before);
  });
});

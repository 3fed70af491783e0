import { createTestDb, standardsDir, TestDb } from '@gan119/testing';
import { pidfLo } from '@gan119/interop';
import type { ValidateFunction } from 'ajv';
import { randomUUID } from 'crypto';
import { readFileSync } from 'fs';
import { join } from 'path';
import { DataSource } from 'typeorm';
import { DATA_DIR, testDataSource } from '../../test/test-data-source';
import { RunningApp, startApp } from '../../test/test-app';
import { waitFor } from '../../test/wait';
import { newCall } from '../../test/dispatch-helpers';
import { partnerHeaders, PartnerStub } from '../../test/partner-stub';
import { loadDemo } from '../demo/load-demo';
import { Db } from '../infra/db/unit-of-work';
import { eidoProblems, loadEidoValidator } from './eido-validator';
import { PartnerRepository } from './partner.repository';
import { PartnerUpdates } from './partner-updates';
import { newPartnerSecret } from './signature';

const NC = 360100;
type Ack = { ack: string; ourIncidentId: number; linkId: number; merged: boolean; stale: boolean; state: string; error?: string; message?: string };

/** A partner's transfer as its own EIDO system would write it (a 110 centre's traffic accident in Nanchang). */
function partnerEido(theirId: string, lon: number, lat: number, at = new Date().toISOString()) {
  const agency = { $ref: 'nc-110.gov.cn' };
  const p = (id: string) => ({ $id: id, lastUpdateTimeStamp: at, updatedByAgencyReference: agency });
  return {
    ...p(`urn:emergency:uid:incidentid:${theirId}:nc-110.gov.cn`),
    eidoVersion: '1.0',
    issuingElementIdentification: 'cad.nc-110.gov.cn',
    incidentComponent: {
      ...p(`${theirId}:incident`),
      incidentTypeCommonRegistryText: 'Traffic.Collision',
      incidentTypeInternalText: '交通事故（有人被困）',
      incidentStatusCommonRegistryText: ['Received'],
      incidentPriorityInternalText: '2',
      locationReference: [{ $ref: `${theirId}:loc` }],
    },
    agencyComponent: [{ ...p('nc-110.gov.cn'), agencyRoleDescriptionRegistryText: ['CallReceiving'], agencyType: ['police'] }],
    locationComponent: [
      {
        ...p(`${theirId}:loc`),
        locationTypeDescriptionRegistryText: 'Incident',
        locationByValue: pidfLo(theirId, { lon, lat, civic: { country: 'CN', loc: '昌北机场高速 12 公里' } }),
        locationDescriptionText: '昌北机场高速 12 公里',
      },
    ],
    callbackComponent: [{ ...p(`${theirId}:cb`), callBackInformationUri: ['tel:13900000001'] }],
    notesComponent: [{ ...p(`${theirId}:note1`), notesActionComments: '两车相撞，一人被困' }],
  };
}

/**
 * Working with the other agencies on the real services: a 110 transfer lands on the desk (once, merged
 * with our own call about the same place), a 120 request goes out through the outbox to a real HTTP
 * partner and comes back acknowledged, updates flow each way without echo, every EIDO we write is valid
 * against the published schema (read where it is), and bad messages change nothing.
 */
describe('partner agencies: transfers, requests, updates, EIDO (real PostgreSQL, Redis, HTTP partner)', () => {
  let db: TestDb;
  let ds: DataSource;
  let app: RunningApp;
  let validate: ValidateFunction;
  const secrets = { 'nc-110': newPartnerSecret(), 'nc-120': newPartnerSecret() };
  const stub = new PartnerStub(secrets['nc-120']);
  const api = async <T>(method: string, path: string, body?: unknown) => {
    const r = await fetch(`${app.url}/api${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: r.status, body: (await r.json()) as T & { error?: string; message?: string; details?: { problems?: Array<{ field: string }> } } };
  };
  /** A signed message from a partner. */
  const fromPartner = async (partner: keyof typeof secrets, path: string, body: unknown, key = randomUUID(), tamper = false) => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    const headers = partnerHeaders(partner, secrets[partner], `/api/partners/${path}`, tamper ? text + ' ' : text, key);
    const r = await fetch(`${app.url}/api/partners/${path}`, { method: 'POST', headers, body: text });
    return { status: r.status, body: (await r.json()) as Ack, replay: r.headers.get('idempotent-replay') };
  };
  /** The rows a refusal must not add (each table's count, by a fixed statement). */
  const COUNTS = {
    incident: 'SELECT count(*)::int AS n FROM incident',
    partner_link: 'SELECT count(*)::int AS n FROM partner_link',
    partner_inbox: 'SELECT count(*)::int AS n FROM partner_inbox',
  } as const;
  const count = async (table: keyof typeof COUNTS) => ((await ds.query(COUNTS[table])) as Array<{ n: number }>)[0].n;

  beforeAll(async () => {
    validate = loadEidoValidator(standardsDir()).validate;
    db = await createTestDb();
    ds = await testDataSource(db.url);
    await loadDemo(new Db(ds), DATA_DIR, { roads: 'small' });
    const endpoint = await stub.start();
    const partners = new Db(ds).get(PartnerRepository);
    const base = { format: 'eido' as const, perMinute: 600, active: true, cityAdcode: NC };
    await partners.upsertPartner({
      ...base,
      id: 'nc-110',
      kind: '110',
      name: '南昌110',
      endpoint: null,
      secret: secrets['nc-110'],
      maySend: ['incident', 'update'],
      mayReceive: ['update'],
    });
    await partners.upsertPartner({
      ...base,
      id: 'nc-120',
      kind: '120',
      name: '南昌120',
      endpoint,
      secret: secrets['nc-120'],
      maySend: ['update'],
      mayReceive: ['incident', 'update'],
    });
    app = await startApp(db.url);
  }, 240_000);
  afterAll(async () => {
    await app?.close();
    await stub.stop();
    await ds?.destroy();
    await db?.drop();
  });

  it('the test partner’s EIDO is valid against the published schema (repaired as its README says), and an outdated one is not', () => {
    expect(validate(partnerEido('T0', 115.9, 28.68))).toBe(true);
    const sample = (name: string) => JSON.parse(readFileSync(join(standardsDir(), 'eido', 'Samples', name), 'utf8')) as unknown;
    expect(validate(sample('Sample call transfer EIDO.json'))).toBe(true);
    expect(validate(sample('Sample_EIDO.json'))).toBe(false);
    expect(eidoProblems(validate).map((p) => p.field)).toEqual(expect.arrayContaining(['lastUpdateTimeStamp', 'eidoVersion']));
  });

  it('a 110 transfer lands on the desk as a call from 110, once however often it is retried, and is acknowledged', async () => {
    const before = await count('incident');
    const key = randomUUID();
    const doc = partnerEido('NC110-0001', 115.8561, 28.7425);
    const r = await fromPartner('nc-110', 'inbox/eido', doc, key);
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ ack: 'received', merged: false, stale: false, state: 'acknowledged' });
    const again = await fromPartner('nc-110', 'inbox/eido', doc, key);
    expect([again.status, again.replay, again.body.ourIncidentId]).toEqual([201, 'true', r.body.ourIncidentId]);
    expect(await count('incident')).toBe(before + 1);
    const i = await api<{ source: string; type: string; level: number; address: string; timeline: Array<{ action: string; after: Record<string, unknown> }> }>(
      'GET',
      `/incidents/${r.body.ourIncidentId}`,
    );
    expect([i.body.source, i.body.type, i.body.level, i.body.address]).toEqual(['110', 'traffic', 2, '昌北机场高速 12 公里']);
    const reused = await fromPartner('nc-110', 'inbox/eido', { ...doc, issuingElementIdentification: 'other' }, key);
    expect([reused.status, reused.body.error]).toEqual([422, 'idempotency_key_reused']);
    const log = (await ds.query(`SELECT outcome FROM partner_exchange WHERE partner_id = 'nc-110' ORDER BY id`)) as Array<{ outcome: string }>;
    expect(log.map((l) => l.outcome)).toEqual(['accepted', 'replayed', 'refused']);
  });

  it('a transfer about a place we already have a call for joins that incident', async () => {
    const ours = await newCall(app.url);
    const [{ lon, lat }] = (await ds.query('SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat FROM incident WHERE id = $1', [ours])) as Array<{
      lon: number;
      lat: number;
    }>;
    const doc = partnerEido('NC110-0002', lon + 0.0005, lat);
    doc.incidentComponent.incidentTypeCommonRegistryText = 'Fire.Structure';
    const r = await fromPartner('nc-110', 'inbox/eido', doc);
    expect([r.status, r.body.merged, r.body.ourIncidentId]).toEqual([201, true, ours]);
    const callers = (await ds.query('SELECT source FROM incident_caller WHERE incident_id = $1 ORDER BY id', [ours])) as Array<{ source: string }>;
    expect(callers.map((c) => c.source)).toEqual(['phone', '110']);
  });

  it('refuses bad messages with the field named, and changes nothing', async () => {
    const before = [await count('incident'), await count('partner_link'), await count('partner_inbox')];
    const doc = partnerEido('NC110-0003', 115.86, 28.74);
    const cases: Array<[string, Promise<{ status: number; body: Ack }>, number, string]> = [
      ['tampered', fromPartner('nc-110', 'inbox/eido', doc, randomUUID(), true), 401, 'bad_signature'],
      ['no agencies', fromPartner('nc-110', 'inbox/eido', { ...doc, agencyComponent: undefined }), 422, 'invalid_message'],
      ['no point', fromPartner('nc-110', 'inbox/eido', { ...doc, locationComponent: [] }), 422, 'incident_required'],
      ['outside Jiangxi', fromPartner('nc-110', 'inbox/eido', partnerEido('NC110-0004', 121.47, 31.23)), 400, 'outside_service_area'],
      ['simple: bad fields', fromPartner('nc-110', 'inbox/simple', { theirIncidentId: 'x', updatedAt: 'now', level: 7 }), 422, 'invalid_message'],
      [
        'not shared',
        fromPartner('nc-110', 'inbox/simple', { theirIncidentId: 'x', ourIncidentId: 999999, updatedAt: new Date().toISOString(), status: 'on_scene' }),
        404,
        'unknown_incident',
      ],
      ['not allowed to transfer', fromPartner('nc-120', 'inbox/eido', partnerEido('NC120-1', 115.86, 28.74)), 403, 'partner_forbidden'],
    ];
    for (const [what, p, status, error] of cases) {
      const r = await p;
      expect([what, r.status, r.body.error]).toEqual([what, status, error]);
    }
    const big = await fromPartner('nc-110', 'inbox/eido', { ...doc, notesComponent: [{ ...doc.notesComponent[0], notesActionComments: 'x'.repeat(600_000) }] });
    expect(big.status).toBe(413);
    const named = await fromPartner('nc-110', 'inbox/eido', { ...doc, eidoVersion: '2.0' });
    expect(JSON.stringify(named.body)).toContain('eidoVersion');
    const unsigned = await fetch(`${app.url}/api/partners/inbox/eido`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(unsigned.status).toBe(401);
    expect([await count('incident'), await count('partner_link'), await count('partner_inbox')]).toEqual(before);
  });

  it('asks 120 for ambulances: the EIDO reaches the partner, valid, and comes back delivered with their id; updates go both ways without echo', async () => {
    const incidentId = await newCall(app.url, 2);
    const asked = await api<{ link: { id: number; state: string } }>('POST', `/incidents/${incidentId}/partner-requests`, {
      kind: 'ambulance',
      note: '被困3人，需救护车2辆',
    });
    expect(asked.status).toBe(201);
    const linkId = asked.body.link.id;
    const got = await waitFor(() => stub.list().find((m) => m.body.includes(`incidentid:${incidentId}:`)), 5000, 'the request at the partner');
    const doc = JSON.parse(got.body) as {
      dispatchComponent: Array<{ agencyReference?: { $ref: string } }>;
      notesComponent: Array<{ notesActionComments: string }>;
    };
    if (!validate(doc)) throw new Error(JSON.stringify(eidoProblems(validate)));
    expect(doc.dispatchComponent.some((d) => d.agencyReference?.$ref === 'nc-120.partners.jx119.cn')).toBe(true);
    expect(doc.notesComponent.map((n) => n.notesActionComments)).toContain('[ambulance] 被困3人，需救护车2辆');
    const delivered = await waitFor(
      async () => {
        const r = await api<{ links: Array<{ id: number; state: string; theirIncidentId: string; messages: Array<{ state: string }> }> }>(
          'GET',
          `/incidents/${incidentId}/partners`,
        );
        const l = r.body.links.find((x) => x.id === linkId);
        return l && l.state === 'acknowledged' ? l : undefined;
      },
      5000,
      'the link acknowledged',
    );
    expect(delivered.theirIncidentId).toMatch(/^STUB-/);
    expect(delivered.messages.map((m) => m.state)).toEqual(['delivered']);

    // our side changes (level 3): the partner gets the incident as it stands
    expect((await api('POST', `/incidents/${incidentId}/level`, { level: 3 })).status).toBe(200);
    await app.app.get(PartnerUpdates).publish();
    const update = await waitFor(() => stub.list().filter((m) => m.body.includes(`incidentid:${incidentId}:`))[1], 5000, 'the update at the partner');
    expect(JSON.parse(update.body).incidentComponent.incidentPriorityInternalText).toBe('3');

    // their side changes: two ambulances on scene; an older report arriving late is kept out
    const at = new Date().toISOString();
    const onScene = await fromPartner('nc-120', 'inbox/simple', {
      theirIncidentId: delivered.theirIncidentId,
      updatedAt: at,
      status: 'on_scene',
      unitsOnScene: 2,
      note: '两辆救护车到场',
    });
    expect([onScene.status, onScene.body.state, onScene.body.ourIncidentId]).toEqual([200, 'on_scene', incidentId]);
    const late = await fromPartner('nc-120', 'inbox/simple', {
      theirIncidentId: delivered.theirIncidentId,
      updatedAt: new Date(Date.parse(at) - 60_000).toISOString(),
      status: 'en_route',
    });
    expect([late.status, late.body.stale, late.body.state]).toEqual([200, true, 'on_scene']);
    // nothing they told us goes back to them
    const sent = stub.list().length;
    expect(await app.app.get(PartnerUpdates).publish()).toBe(0);
    await new Promise((r) => setTimeout(r, 1500));
    expect(stub.list().length).toBe(sent);
    const timeline = (await ds.query('SELECT action FROM incident_event WHERE incident_id = $1 ORDER BY id', [incidentId])) as Array<{ action: string }>;
    expect(timeline.map((t) => t.action)).toEqual(expect.arrayContaining(['partner_request', 'partner_delivered', 'partner_status', 'partner_note']));
    expect(stub.duplicates).toBe(0);
  });

  it('a key changed on our side only: the partner answers 401, the request waits with their answer shown, and arrives once the key is mended', async () => {
    const partners = new Db(ds).get(PartnerRepository);
    const nc120 = (await partners.partner('nc-120'))!;
    await partners.upsertPartner({ ...nc120, secret: newPartnerSecret() });
    const refusedBefore = stub.badSignatures;
    const incidentId = await newCall(app.url, 2);
    const asked = await api<{ link: { id: number } }>('POST', `/incidents/${incidentId}/partner-requests`, { kind: 'ambulance' });
    expect(asked.status).toBe(201);
    type Links = { links: Array<{ id: number; state: string; messages: Array<{ state: string; attempts: number; lastError: string | null }> }> };
    const link = async () => (await api<Links>('GET', `/incidents/${incidentId}/partners`)).body.links.find((l) => l.id === asked.body.link.id)!;
    const waiting = await waitFor(
      async () => {
        const l = await link();
        return l.messages[0]?.attempts >= 2 ? l : undefined;
      },
      10_000,
      'two attempts refused by the partner',
    );
    expect(stub.badSignatures).toBeGreaterThan(refusedBefore);
    expect(waiting.messages[0].state).toBe('pending');
    expect(waiting.messages[0].lastError).toContain('401');
    expect(stub.list().some((m) => m.body.includes(`incidentid:${incidentId}:`))).toBe(false);
    // the operator mends the key: the next probe delivers it, once
    await partners.upsertPartner(nc120);
    const delivered = await waitFor(
      async () => {
        const l = await link();
        return l.state === 'acknowledged' ? l : undefined;
      },
      10_000,
      'the link acknowledged after the key was mended',
    );
    expect(delivered.messages.map((m) => m.state)).toEqual(['delivered']);
    expect(stub.list().filter((m) => m.body.includes(`incidentid:${incidentId}:`))).toHaveLength(1);
  });

  it('exports any incident as a schema-valid EIDO and imports it back without losing what EIDO carries', async () => {
    const t = await fromPartner('nc-110', 'inbox/eido', partnerEido('NC110-0005', 115.91, 28.66));
    const a = await api<Record<string, unknown>>('GET', `/incidents/${t.body.ourIncidentId}/eido`);
    if (!validate(a.body)) throw new Error(JSON.stringify(eidoProblems(validate)));
    const imported = await api<{ incident: { id: number } }>('POST', '/eido/import', a.body);
    expect(imported.status).toBe(201);
    const b = await api<Record<string, unknown>>('GET', `/incidents/${imported.body.incident.id}/eido`);
    if (!validate(b.body)) throw new Error(JSON.stringify(eidoProblems(validate)));
    type Doc = {
      incidentComponent: Record<string, unknown>;
      locationComponent: Array<{ locationByValue: string; locationDescriptionText: string }>;
      callbackComponent: Array<{ callBackInformationUri: string[] }>;
      notesComponent: Array<{ notesActionComments: string }>;
    };
    const carried = (d: Doc) => ({
      type: d.incidentComponent.incidentTypeInternalCode,
      common: d.incidentComponent.incidentTypeCommonRegistryText,
      level: d.incidentComponent.incidentPriorityInternalText,
      where: d.locationComponent[0].locationByValue.match(/<gml:pos>[^<]+/)?.[0],
      address: d.locationComponent[0].locationDescriptionText,
      callback: d.callbackComponent.flatMap((c) => c.callBackInformationUri),
      notes: d.notesComponent.map((n) => n.notesActionComments),
    });
    expect(carried(b.body as unknown as Doc)).toEqual(carried(a.body as unknown as Doc));
    const bad = await api('POST', '/eido/import', { ...a.body, locationComponent: 'here' });
    expect([bad.status, bad.body.error]).toEqual([422, 'invalid_eido']);
    expect(JSON.stringify(bad.body)).toContain('locationComponent');
  });
});

import { incidentToEido, IncidentSnapshot } from './eido-export';
import { eidoIncidentView } from './eido-import';
import { inboundFromEido, parseSimpleMessage } from './inbound';
import { parsePidfLo, pidfLo } from './pidf';
import { incidentIdFromUrn, ourIncidentUrn } from './agencies';
import { repairEidoSchema } from './eido-schema-repair';
import { xmlText } from './xml';
import { outboundPayload } from './outbound';
import type { EidoDocument } from './eido-types';

const snapshot: IncidentSnapshot = {
  id: 4711,
  type: 'hazmat',
  level: 3,
  state: 'on_scene',
  lon: 115.8921234,
  lat: 28.6765432,
  address: '南昌市青山湖区某化工厂 <东门> & 仓库',
  cityName: '南昌市',
  countyName: '青山湖区',
  reportedAt: '2026-12-03T01:00:00.000Z',
  updatedAt: '2026-12-03T01:20:00.000Z',
  createdBy: 'dispatcher1',
  callers: [
    { number: '13800138000', source: 'phone', reportedAt: '2026-12-03T01:00:00.000Z' },
    { number: null, source: 'iot', reportedAt: '2026-12-03T01:01:00.000Z' },
  ],
  units: [
    { unitId: 1, name: '青山湖站 水罐1', kind: 'water_tender', status: 'on_scene', assignedAt: '2026-12-03T01:02:00.000Z', etaAt: null },
    { unitId: 2, name: '特勤站 危化1', kind: 'hazmat', status: 'en_route', assignedAt: '2026-12-03T01:03:00.000Z', etaAt: '2026-12-03T01:15:00.000Z' },
  ],
  notes: [{ id: '77', at: '2026-12-03T01:05:00.000Z', by: 'dispatcher1', text: '有毒气体泄漏\n下风向为东南' }],
  partners: [
    { id: 'nc-120', kind: '120', name: '南昌120', request: { id: 5, kind: 'ambulance', note: '被困3人，需救护车2辆', at: '2026-12-03T01:06:00.000Z' } },
  ],
};

describe('EIDO mapping', () => {
  it('writes one EIDO whose every component carries its id, time and owning agency', () => {
    const doc = incidentToEido(snapshot, '2026-12-03T01:21:00.000Z');
    expect(doc.$id).toBe(ourIncidentUrn(4711));
    const components = [
      doc,
      doc.incidentComponent,
      ...(doc.callComponent ?? []),
      ...(doc.callbackComponent ?? []),
      ...(doc.dispatchComponent ?? []),
      ...(doc.notesComponent ?? []),
      ...(doc.emergencyResourceComponent ?? []),
      ...doc.agencyComponent,
      ...(doc.agentComponent ?? []),
      ...(doc.locationComponent ?? []),
    ];
    for (const c of components) {
      expect(c?.$id).toEqual(expect.any(String));
      expect(Number.isFinite(Date.parse(c?.lastUpdateTimeStamp ?? ''))).toBe(true);
      expect(c?.updatedByAgencyReference.$ref).toBe('fire.jx119.cn');
    }
    // every reference points at a component in the document
    const ids = new Set(components.map((c) => c?.$id));
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    for (const r of refs) expect(ids.has(r.slice(8, -1))).toBe(true);
    // the request to 120 is a dispatch component naming their agency
    expect(doc.dispatchComponent?.some((d) => d.agencyReference?.$ref === 'nc-120.partners.jx119.cn')).toBe(true);
  });

  it('reads back what it wrote: type, level, state, place, address, callers, units and notes', () => {
    const r = eidoIncidentView(JSON.parse(JSON.stringify(incidentToEido(snapshot, snapshot.updatedAt))), true);
    if ('problems' in r) throw new Error(JSON.stringify(r.problems));
    const v = r.view;
    expect(v.ourIncidentId).toBe(4711);
    expect([v.type, v.level, v.status]).toEqual(['hazmat', 3, 'on_scene']);
    expect(v.location?.lon).toBeCloseTo(snapshot.lon, 7);
    expect(v.location?.lat).toBeCloseTo(snapshot.lat, 7);
    expect(v.location?.address).toBe(snapshot.address);
    expect(v.callerNumbers).toEqual(['13800138000']);
    expect(v.units.map((u) => [u.name, u.status, u.eta])).toEqual([
      ['青山湖站 水罐1', 'on_scene', null],
      ['特勤站 危化1', 'en_route', '2026-12-03T01:15:00.000Z'],
    ]);
    expect(v.notes.map((n) => n.text)).toEqual(['有毒气体泄漏\n下风向为东南', '[ambulance] 被困3人，需救护车2辆']);
    const m = inboundFromEido(v);
    expect([m.status, m.unitsOnScene, m.unitsEnRoute]).toEqual(['on_scene', 1, 1]);
  });

  it('names what a new incident lacks: the type, a point', () => {
    const r = eidoIncidentView(
      { $id: 'x', locationComponent: [{ $id: 'l', locationTypeDescriptionRegistryText: 'Incident', locationByValue: '<presence/>' }] },
      true,
    );
    expect('problems' in r && r.problems.map((p) => p.field)).toEqual([
      'incidentComponent.incidentTypeCommonRegistryText',
      'locationComponent.locationByValue',
    ]);
  });

  it('maps a partner’s registry types onto ours', () => {
    const view = (t: string) => {
      const r = eidoIncidentView({ incidentComponent: { incidentTypeCommonRegistryText: t } }, false);
      return 'view' in r ? r.view.type : null;
    };
    expect(['Fire.Structure', 'Fire.Vehicle', 'HazMat.Spill', 'Traffic', 'Rescue.Water', 'Medical'].map(view)).toEqual([
      'building_fire',
      'other_fire',
      'hazmat',
      'traffic',
      'flood',
      'social_assistance',
    ]);
  });

  it('keeps PIDF-LO points and civic text through escaping', () => {
    const xml = pidfLo('urn:x', { lon: 116.1, lat: 29.2, civic: { country: 'CN', loc: 'a < b & "c"' } });
    expect(parsePidfLo(xml)).toEqual({ lon: 116.1, lat: 29.2, civic: { country: 'CN', loc: 'a < b & "c"' } });
    expect(parsePidfLo('<gml:pos>91 10</gml:pos>')).toEqual({ problem: expect.stringContaining('WGS84') });
  });

  it('stamps a partner’s note as theirs and never sends it back to them', () => {
    const withTheirs = {
      ...snapshot,
      notes: [...snapshot.notes, { id: '78', at: snapshot.updatedAt, by: 'partner:nc-120', text: '救护车到场', partnerId: 'nc-120' }],
    };
    const notesFor = (partnerId: string) =>
      (
        JSON.parse(
          outboundPayload('eido', 'update', withTheirs, { id: 5, partnerId, requestKind: null, note: null, theirIncidentId: null }, snapshot.updatedAt).payload,
        ) as EidoDocument
      ).notesComponent ?? [];
    expect(notesFor('nc-120').map((n) => n.notesActionComments)).not.toContain('救护车到场');
    const toOthers = notesFor('nc-110').find((n) => n.notesActionComments === '救护车到场');
    expect(toOthers?.updatedByAgencyReference.$ref).toBe('nc-120.partners.jx119.cn');
  });

  it('writes only what XML can hold', () => {
    expect(xmlText('a\u0001b\uD800c<&>\u{1F692}')).toBe('abc&lt;&amp;&gt;\u{1F692}');
  });

  it('knows its own incident URNs only', () => {
    expect(incidentIdFromUrn(ourIncidentUrn(12))).toBe(12);
    expect(incidentIdFromUrn('urn:emergency:uid:incidentid:12:state.pa.us')).toBeNull();
  });

  it('repairs the published schema’s two defects and nothing else', () => {
    const schema = {
      a: { minItems: '1,', items: { $ref: 'NIEMComponents//j.yaml#/x' } },
      b: { properties: { $ref: { type: 'string' } } },
      c: { $ref: 'https://x.org/y' },
    };
    expect(repairEidoSchema(schema)).toEqual({ minItems: 1, refs: 1 });
    expect(schema.a).toEqual({ minItems: 1, items: { $ref: 'NIEMComponents/j.yaml#/x' } });
    expect(schema.c.$ref).toBe('https://x.org/y');
  });
});

describe('the simple JSON', () => {
  const transfer = {
    theirIncidentId: 'NC110-0042',
    updatedAt: '2026-12-03T09:00:00+08:00',
    type: 'traffic',
    level: 2,
    location: { lon: 115.9, lat: 28.68, crs: 'GCJ02' },
    address: '昌北机场高速 12 公里',
    callerNumber: '13900000000',
    note: '两车相撞，一人被困',
  };

  it('reads a transfer', () => {
    const r = parseSimpleMessage(transfer);
    if ('problems' in r) throw new Error(JSON.stringify(r.problems));
    expect(r.message.incident).toMatchObject({ type: 'traffic', level: 2, crs: 'GCJ02', address: '昌北机场高速 12 公里', callerNumber: '13900000000' });
    expect(r.message.notes[0].text).toBe('两车相撞，一人被困');
  });

  it('names every bad field', () => {
    const r = parseSimpleMessage({ ...transfer, level: 9, status: 'done', updatedAt: 'yesterday', extra: 1, location: { lon: 200, lat: 1 } });
    expect('problems' in r && r.problems.map((p) => p.field).sort()).toEqual(['extra', 'level', 'location', 'status', 'updatedAt']);
    expect(parseSimpleMessage([])).toEqual({ problems: [{ field: '(body)', message: 'must be a JSON object' }] });
  });
});

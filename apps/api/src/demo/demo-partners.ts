import { MessageKind, PartnerKind } from '@gan119/interop';
import { Db } from '../infra/db/unit-of-work';
import { AdminAreaRepository } from '../admin-areas/admin-area.repository';
import { PartnerRepository } from '../partners/partner.repository';
import { newPartnerSecret } from '../partners/signature';

type DemoPartner = { suffix: string; kind: PartnerKind; name: (city: string) => string; maySend: MessageKind[]; mayReceive: MessageKind[] };

const PER_CITY: DemoPartner[] = [
  { suffix: '110', kind: '110', name: (c) => `${c}公安局110指挥中心`, maySend: ['incident', 'update'], mayReceive: ['incident', 'update'] },
  { suffix: '120', kind: '120', name: (c) => `${c}120急救指挥中心`, maySend: ['incident', 'update'], mayReceive: ['incident', 'update'] },
  { suffix: '122', kind: '122', name: (c) => `${c}公安交警122指挥中心`, maySend: ['incident', 'update'], mayReceive: ['incident', 'update'] },
];
const PROVINCE: Array<DemoPartner & { id: string }> = [
  { id: 'jx-emergency', suffix: '', kind: 'emergency_mgmt', name: () => '江西省应急管理厅', maySend: ['update'], mayReceive: ['incident', 'update', 'cap'] },
  {
    id: 'jx-water',
    suffix: '',
    kind: 'water_resources',
    name: () => '江西省水利厅',
    maySend: ['incident', 'update'],
    mayReceive: ['incident', 'update', 'cap'],
  },
  { id: 'jx-weather', suffix: '', kind: 'meteorology', name: () => '江西省气象局', maySend: ['update'], mayReceive: ['incident', 'update', 'cap'] },
];

/**
 * The demo's partner agencies: 110, 120 and 122 of every city and three provincial departments, each
 * with a key of its own (kept when the demo is seeded again) and an endpoint the worker's demo
 * partners answer on. Answers how many.
 */
export async function loadDemoPartners(db: Db, port: number): Promise<number> {
  const { seats } = await db.get(AdminAreaRepository).seatsAndProvince();
  const partners = db.get(PartnerRepository);
  const all = [
    ...seats
      .filter((s) => s.level === 'city')
      .flatMap((c) => PER_CITY.map((p) => ({ ...p, id: `${c.adcode}-${p.suffix}`, cityAdcode: c.adcode, label: p.name(c.name) }))),
    ...PROVINCE.map((p) => ({ ...p, cityAdcode: null, label: p.name('') })),
  ];
  for (const p of all) {
    const existing = await partners.partner(p.id);
    await partners.upsertPartner({
      id: p.id,
      kind: p.kind,
      name: p.label,
      cityAdcode: p.cityAdcode,
      endpoint: `http://127.0.0.1:${port}/partner/${p.id}`,
      secret: existing?.secret ?? newPartnerSecret(),
      format: 'eido',
      maySend: p.maySend,
      mayReceive: p.mayReceive,
      perMinute: 600,
      active: true,
    });
  }
  return all.length;
}

import { demoGazetteer } from './demo-gazetteer';

const SEATS = [
  { adcode: 360111, name: '青山湖区', lonLat: [115.962, 28.682] as const, isDistrict: true },
  { adcode: 360124, name: '进贤县', lonLat: [116.241, 28.377] as const, isDistrict: false },
];

describe('the demo gazetteer', () => {
  it('is the same every time, near each seat, with 小区, schools, hospitals, landmarks and (in counties) villages', () => {
    const a = demoGazetteer(SEATS),
      b = demoGazetteer(SEATS);
    expect(a).toEqual(b);
    const qsh = a.filter((p) => p.ref === 'demo 360111');
    expect(qsh.filter((p) => p.kind === 'residential')).toHaveLength(10);
    expect(qsh.map((p) => p.name)).toEqual(expect.arrayContaining(['青山湖第一中学', '青山湖人民医院', '青山湖汽车站']));
    expect(qsh.some((p) => p.kind === 'village')).toBe(false);
    expect(a.filter((p) => p.ref === 'demo 360124' && p.kind === 'village')).toHaveLength(4);
    for (const p of qsh) expect(Math.hypot(p.lon - 115.962, p.lat - 28.682)).toBeLessThan(0.015);
    expect(a.find((p) => p.name === '进贤人民医院')?.aliases).toContain('进贤县医院');
  });
});

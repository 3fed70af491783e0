import type { Polygon } from 'geojson';
import { KeyUnitIn } from './key-units.repository';

type City = { name: string; lonLat: [number, number] };

const square = ([lon, lat]: [number, number], halfM: number): Polygon => {
  const dx = halfM / (111_195 * Math.cos((lat * Math.PI) / 180)),
    dy = halfM / 111_195;
  return {
    type: 'Polygon',
    coordinates: [
      [
        [lon - dx, lat - dy],
        [lon + dx, lat - dy],
        [lon + dx, lat + dy],
        [lon - dx, lat + dy],
        [lon - dx, lat - dy],
      ],
    ],
  };
};

/** Demo key units (重点单位) for each city: a high-rise complex, a chemical plant, a hospital. */
export function demoKeyUnits(cities: City[]): KeyUnitIn[] {
  return cities.flatMap((c) => {
    const short = c.name.replace(/市$/, '');
    const at = (east: number, north: number): [number, number] => [c.lonLat[0] + east, c.lonLat[1] + north];
    return [
      {
        name: `${short}中心商务区超高层综合体（演示）`,
        hazards: ['超高层', '人员密集', '地下车库'],
        preplan: '高层火灾：一级响应出动登高平台车2辆；消防控制室在B1层东侧；屋顶直升机停机坪可用。',
        contacts: [{ name: '消防控制室', phone: '0000-0000000' }],
        geometry: square(at(0.006, 0.004), 120),
        demo: true,
      },
      {
        name: `${short}化工园区储罐区（演示）`,
        hazards: ['危险化学品', '易燃液体储罐', '有毒气体'],
        preplan: '危化品事故：先期到场力量在上风向集结，警戒半径500米；园区企业专职队先期处置；洗消点设于园区南门。',
        contacts: [{ name: '园区应急办', phone: '0000-0000000' }],
        geometry: square(at(0.06, -0.04), 400),
        demo: true,
      },
      {
        name: `${short}第一人民医院（演示）`,
        hazards: ['人员密集', '行动不便人员', '医用氧气'],
        preplan: '住院部疏散优先；医用液氧站位于北侧。',
        contacts: [{ name: '保卫处', phone: '0000-0000000' }],
        geometry: { type: 'Point', coordinates: at(-0.008, 0.006) },
        demo: true,
      },
    ];
  });
}

import { BadRequestException, ValidationPipe } from '@nestjs/common';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, ValidateNested } from 'class-validator';
import { checkFixes } from './fix-shape';
import { FixDto } from './avl.controller';

/** The batch as class-validator checked it before (nested FixDto instances): checkFixes must say the same. */
class NestedPositionsBody {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5000)
  @ValidateNested({ each: true })
  @Type(() => FixDto)
  positions!: FixDto[];
}

const pipe = new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true, stopAtFirstError: false });
const viaDecorators = async (positions: unknown[]) => {
  try {
    await pipe.transform({ positions }, { type: 'body', metatype: NestedPositionsBody });
    return [];
  } catch (e) {
    return ((e as BadRequestException).getResponse() as { message: string[] }).message.sort();
  }
};
const viaCheck = (positions: unknown[]) => {
  try {
    checkFixes(positions);
    return [];
  } catch (e) {
    return ((e as BadRequestException).getResponse() as { message: string[] }).message.sort();
  }
};

describe('checkFixes: the FixDto rules without an instance per fix', () => {
  const good = { unitId: 7, ts: '2026-12-02T08:00:00Z', lon: 115.88, lat: 28.68 };
  const cases: Array<[string, unknown[]]> = [
    ['good', [good, { ...good, speedKmh: 40, heading: 90 }, { ...good, speedKmh: null }]],
    ['lon as text', [{ ...good, lon: '115.8' }]],
    ['lat out of range', [good, { ...good, lat: 95 }]],
    [
      'unit 0 and a fraction',
      [
        { ...good, unitId: 0 },
        { ...good, unitId: 1.5 },
      ],
    ],
    ['unit id too large', [{ ...good, unitId: 2 ** 31 }]],
    [
      'time not ISO',
      [
        { ...good, ts: 'yesterday' },
        { ...good, ts: 12 },
        { ...good, ts: '2026-13-40T00:00:00Z' },
      ],
    ],
    ['unknown field', [{ ...good, colour: 'red' }]],
    ['missing fields', [{}]],
    ['speed as text', [{ ...good, speedKmh: 'fast' }]],
    ['not objects', [1, 'x', null]],
  ];
  it.each(cases)('%s: the same words as the decorators', async (_name, positions) => {
    expect(viaCheck(positions)).toEqual(await viaDecorators(positions));
  });
});

import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

export const INT_ID_MAX = 2147483647;

/**
 * An id in a path or query: decimal digits only, no sign, no leading zero, in range — "0x10", "1e3",
 * " 16", "016" or one beyond the column's range is a 400 naming the parameter, never another record
 * or a 500. The one place ids are parsed.
 */
export function IdField(max = INT_ID_MAX): PropertyDecorator {
  return WholeField(1, max, 'a decimal id', 1);
}

/** A whole number in a path or query, parsed as strictly as ids (decimal digits only), from `min` to `max`. */
export function WholeField(min: number, max: number, description = 'a decimal whole number', example = min): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ type: 'integer', minimum: min, maximum: max, description, example }),
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' && /^(0|[1-9][0-9]{0,15})$/.test(value) ? Number(value) : typeof value === 'number' ? value : NaN,
    ),
    IsInt({ message: '$property must be a decimal whole number' }),
    Min(min),
    Max(max),
  );
}

/** `/:id` of a record with an integer (serial) id. */
export class IdParam {
  @IdField() id!: number;
}

/** `/:id` of a record with a bigserial id (within the integers JavaScript holds exactly). */
export class BigIdParam {
  @IdField(Number.MAX_SAFE_INTEGER) id!: number;
}

import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsObject, ValidateNested } from 'class-validator';

/**
 * One nested object, validated: present, a plain object (not an array, string or null) and valid
 * itself. ValidateNested alone lets a missing field or an array through.
 */
export function NestedObject(cls: new () => object): PropertyDecorator {
  return applyDecorators(
    IsObject({ message: '$property must be an object' }),
    ValidateNested(),
    Type(() => cls),
  );
}

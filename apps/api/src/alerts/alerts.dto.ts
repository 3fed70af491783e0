import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsString, Length, Max, Min } from 'class-validator';

export class AlertIdParam {
  @Type(() => Number) @IsInt() @Min(1) @Max(2147483647) id!: number;
}

export class DismissBody {
  @ApiProperty({ minLength: 2, maxLength: 200, description: 'why the alert needs nothing more (e.g. the crew answered on the radio)' })
  @IsString() @Length(2, 200) reason!: string;
}

import { IdParam } from '../common/dto/id';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class AlertIdParam extends IdParam {}

export class DismissBody {
  @ApiProperty({ minLength: 2, maxLength: 200, description: 'why the alert needs nothing more (e.g. the crew answered on the radio)' })
  @IsString()
  @Length(2, 200)
  reason!: string;
}

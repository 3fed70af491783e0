import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { CAP_CERTAINTIES, CAP_SEVERITIES, CAP_URGENCIES } from '@gan119/interop';
import { IdField } from '../common/dto/id';

/** A public alert as a commander drafts it (the area and texts are checked again, field by field, by the CAP rules). */
export class CapDraftBody {
  @ApiPropertyOptional({ enum: ['Alert', 'Update', 'Cancel'], default: 'Alert' })
  @IsOptional()
  @IsIn(['Alert', 'Update', 'Cancel'], { message: 'msgType must be Alert, Update or Cancel' })
  msgType?: 'Alert' | 'Update' | 'Cancel';
  @ApiPropertyOptional({ example: 12, description: 'the published alert an Update or Cancel replaces' })
  @IsOptional()
  @IsInt({ message: 'supersedes must be an alert id' })
  @Min(1)
  @Max(2147483647)
  supersedes?: number;
  @ApiProperty({ enum: CAP_SEVERITIES }) @IsIn(CAP_SEVERITIES, { message: `severity must be one of ${CAP_SEVERITIES.join(', ')}` }) severity!: string;
  @ApiProperty({ enum: CAP_URGENCIES }) @IsIn(CAP_URGENCIES, { message: `urgency must be one of ${CAP_URGENCIES.join(', ')}` }) urgency!: string;
  @ApiProperty({ enum: CAP_CERTAINTIES }) @IsIn(CAP_CERTAINTIES, { message: `certainty must be one of ${CAP_CERTAINTIES.join(', ')}` }) certainty!: string;
  @ApiProperty({ example: '化工/危化品' }) @IsString() @MaxLength(60, { message: 'event may be at most 60 characters' }) event!: string;
  @ApiProperty({ example: '某化工厂危化品事故：2公里内就地避险' })
  @IsString()
  @MaxLength(140, { message: 'headline may be at most 140 characters' })
  headline!: string;
  @ApiProperty({ example: '某化工厂发生危险化学品事故，消防救援力量正在处置。' })
  @IsString()
  @MaxLength(1000, { message: 'description may be at most 1000 characters' })
  description!: string;
  @ApiProperty({ example: '距事故点2公里范围内的居民请立即关闭门窗，就地避险。' })
  @IsString()
  @MaxLength(1000, { message: 'instruction may be at most 1000 characters' })
  instruction!: string;
  @ApiProperty({ example: '某化工厂周边2公里' }) @IsString() @MaxLength(200, { message: 'areaDesc may be at most 200 characters' }) areaDesc!: string;
  @ApiPropertyOptional({ example: 240, minimum: 10, maximum: 10080 })
  @IsOptional()
  @IsInt({ message: 'expiresMin must be whole minutes' })
  @Min(10, { message: 'expiresMin must be at least 10' })
  @Max(10080, { message: 'expiresMin may be at most 10,080 (7 days)' })
  expiresMin?: number;
  @ApiProperty({
    description:
      'the area: {kind: "circle", center: [lon, lat], radiusM} | {kind: "polygon", ring: [[lon, lat], …]} | {kind: "counties", counties: [adcode, …]}',
    example: { kind: 'circle', center: [115.89, 28.68], radiusM: 2000 },
    type: 'object',
    additionalProperties: true,
  })
  @IsObject({ message: 'area must be an object (circle, polygon or counties)' })
  area!: Record<string, unknown>;
}

export class CapIdParam {
  @IdField() id!: number;
}

export class CapIdentifierParam {
  @ApiProperty({ example: 'JX119-12-1' })
  @Matches(/^JX119-\d{1,10}-\d{1,6}\.xml$/, { message: 'identifier must be a published alert’s, like JX119-12-1.xml' })
  file!: string;
}

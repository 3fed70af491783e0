import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { Capability, CAPABILITIES } from '@gan119/resources';
import { defaultAutoRedispatch, INCIDENT_LEVELS, INCIDENT_TYPES, IncidentLevel, planProblem, Requirement } from '@gan119/dispatch';
import { DomainError } from '../common/errors';
import { PlanRepository } from './plan.repository';
import { Allow, ALL_ROLES } from '../accounts/access';

class PlanParams {
  @ApiProperty({ enum: INCIDENT_TYPES }) @IsIn(INCIDENT_TYPES) type!: (typeof INCIDENT_TYPES)[number];
  @ApiProperty({ type: 'integer', enum: INCIDENT_LEVELS }) @Type(() => Number) @IsIn(INCIDENT_LEVELS) level!: IncidentLevel;
}

class RequirementDto implements Requirement {
  @ApiProperty({ enum: CAPABILITIES }) @IsIn(CAPABILITIES) capability!: Capability;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 100 }) @IsInt() @Min(1) @Max(100) count!: number;
}

class PlanBody {
  @ApiProperty({
    type: [RequirementDto],
    minItems: 1,
    maxItems: CAPABILITIES.length,
    example: [
      { capability: 'water', count: 4 },
      { capability: 'aerial', count: 1 },
    ],
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(CAPABILITIES.length)
  @ValidateNested({ each: true })
  @Type(() => RequirementDto)
  requirements!: RequirementDto[];
  @ApiProperty({ description: 'gather at an assembly point (集结点) before deployment' }) @IsBoolean() assembly!: boolean;
  @ApiProperty({ required: false, description: 'an unacknowledged order sends the next-best unit at once (default: from level 3)' })
  @IsOptional()
  @IsBoolean()
  autoRedispatch?: boolean;
}

@ApiTags('response plans')
@Allow(...ALL_ROLES)
@Controller('response-plans')
export class PlansController {
  constructor(private readonly repo: PlanRepository) {}

  @Get()
  @ApiOperation({ summary: '等级调派方案: every type × level, stored or default' })
  async all() {
    const repo = this.repo;
    const plans = [];
    for (const type of INCIDENT_TYPES) for (const level of INCIDENT_LEVELS) plans.push(await repo.get(type, level));
    return { plans };
  }

  @Put(':type/:level')
  @Allow('admin')
  @ApiOperation({ summary: 'Replace one plan; validated (known capabilities, counts 1-100, never less than the level below nor more than the level above)' })
  async put(@Param() p: PlanParams, @Body() b: PlanBody) {
    const repo = this.repo;
    const lower = p.level > 1 ? (await repo.get(p.type, (p.level - 1) as IncidentLevel)).requirements : undefined;
    const problem = planProblem(b, lower);
    if (problem) throw new DomainError('bad_plan', `plan ${p.type}/${p.level}: ${problem}`, 422);
    if (p.level < 5) {
      const upper = await repo.get(p.type, (p.level + 1) as IncidentLevel);
      const above = planProblem(upper, b.requirements);
      if (above) throw new DomainError('bad_plan', `plan ${p.type}/${p.level} would ask for more than level ${p.level + 1}: ${above}`, 422);
    }
    await repo.put(
      {
        type: p.type,
        level: p.level,
        requirements: b.requirements,
        assembly: b.assembly,
        autoRedispatch: b.autoRedispatch ?? defaultAutoRedispatch(p.type, p.level),
      },
      'dispatcher',
    );
    return repo.get(p.type, p.level);
  }
}

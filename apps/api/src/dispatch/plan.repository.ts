import { defaultPlan, IncidentLevel, IncidentType, Requirement, ResponsePlan } from '@gan119/dispatch';
import { DataSource, EntityManager } from 'typeorm';

/** Response plans: the stored one for a type × level, else the default. */
export class PlanRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  async get(type: IncidentType, level: IncidentLevel): Promise<ResponsePlan & { source: 'stored' | 'default' }> {
    const rows = (await this.db.query('SELECT requirements, assembly, auto_redispatch AS "autoRedispatch" FROM response_plan WHERE type = $1 AND level = $2', [
      type,
      level,
    ])) as Array<{
      requirements: Requirement[];
      assembly: boolean;
      autoRedispatch: boolean;
    }>;
    if (rows.length) return { type, level, ...rows[0], source: 'stored' };
    return { ...defaultPlan(type, level), source: 'default' };
  }

  async put(plan: ResponsePlan, by: string): Promise<void> {
    await this.db.query(
      `INSERT INTO response_plan (type, level, requirements, assembly, auto_redispatch, updated_by) VALUES ($1, $2, $3::jsonb, $4, $5, $6)
       ON CONFLICT (type, level) DO UPDATE SET requirements = EXCLUDED.requirements, assembly = EXCLUDED.assembly, auto_redispatch = EXCLUDED.auto_redispatch,
         updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [plan.type, plan.level, JSON.stringify(plan.requirements), plan.assembly, plan.autoRedispatch, by],
    );
  }
}

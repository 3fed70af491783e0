import { DEFAULT_PLANS, defaultAssembly, IncidentLevel, IncidentType, Requirement, ResponsePlan } from '@gan119/dispatch';
import { DataSource, EntityManager } from 'typeorm';

/** Response plans: the stored one for a type × level, else the default. */
export class PlanRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  async get(type: IncidentType, level: IncidentLevel): Promise<ResponsePlan & { source: 'stored' | 'default' }> {
    const rows = (await this.db.query('SELECT requirements, assembly FROM response_plan WHERE type = $1 AND level = $2', [type, level])) as Array<{ requirements: Requirement[]; assembly: boolean }>;
    if (rows.length) return { type, level, requirements: rows[0].requirements, assembly: rows[0].assembly, source: 'stored' };
    return { type, level, requirements: DEFAULT_PLANS[type][level], assembly: defaultAssembly(type, level), source: 'default' };
  }

  async put(plan: ResponsePlan, by: string): Promise<void> {
    await this.db.query(
      `INSERT INTO response_plan (type, level, requirements, assembly, updated_by) VALUES ($1, $2, $3::jsonb, $4, $5)
       ON CONFLICT (type, level) DO UPDATE SET requirements = EXCLUDED.requirements, assembly = EXCLUDED.assembly, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [plan.type, plan.level, JSON.stringify(plan.requirements), plan.assembly, by],
    );
  }
}

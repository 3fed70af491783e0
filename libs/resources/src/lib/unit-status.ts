/** Where a unit stands in its duty cycle. */
export const UNIT_STATUSES = [
  'available', // 在站/可调
  'dispatched', // 已调派
  'en_route', // 出动途中
  'on_scene', // 到场
  'returning', // 返队
  'out_of_service', // 停用/维修
  'in_drill', // 训练
] as const;
export type UnitStatus = (typeof UNIT_STATUSES)[number];

export const UNIT_STATUS_LABELS: Record<UnitStatus, { zh: string; en: string }> = {
  available: { zh: '在站可调', en: 'Available' },
  dispatched: { zh: '已调派', en: 'Dispatched' },
  en_route: { zh: '出动途中', en: 'En route' },
  on_scene: { zh: '到场', en: 'On scene' },
  returning: { zh: '返队', en: 'Returning' },
  out_of_service: { zh: '停用', en: 'Out of service' },
  in_drill: { zh: '训练', en: 'In drill' },
};

/**
 * Allowed moves. A unit returning or in a drill may be dispatched again (it is the nearest one more
 * often than not); a dispatched or en-route unit may be stood down back to available; only an
 * available unit may be taken out of service.
 */
const ALLOWED: Record<UnitStatus, readonly UnitStatus[]> = {
  available: ['dispatched', 'out_of_service', 'in_drill'],
  dispatched: ['en_route', 'on_scene', 'available'],
  en_route: ['on_scene', 'returning', 'available'],
  on_scene: ['returning', 'available'],
  returning: ['available', 'dispatched'],
  out_of_service: ['available'],
  in_drill: ['available', 'dispatched'],
};

export function isUnitStatus(v: unknown): v is UnitStatus {
  return typeof v === 'string' && (UNIT_STATUSES as readonly string[]).includes(v);
}

export function allowedNextStatuses(from: UnitStatus): readonly UnitStatus[] {
  return ALLOWED[from];
}

export function canTransition(from: UnitStatus, to: UnitStatus): boolean {
  return ALLOWED[from].includes(to);
}

/** Statuses from which a unit can be sent to a new incident. */
export const DISPATCHABLE_STATUSES: readonly UnitStatus[] = ['available', 'returning', 'in_drill'];

export type StatusChange = { to: UnitStatus; reason?: string };

/** Why a status change is not allowed, or null when it is. */
export function statusChangeProblem(from: UnitStatus, change: StatusChange): string | null {
  if (from === change.to) return `unit is already ${change.to}`;
  if (!canTransition(from, change.to)) {
    return `cannot go from ${from} to ${change.to} (allowed: ${ALLOWED[from].join(', ')})`;
  }
  if (change.to === 'out_of_service' && !change.reason?.trim()) return 'taking a unit out of service needs a reason';
  return null;
}

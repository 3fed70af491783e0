/**
 * SQL: whether the record refers to unit `u` (an assignment, an order, a live position, an account),
 * so that it must be kept (retired) rather than deleted when a roster replaces it.
 */
export const UNIT_IS_REFERENCED = `(EXISTS (SELECT 1 FROM assignment a WHERE a.unit_id = u.id) OR EXISTS (SELECT 1 FROM dispatch_order o WHERE o.unit_id = u.id)
  OR EXISTS (SELECT 1 FROM avl_position p WHERE p.unit_id = u.id) OR EXISTS (SELECT 1 FROM app_user x WHERE x.unit_id = u.id))`;

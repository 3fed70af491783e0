import type { MessageKey } from '../../i18n/catalogue';
import { fill } from '../../i18n/errors';
import { t } from '../../i18n/i18n';
import { capabilityLabel, clock, h, iotKind, iotRule, levelLabel, onFloor, requestKindLabel, statusLabel } from '../../labels';

export type TimelineEntry = { at: string; actor: string; action: string; before: unknown; after: unknown };
type Side = Record<string, unknown> | null;

/** Who did it, in words: a unit by its name, the system, the simulator, a partner agency (by name when the entry gives it), or the dispatcher's login. */
export function actorText(actor: string, names: Record<string, string>, partnerName?: unknown): string {
  const unit = /^unit:(\d+)$/.exec(actor);
  if (unit) return names[unit[1]] ?? `#${unit[1]}`;
  if (actor === 'system' || actor.startsWith('system:')) return t('actor_system');
  if (actor === 'simulator') return t('actor_simulator');
  if (actor.startsWith('rule:')) return t('actor_iot_rule');
  if (actor.startsWith('partner:')) return typeof partnerName === 'string' ? partnerName : `${t('actor_partner')} ${actor.slice('partner:'.length)}`;
  if (actor === 'outbox') return t('actor_system');
  if (actor === 'api' || actor === 'dispatcher') return t('actor_dispatcher');
  return actor;
}

/** One timeline entry in words, with the units it names (merged entries read like their own). */
export function eventText(e: TimelineEntry, names: Record<string, string>): string {
  const merged = e.action.startsWith('merged:');
  const action = merged ? e.action.slice('merged:'.length) : e.action;
  const after = (e.after ?? null) as Side;
  const before = (e.before ?? null) as Side;
  const unit = (id: unknown) => (typeof id === 'number' ? (names[String(id)] ?? `#${id}`) : '');
  const label = t(`event_${action}` as MessageKey) || action;
  let what = '';
  switch (action) {
    case 'assigned':
      what = ((after?.units as Array<{ unitId: number; capability: string }> | undefined) ?? [])
        .map((u) => `${unit(u.unitId)}（${capabilityLabel(u.capability)}）`)
        .join('、');
      break;
    case 'order_acked':
      what = `${unit(after?.unitId)} · ${t(`ackVia_${String(after?.via ?? 'ack')}` as MessageKey) || ''}${after?.late ? t('ackLate') : ''}`;
      break;
    case 'order_unacknowledged': {
      const r = after?.replacedBy as { unitId?: number } | null | undefined;
      what = `${unit(after?.unitId)}${r?.unitId ? ` → ${t('autoDispatched')}${unit(r.unitId)}` : ''}`;
      break;
    }
    case 'released':
      what = `${unit(after?.unitId ?? before?.unitId)}${after?.reason ? ` · ${t(`reason_${String(after.reason)}` as MessageKey)}` : ''}${after?.note ? ` · ${String(after.note)}` : ''}`;
      break;
    case 'unit_status':
      what = `${unit(after?.unitId)} · ${statusLabel(String(after?.status ?? ''))}`;
      break;
    case 'release_requested':
      what = `${unit(after?.unitId)} · ${statusLabel(String(after?.reported ?? ''))}`;
      break;
    case 'state':
    case 'reopened':
      what = `${t(`state_${String(before?.state)}` as MessageKey)} → ${t(`state_${String(after?.state)}` as MessageKey)}`;
      break;
    case 'level':
      what = `${levelLabel(Number(before?.level))} → ${levelLabel(Number(after?.level))}`;
      break;
    case 'merge':
      what = `#${String(before?.incident ?? '')}`;
      break;
    case 'merged':
      what = `→ #${String(after?.into ?? '')}`;
      break;
    case 'alert_dismissed':
      what = `${unit(after?.unitId)} · ${String(after?.reason ?? '')}`;
      break;
    case 'iot_alarm':
      what = [
        after?.building,
        after?.floor !== null && after?.floor !== undefined ? onFloor(String(after.floor)) : '',
        iotKind(String(after?.sensor ?? '')),
        iotRule(String(after?.rule ?? '')),
      ]
        .filter(Boolean)
        .join(' · ');
      break;
    case 'partner_transfer':
    case 'partner_request':
    case 'partner_delivered':
    case 'partner_refused':
    case 'partner_cancel':
    case 'partner_status':
    case 'partner_note':
      what = partnerText(action, after, e.actor.startsWith('partner:'));
      break;
    case 'cap_drafted':
    case 'cap_published':
      what = [after?.identifier, after?.headline, after?.msgType ? t(`capMsg_${String(after.msgType)}` as MessageKey) : ''].filter(Boolean).join(' · ');
      break;
    case 'created':
      what =
        after?.levelTaken !== undefined && after.levelTaken !== after.level
          ? fill('{a} → {b}', { a: levelLabel(Number(after.levelTaken)), b: levelLabel(Number(after.level)) })
          : '';
      break;
  }
  return [merged ? t('fromMerged') : '', label, what ? `：${what}` : ''].join('');
}

/** A partner event's details: the agency, then what it said or what became of the request. */
function partnerText(action: string, after: Side, byPartner: boolean): string {
  // the agency is named once: as who did it when it did, else here
  const parts: unknown[] = [byPartner ? '' : after?.partnerName];
  if (action === 'partner_transfer') parts.push(after?.typeText, after?.theirIncidentId ? `${t('partnerTheirId')} ${String(after.theirIncidentId)}` : '');
  if (action === 'partner_request') parts.push(requestKindLabel(String(after?.kind ?? '')), after?.note);
  if (action === 'partner_delivered' && after?.theirIncidentId) parts.push(`${t('partnerTheirId')} ${String(after.theirIncidentId)}`);
  if (action === 'partner_refused') parts.push(after?.error);
  if (action === 'partner_status') {
    parts.push(t(`linkState_${String(after?.state)}` as MessageKey));
    parts.push(fill(t('partnerUnits'), { a: after?.unitsEnRoute ?? 0, b: after?.unitsOnScene ?? 0 }));
  }
  if (action === 'partner_note') parts.push(after?.text);
  return parts.filter((x) => x !== undefined && x !== null && x !== '').join(' · ');
}

/** The timeline as a list: time, what happened in words, who. */
export function timelineList(entries: readonly TimelineEntry[], names: Record<string, string>): HTMLUListElement {
  return h(
    'ul',
    { className: 'timeline', id: 'timeline' },
    ...entries.map((e) =>
      h(
        'li',
        { dataset: { action: e.action } },
        h('time', {}, clock(e.at)),
        `${eventText(e, names)} · `,
        h('span', { className: 'why' }, actorText(e.actor, names, (e.after as Side)?.partnerName)),
      ),
    ),
  );
}

import type { CallFactEffect, RecommendedPick } from '@gan119/dispatch';
import type { MessageKey } from '../../i18n/catalogue';
import { fill } from '../../i18n/errors';
import { t } from '../../i18n/i18n';
import { capabilityLabel, duration, km, levelLabel } from '../../labels';

/**
 * Why this unit: its line of the plan, its ETA as turnout plus road (plus, when the ETAs are calibrated,
 * the learned fixed cost of leaving the station and finding the address), and a cross-border note.
 */
export function explainPick(p: RecommendedPick, fixedS = 0): string {
  const e = p.explain;
  const base = fill(t(fixedS > 0 ? 'whyPickCalibrated' : 'whyPick'), {
    capability: capabilityLabel(e.capability),
    k: e.k,
    n: e.n,
    eta: duration(e.etaS),
    turnout: duration(e.turnoutS),
    km: km(e.roadM),
    fixed: Math.round(fixedS),
    travel: duration(e.travelS === null ? null : e.travelS - fixedS),
  });
  return e.crossCity ? `${base} · ${fill(t('whyCross'), { city: e.crossCity })}` : base;
}

/** Why a nearer unit was not taken. */
export function passedOverText(x: RecommendedPick['passedOver'][number], _p: RecommendedPick): string {
  switch (x.code) {
    case 'slower':
      return fill(t('whyPassedOverSlower'), { name: x.name, km: km(x.nearerM), dt: duration(x.laterS) });
    case 'beyond':
      return fill(t('whyPassedOverBeyond'), { name: x.name, eta: duration(x.laterS) });
    case 'taken':
      return fill(t('whyPassedOverTaken'), { name: x.name, capability: capabilityLabel(x.takenFor ?? '') });
    case 'no_road':
      return fill(t('whyPassedOverNoRoad'), { name: x.name });
  }
}

/** Why the caller's answers changed the plan. */
export function factReason(r: CallFactEffect['reasons'][number]): string {
  const values: Record<string, unknown> = { ...r, raisesTo: r.raisesTo ? levelLabel(r.raisesTo) : '' };
  if (r.code === 'trapped') values.count = r.count ?? '?';
  if (r.code === 'hazard') values.hazard = t(`hazard_${r.hazard}` as MessageKey);
  if (r.code === 'vulnerable_occupants') values.use = t(`use_${r.use}` as MessageKey);
  return fill(t(`why_${r.code}` as MessageKey), values);
}

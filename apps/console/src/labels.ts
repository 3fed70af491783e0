import { INCIDENT_TYPE_LABELS, IncidentLevel, IncidentType, LEVEL_STYLE } from '@gan119/dispatch';
import { CAPABILITY_LABELS, Capability, UNIT_STATUS_LABELS, UnitStatus } from '@gan119/resources';
import { lang } from './i18n/i18n';

const pick = (l: { zh: string; en: string } | undefined, fallback: string) => (l ? (lang() === 'zh-CN' ? l.zh : l.en) : fallback);

export const typeLabel = (t: string) => pick(INCIDENT_TYPE_LABELS[t as IncidentType], t);
export const levelLabel = (l: number) => pick(LEVEL_STYLE[l as IncidentLevel], String(l));
/** 二级 / L2: for tight lists */
export const levelShort = (l: number) => (lang() === 'zh-CN' ? levelLabel(l).slice(0, 2) : `L${l}`);
export const levelColour = (l: number) => LEVEL_STYLE[l as IncidentLevel]?.colour ?? '#607d8b';
export const statusLabel = (s: string) => pick(UNIT_STATUS_LABELS[s as UnitStatus], s);
export const capabilityLabel = (c: string) => pick(CAPABILITY_LABELS[c as Capability], c);

/** 4 分 05 秒 / 4 min 05 s */
export function duration(s: number | null | undefined): string {
  if (s === null || s === undefined || !Number.isFinite(s)) return '—';
  const whole = Math.round(s); // round once: 1139.6 s is 19 分 00 秒, never 18 分 60 秒
  const m = Math.floor(whole / 60), r = whole % 60;
  return lang() === 'zh-CN' ? `${m} 分 ${String(r).padStart(2, '0')} 秒` : `${m} min ${String(r).padStart(2, '0')} s`;
}

export const km = (m: number | null | undefined) => (m === null || m === undefined ? '—' : `${(m / 1000).toFixed(1)} km`);

export function clock(iso: string): string {
  return new Date(iso).toLocaleTimeString(lang(), { hour12: false });
}

/** A small coloured label, e.g. the level of an incident or the status of a unit. */
export function chip(text: string, colour: string): HTMLSpanElement {
  const s = document.createElement('span');
  s.className = 'chip';
  s.style.background = colour;
  s.textContent = text;
  return s;
}

/** Builds an element: h('div', { className: 'x' }, 'text', child). */
type Child = Node | string | null | undefined | false;
type Props<K extends keyof HTMLElementTagNameMap> = Omit<Partial<HTMLElementTagNameMap[K]>, 'style' | 'dataset'> & { dataset?: Record<string, string>; style?: string };

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props?: Props<K>, ...children: Child[]): HTMLElementTagNameMap[K] {
  const { dataset, style, ...rest } = props ?? ({} as Props<K>);
  const e = Object.assign(document.createElement(tag), rest);
  if (dataset) Object.assign(e.dataset, dataset);
  if (style) e.setAttribute('style', style);
  if (children.length) setChildren(e, ...children); // else keep what the props set (textContent)
  return e;
}

/** Replaces an element's children, skipping the empty ones (null, undefined, false). */
export function setChildren(e: Element, ...children: Child[]): void {
  e.replaceChildren(...children.filter((c): c is Node | string => c !== null && c !== undefined && c !== false));
}

import { INCIDENT_TYPE_LABELS, IncidentLevel, IncidentType, LEVEL_STYLE } from '@gan119/dispatch';
import { CAPABILITY_LABELS, Capability, UNIT_KINDS, UNIT_STATUS_LABELS, UnitKind, UnitStatus } from '@gan119/resources';
import { REQUEST_KINDS, RequestKind } from '@gan119/interop';
import { lang, t } from './i18n/i18n';
import type { MessageKey } from './i18n/catalogue';

const pick = (l: { zh: string; en: string } | undefined, fallback: string) => (l ? (lang() === 'zh-CN' ? l.zh : l.en) : fallback);

export const typeLabel = (t: string) => pick(INCIDENT_TYPE_LABELS[t as IncidentType], t);
export const levelLabel = (l: number) => pick(LEVEL_STYLE[l as IncidentLevel], String(l));
/** 二级 / L2: for tight lists */
export const levelShort = (l: number) => (lang() === 'zh-CN' ? levelLabel(l).slice(0, 2) : `L${l}`);
export const levelColour = (l: number) => LEVEL_STYLE[l as IncidentLevel]?.colour ?? '#607d8b';
export const statusLabel = (s: string) => pick(UNIT_STATUS_LABELS[s as UnitStatus], s);
export const capabilityLabel = (c: string) => pick(CAPABILITY_LABELS[c as Capability], c);
export const kindLabel = (k: string) => pick(UNIT_KINDS[k as UnitKind], k);
/** what a dispatcher asks of another agency (派救护车 / Send ambulances) */
export const requestKindLabel = (k: string | null) =>
  pick(k ? (REQUEST_KINDS[k as RequestKind] as { zh: string; en: string } | undefined) : undefined, k ?? '');

/** 智赣119 terminals: a device kind, the rule that decided an alarm, its state (unknown ones as they are) */
const maybe = (k: string, fallback: string) => t(k as MessageKey) ?? fallback;
export const iotKind = (k: string) => maybe(`iotKind_${k}`, k);
export const iotRule = (r: string) => maybe(`iotRule_${r}`, r);
export const iotState = (s: string) => maybe(`iotState_${s}`, s);
/** 3 层 / floor 3 */
export const onFloor = (n: number | string) => t('iotOnFloor').replace('{n}', String(n));

/** 4 分 05 秒 / 4 min 05 s */
export function duration(s: number | null | undefined): string {
  if (s === null || s === undefined || !Number.isFinite(s)) return '—';
  const whole = Math.round(s); // round once: 1139.6 s is 19 分 00 秒, never 18 分 60 秒
  const m = Math.floor(whole / 60),
    r = whole % 60;
  return lang() === 'zh-CN' ? `${m} 分 ${String(r).padStart(2, '0')} 秒` : `${m} min ${String(r).padStart(2, '0')} s`;
}

/** How long something has waited, at the scale it is read: 4 分 05 秒, 3 小时 07 分, 2 天 5 小时 (4 min 05 s, 3 h 07 min, 2 d 5 h). */
export function age(s: number): string {
  if (!Number.isFinite(s) || s < 3600) return duration(s);
  const zh = lang() === 'zh-CN';
  const h = Math.floor(s / 3600);
  if (h < 24) {
    const m = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
    return zh ? `${h} 小时 ${m} 分` : `${h} h ${m} min`;
  }
  const d = Math.floor(h / 24);
  return zh ? `${d} 天 ${h % 24} 小时` : `${d} d ${h % 24} h`;
}

export const km = (m: number | null | undefined) => (m === null || m === undefined ? '—' : `${(m / 1000).toFixed(1)} km`);

export function clock(iso: string): string {
  return new Date(iso).toLocaleTimeString(lang(), { hour12: false });
}

const channels = (hex: string): number[] => {
  const m = /^#([0-9a-f]{6})$/i.exec(hex);
  return m ? [0, 2, 4].map((i) => parseInt(m[1].slice(i, i + 2), 16)) : [0, 0, 0];
};
/** Relative luminance (WCAG 2). */
function luminance(hex: string): number {
  const [r, g, b] = channels(hex)
    .map((c) => c / 255)
    .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
/** WCAG contrast ratio of two colours. */
export function contrast(a: string, b: string): number {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}
const DARK = '#212121';

/**
 * Text and background for a coloured chip that read at WCAG AA (4.5:1): white, else near-black on
 * the colour; where neither does (mid blues and reds) the background is darkened until white does.
 */
export function readable(bg: string): { bg: string; fg: string } {
  if (contrast(bg, '#ffffff') >= 4.5) return { bg, fg: '#ffffff' };
  if (contrast(bg, DARK) >= 4.5) return { bg, fg: DARK };
  let c = channels(bg);
  let hex = bg;
  for (let k = 0; k < 20 && contrast(hex, '#ffffff') < 4.5; k++) {
    c = c.map((v) => Math.round(v * 0.92));
    hex = `#${c.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
  }
  return { bg: hex, fg: '#ffffff' };
}

/** A small coloured label, e.g. the level of an incident or the status of a unit. */
export function chip(text: string, colour: string): HTMLSpanElement {
  const s = document.createElement('span');
  s.className = 'chip';
  const { bg, fg } = readable(colour);
  s.style.background = bg;
  s.style.color = fg;
  s.textContent = text;
  return s;
}

/** Builds an element: h('div', { className: 'x' }, 'text', child). */
type Child = Node | string | null | undefined | false;
type Props<K extends keyof HTMLElementTagNameMap> = Omit<Partial<HTMLElementTagNameMap[K]>, 'style' | 'dataset'> & {
  dataset?: Record<string, string>;
  style?: string;
};

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

/** A line of text that is written again in the language chosen later (`again` from the view's onLang). */
export function textLine(el: HTMLElement): { say(text: () => string): void; again(): void } {
  let current = () => el.textContent ?? '';
  return {
    say: (text) => {
      current = text;
      el.textContent = text();
    },
    again: () => {
      el.textContent = current();
    },
  };
}

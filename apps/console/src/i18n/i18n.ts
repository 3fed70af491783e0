import { CATALOGUE, Lang, MessageKey } from './catalogue';

const STORAGE_KEY = 'gan119.lang';
let current: Lang = (localStorage.getItem(STORAGE_KEY) as Lang | null) ?? 'zh-CN';
const listeners: Array<() => void> = [];

export function t(key: MessageKey): string {
  return CATALOGUE[current][key];
}

export function lang(): Lang {
  return current;
}

export function setLang(next: Lang): void {
  current = next;
  localStorage.setItem(STORAGE_KEY, next);
  document.documentElement.lang = next;
  listeners.forEach((l) => l());
}

/** Calls `fn` now and whenever the language changes. */
export function onLang(fn: () => void): void {
  listeners.push(fn);
  fn();
}

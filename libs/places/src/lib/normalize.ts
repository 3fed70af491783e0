import { pinyin } from 'pinyin-pro';

/**
 * A name as the search compares it: full-width folded to half-width (NFKC), lower case, without
 * spaces and punctuation (·、，。-（）() and the like), so "青山湖区 · 阳光花园" and "青山湖区阳光花园" match.
 */
export function normalizeName(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, '');
}

/** Administrative suffixes people leave out when they say a place: 南昌市 → 南昌, 青山湖区 → 青山湖, 进贤县 → 进贤. */
const ADMIN_SUFFIX = /(?:特别行政区|自治州|自治县|新区|地区|市|区|县|镇|乡|街道)$/u;
export function withoutAdminSuffix(name: string): string {
  const bare = name.replace(ADMIN_SUFFIX, '');
  return bare.length >= 2 ? bare : name;
}

/** Pinyin initials of a name (阳光花园 → yghy); letters and digits are kept as they are. */
export function initialsOf(name: string): string {
  const n = normalizeName(name);
  if (!n) return '';
  return pinyin(n, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'consecutive' })
    .join('')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** Whether a query is typed in Latin letters (pinyin initials such as "yghy", or a road's English name). */
export const isLatin = (q: string) => /^[a-z0-9]+$/.test(q);

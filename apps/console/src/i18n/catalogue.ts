import { en } from './en';
import { zhCN } from './zh-CN';

/** The console's one catalogue: Chinese first (zh-CN.ts), English second (en.ts), one key for each string. */
export const CATALOGUE = { 'zh-CN': zhCN, en } as const;
export type Lang = keyof typeof CATALOGUE;
export type MessageKey = keyof typeof zhCN;

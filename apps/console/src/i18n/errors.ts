import { ApiError } from '../api';
import { CATALOGUE, MessageKey } from './catalogue';
import { t } from './i18n';

/** Fills {name} slots from the details the server sent. */
export function fill(template: string, values: Record<string, unknown>): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => (values[k] === undefined || values[k] === null ? '' : String(values[k])));
}

const codeKey = (code: string) => `err_${code}` as MessageKey;
const known = (code: string | null | undefined): code is string => !!code && codeKey(code) in CATALOGUE['zh-CN'];

/**
 * What a person reads for a refusal, in the page's language: the catalogue's sentence for its code
 * (with what it names), else the server's own sentence after a translated lead-in.
 */
export function errorText(e: unknown): string {
  if (e instanceof ApiError || (typeof e === 'object' && e !== null && 'code' in e)) {
    const x = e as { code?: string | null; details?: Record<string, unknown>; message?: string; error?: string };
    if (known(x.code)) return fill(t(codeKey(x.code)), x.details ?? {});
    if (e instanceof ApiError && e.status === 400) return `${t('err_bad_input')}${x.message ?? ''}`;
    return `${t('err_server')}${x.message ?? x.error ?? ''}`;
  }
  return e instanceof Error ? e.message : String(e);
}

import type { ApiErrorBody } from '@gan119/dispatch';
import { refreshSession, session } from './auth';

/** A refusal from the API: its stable code (translated by errorText), the server's own sentence, and what it names. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | null,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

async function failure(res: Response): Promise<ApiError> {
  let msg = `${res.status} ${res.statusText}`;
  let code: string | null = null;
  let details: Record<string, unknown> = {};
  try {
    const body = (await res.json()) as ApiErrorBody;
    if (body.message) msg = Array.isArray(body.message) ? body.message.join('; ') : body.message;
    code = typeof body.error === 'string' ? body.error : null;
    details = body.details ?? {};
  } catch {
    /* not JSON */
  }
  return new ApiError(msg, res.status, code, details);
}

/** A request as the signed-in user (if any); an expired access token is refreshed once and the request sent again. */
async function send(path: string, init: RequestInit): Promise<Response> {
  const withToken = (token: string | undefined): RequestInit => ({
    ...init,
    headers: { ...(init.headers as Record<string, string>), ...(token ? { Authorization: `Bearer ${token}` } : {}) },
  });
  const res = await fetch(path, withToken(session()?.accessToken));
  if (res.status !== 401 || !session()) return res;
  const fresh = await refreshSession();
  return fresh ? fetch(path, withToken(fresh.accessToken)) : res;
}

/** Fetches JSON from the API, throwing with the server's message on a non-2xx answer. */
export async function getJson<T>(path: string): Promise<T> {
  const res = await send(path, { headers: { Accept: 'application/json' } });
  if (!res.ok) throw await failure(res);
  return (await res.json()) as T;
}

/** Posts JSON to the API, throwing with the server's message (which names what is wrong) on a non-2xx answer. */
export async function postJson<T>(path: string, body: unknown): Promise<T> {
  const res = await send(path, { method: 'POST', headers: { Accept: 'application/json', 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw await failure(res);
  return (await res.json()) as T;
}

/** Downloads a file from the API as the signed-in user (a plain link would not carry the token). */
export async function download(path: string, fallbackName: string): Promise<void> {
  const res = await send(path, {});
  if (!res.ok) throw await failure(res);
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await res.blob());
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

import { refreshSession, session } from './auth';

async function failure(res: Response): Promise<Error> {
  let msg = `${res.status} ${res.statusText}`;
  try {
    const body = (await res.json()) as { message?: string | string[] };
    if (body.message) msg = Array.isArray(body.message) ? body.message.join('; ') : body.message;
  } catch {
    /* not JSON */
  }
  return new Error(msg);
}

/** A request as the signed-in user (if any); an expired access token is refreshed once and the request sent again. */
async function send(path: string, init: RequestInit): Promise<Response> {
  const withToken = (token: string | undefined): RequestInit => ({ ...init, headers: { ...(init.headers as Record<string, string>), ...(token ? { Authorization: `Bearer ${token}` } : {}) } });
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

/** The signed-in user of this browser tab (sessionStorage: gone with the tab). */
export type SessionUser = { id: number; username: string; displayName: string; role: string; jurisdiction: number; unitId: number | null };
export type StoredSession = { accessToken: string; refreshToken: string; user: SessionUser };

const KEY = 'gan119.session';

export function session(): StoredSession | null {
  try {
    return JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as StoredSession | null;
  } catch {
    return null;
  }
}

export function saveSession(s: StoredSession | null): void {
  if (s) sessionStorage.setItem(KEY, JSON.stringify(s));
  else sessionStorage.removeItem(KEY);
}

async function post(path: string, body: unknown, token?: string): Promise<Response> {
  return fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
}

/** Signs in; throws with the server's message (wrong password, locked, too many attempts). */
export async function signIn(username: string, password: string): Promise<StoredSession> {
  const res = await post('/api/auth/login', { username, password });
  const body = (await res.json()) as StoredSession & { message?: string | string[] };
  if (!res.ok) throw new Error(Array.isArray(body.message) ? body.message.join('; ') : (body.message ?? res.statusText));
  const s = { accessToken: body.accessToken, refreshToken: body.refreshToken, user: body.user };
  saveSession(s);
  return s;
}

/** A fresh access token from the refresh token (which is replaced); null when the session is over. */
export async function refreshSession(): Promise<StoredSession | null> {
  const s = session();
  if (!s) return null;
  const res = await post('/api/auth/refresh', { refreshToken: s.refreshToken });
  if (!res.ok) {
    saveSession(null);
    return null;
  }
  const body = (await res.json()) as StoredSession;
  const next = { accessToken: body.accessToken, refreshToken: body.refreshToken, user: body.user };
  saveSession(next);
  return next;
}

export async function signOut(): Promise<void> {
  const s = session();
  if (s) await post('/api/auth/logout', {}, s.accessToken).catch(() => undefined);
  saveSession(null);
}
